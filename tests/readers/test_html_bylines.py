"""Tests of dates and authors read off the page itself: ``<time>``, bylines, the URL, author-name cleaning."""

from __future__ import annotations

import pytest

from indexer.readers.html.bylines import (
    _author_meta,
    _byline_author,
    _byline_date,
    _byline_nodes,
    _clean_author,
    _join_names,
    _pieces,
    _time_element_date,
    _url_date,
)
from indexer.readers.html.tree import _parse


def tree_of(body: str):
    return _parse(f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>")


def first_node(body: str):
    return tree_of(body).xpath("//body/*")[0]


def author_of(body: str) -> str:
    tree = tree_of(body)
    return _byline_author(tree, _byline_nodes(tree))


# --- <time> elements ---------------------------------------------------------------------------


def test_a_time_elements_datetime_attribute_is_the_date():
    tree = tree_of('<p>Posted <time datetime="2021-03-14T08:30">Sunday morning</time></p>')
    assert _time_element_date(tree) == "2021-03-14T08:30"


def test_a_time_element_without_datetime_gives_its_text():
    assert _time_element_date(tree_of("<p><time>14 March 2021</time></p>")) == "14 March 2021"


def test_a_page_without_time_elements_gives_no_date():
    assert _time_element_date(tree_of("<p>No date here.</p>")) is None


def test_an_empty_time_element_is_passed_over_for_the_next():
    tree = tree_of('<p><time></time> and <time datetime="2021-03-14">Sunday</time></p>')
    assert _time_element_date(tree) == "2021-03-14"


def test_a_time_in_the_comments_is_not_the_pages_date():
    tree = tree_of('<div class="comments"><p>Reply <time datetime="2022-01-01" class="published">x</time></p></div>'
                   '<p><time datetime="2021-03-14">Sunday</time></p>')
    assert _time_element_date(tree) == "2021-03-14"



@pytest.mark.parametrize("marked", [
    '<time pubdate datetime="2021-03-14">Sunday</time>',
    '<time class="entry-published" datetime="2021-03-14">Sunday</time>',
    '<time itemprop="datePublished" datetime="2021-03-14">Sunday</time>',
    '<time id="created-at" datetime="2021-03-14">Sunday</time>',
])
def test_a_time_marked_as_the_publication_beats_an_earlier_plain_one(marked):
    tree = tree_of(f'<p>Event on <time datetime="2030-06-01">June 1</time></p><p>Posted {marked}</p>')
    assert _time_element_date(tree) == "2021-03-14"


@pytest.mark.parametrize("mark", ['class="updated"', 'class="date-modified"', 'itemprop="dateModified"'])
def test_a_time_marked_as_the_last_update_is_not_taken_for_the_publication(mark):
    tree = tree_of(f'<p>Updated <time {mark} datetime="2022-05-05">May 5</time></p>'
                   '<p>Posted <time datetime="2021-03-14">Sunday</time></p>')
    assert _time_element_date(tree) == "2021-03-14"


def test_only_an_update_time_gives_no_date():
    assert _time_element_date(tree_of('<p><time class="updated" datetime="2022-05-05">May 5</time></p>')) is None


def test_the_first_plain_time_is_kept_when_none_is_marked():
    tree = tree_of('<p><time datetime="2021-03-14">a</time> <time datetime="2021-04-01">b</time></p>')
    assert _time_element_date(tree) == "2021-03-14"


@pytest.mark.parametrize("element", [
    '<meta itemprop="datePublished" content="2021-03-14">',
    '<span itemprop="datePublished" content="2021-03-14">Sunday</span>',
    '<span itemprop="datePublished" datetime="2021-03-14">Sunday</span>',
    '<span itemprop="datePublished">2021-03-14</span>',
])
def test_an_itemprop_date_published_element_beats_a_plain_time(element):
    tree = tree_of(f'<p>Event on <time datetime="2030-06-01">June 1</time></p><div>{element}</div>')
    assert _time_element_date(tree) == "2021-03-14"


def test_an_empty_itemprop_date_published_leaves_the_plain_time():
    tree = tree_of('<p><time datetime="2021-03-14">Sunday</time></p><span itemprop="datePublished"></span>')
    assert _time_element_date(tree) == "2021-03-14"


# --- byline nodes and their dates --------------------------------------------------------------


def test_byline_nodes_are_found_by_class_or_id_tokens():
    tree = tree_of('<p class="byline">By Jane Doe</p><span id="post-date">14 March 2021</span>'
                   '<div class="entry-meta">x</div><p>Body text.</p>')
    assert [node.text_content() for node in _byline_nodes(tree)] == ["By Jane Doe", "14 March 2021", "x"]


@pytest.mark.parametrize("mark", ["candidate", "authorbox", "metadata", "updated"])
def test_a_byline_word_inside_another_word_does_not_mark_a_byline(mark):
    assert _byline_nodes(tree_of(f'<div class="{mark}">Jane Doe</div>')) == []


@pytest.mark.parametrize("element", [
    '<article class="post author-jane">Text</article>',
    '<main class="entry-meta">Text</main>',
    '<script class="author-data">var a = 1;</script>',
    '<style id="timestamp">p {}</style>',
    '<img class="author-avatar" src="a.png">',
])
def test_containers_scripts_and_images_are_not_bylines(element):
    tree = tree_of(element + '<span class="byline">By Jane Doe</span>')
    assert [node.tag for node in _byline_nodes(tree)] == ["span"]


def test_a_comment_authors_byline_is_not_a_byline_of_the_page():
    tree = tree_of('<div id="comments"><span class="comment-author">Pat</span></div>'
                   '<span class="author">Jane Doe</span>')
    assert [node.text_content() for node in _byline_nodes(tree)] == ["Jane Doe"]


def test_the_byline_date_is_the_first_byline_that_holds_a_date():
    tree = tree_of('<p class="byline">By Jane Doe</p><p class="dateline">Published 14 March 2021</p>')
    assert _byline_date(_byline_nodes(tree)) == "Published 14 March 2021"


def test_no_byline_with_a_date_gives_no_date():
    assert _byline_date(_byline_nodes(tree_of('<p class="byline">By Jane Doe</p>'))) is None


def test_a_byline_date_text_may_be_up_to_200_characters():
    text = "Published 14 March 2021 " + "x" * (200 - 24)
    assert len(text) == 200
    assert _byline_date([first_node(f'<p class="dateline">{text}</p>')]) == text


def test_a_byline_longer_than_200_characters_is_text_not_a_dateline():
    text = "Published 14 March 2021 " + "x" * (201 - 24)
    assert _byline_date([first_node(f'<p class="dateline">{text}</p>')]) is None


# --- dates in the address ----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://news.example.org/2021/03/14/harbour-bridge",
                                 "https://news.example.org/world/2021-03-14-harbour-bridge",
                                 "https://news.example.org/2021/03/14"])
def test_a_date_in_the_url_path_is_found(url):
    assert _url_date(url) == "2021-03-14"


@pytest.mark.parametrize("url", ["", "https://news.example.org/harbour-bridge", "https://2021.example.org/a"])
def test_an_address_without_a_dated_path_gives_no_date(url):
    assert _url_date(url) is None


# --- author names -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Lena Brandt |", "Lena Brandt,", "- Lena Brandt", "Lena Brandt | Staff writer",
                                   "Lena Brandt · 5 min read",
                                   "Lena Brandt, updated 14 March", "Lena Brandt - FullStack Editorial Team",
                                   '"Lena Brandt"', "“Lena Brandt”"])
def test_the_name_is_cut_from_what_follows_it_and_trimmed(value):
    assert _clean_author(value) == "Lena Brandt"


def test_a_hyphen_inside_a_name_is_part_of_it():
    assert _clean_author("Lena Brandt-Moreau") == "Lena Brandt-Moreau"


@pytest.mark.parametrize("value", ["Author", "Authors", "By", "Contributor", "Contributors", "About the author",
                                   "Posted", "Share", "More", "admin", "Administrator", "Anonymous", "Unknown",
                                   "None", "null"])
def test_placeholder_words_are_not_names(value):
    assert _clean_author(value) == ""


@pytest.mark.parametrize("value", ["jane@example.org", "https://example.org/jane", "www.example.org",
                                   "Jane Doe 2021", "Updated Jane", "Published Jane", ""])
def test_addresses_numbers_and_date_words_are_not_names(value):
    assert _clean_author(value) == ""


def test_a_name_of_eighty_characters_is_kept_and_longer_is_not():
    name = "Maximiliane Alexandra Featherstonehaugh-Wolkenstein von Trostburg-Hohenbergen Jr"
    assert len(name) == 80 and len(name.split()) <= 10
    assert _clean_author(name) == name
    assert _clean_author(name + "x") == ""


def test_a_name_of_ten_words_is_kept_and_eleven_is_not():
    ten = "Ana Bo Cy Di Ed Fa Gu Hi Io Jo"
    assert _clean_author(ten) == ten
    assert _clean_author(ten + " Ka") == ""


def test_author_meta_drops_addresses_and_cleans_names():
    assert _author_meta("https://www.facebook.com/lena.brandt") == ""
    assert _author_meta("www.example.org/lena") == ""
    assert _author_meta("  By   Lena Brandt ") == "Lena Brandt"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_an_absent_author_meta_gives_an_empty_name(value):
    assert _author_meta(value) == ""


def test_join_names_takes_one_name_or_a_list_and_drops_repeats_and_non_names():
    assert _join_names("Ana Okafor") == "Ana Okafor"
    assert _join_names(["Ana Okafor", "By Ana Okafor", {"name": "x"}, None, "admin", "Lena Brandt"]) == (
        "Ana Okafor, Lena Brandt")
    assert _join_names([]) == ""


def test_pieces_keep_a_bylines_elements_apart():
    node = first_node('<div class="byline"><span>Mateusz Haberny</span> <span>Founder at Oakywood</span></div>')
    assert _pieces(node) == "Mateusz Haberny | Founder at Oakywood"


# --- authors from bylines -----------------------------------------------------------------------


def test_a_rel_author_link_gives_the_author():
    assert author_of('<p>Story <a rel="author" href="/u/jd">Jane Doe</a></p>') == "Jane Doe"


def test_a_rel_author_link_in_the_comments_is_a_commenter():
    body = '<div class="comments"><a rel="author" href="/u/pat">Pat Smith</a></div><a rel="author">Jane Doe</a>'
    assert author_of(body) == "Jane Doe"


def test_the_itemprop_name_inside_an_itemprop_author_is_the_name():
    body = ('<div itemprop="author"><span itemprop="jobTitle">Staff reporter</span> '
            '<span itemprop="name">Jane Doe</span></div>')
    assert author_of(body) == "Jane Doe"


def test_a_rel_author_with_a_placeholder_is_passed_over():
    assert author_of('<a rel="author" href="/u/1">admin</a><a rel="author" href="/u/2">Jane Doe</a>') == "Jane Doe"


@pytest.mark.parametrize("href", ["/author/jane-doe", "/authors/jane-doe", "/profile/jane-doe", "/by/jane-doe"])
def test_a_byline_link_to_an_author_page_gives_the_author(href):
    assert author_of(f'<div class="byline">Story and photos: <a href="{href}">Jane Doe</a> 14 March</div>') == (
        "Jane Doe")


def test_every_author_linked_in_a_byline_is_named_once():
    body = ('<div class="byline"><a href="/author/ana"><img src="a.png"></a>By <a href="/author/ana">Ana Okafor</a>'
            ' and <a href="/author/lena">Lena Brandt</a> <a href="/author/ana">Ana Okafor</a></div>')
    assert author_of(body) == "Ana Okafor, Lena Brandt"


def test_a_byline_without_links_gives_the_name_after_by():
    assert author_of('<p class="byline">Story and photos by Jane Doe</p>') == "Jane Doe"


def test_a_byline_with_a_name_alone_gives_it():
    assert author_of('<span class="author-name">Maria de la Cruz Fernandez</span>') == "Maria de la Cruz Fernandez"


def test_a_byline_sentence_without_by_is_a_biography_not_a_name():
    body = ('<div class="author-bio">Jane Doe is our coast reporter</div>'
            '<span class="author-name">Jane Doe</span>')
    assert author_of(body) == "Jane Doe"


def test_a_byline_with_a_name_and_a_date_gives_the_name():
    body = '<div class="byline">By <a href="/staff/jane">Jane Doe</a> <span>March 14, 2021</span></div>'
    assert author_of(body) == "Jane Doe"


def test_a_placeholder_byline_is_passed_over_for_the_next():
    assert author_of('<span class="author">admin</span><span class="posted-by">Jane Doe</span>') == "Jane Doe"


def test_a_dateline_or_date_line_is_not_an_author():
    assert author_of('<span class="dateline">LONDON</span><span class="entry-date">Sunday</span>') == ""


def test_a_page_without_a_byline_has_no_author():
    assert author_of("<p>Just text.</p>") == ""


# --- a link to the author's page, without byline markup ---------------------------------------


@pytest.mark.parametrize("href", ["/authors/emily-walker/", "https://a.example/author/emily-walker",
                                  "/people/emily-walker-2", "/staff/emilywalker/", "/contributors/Emily-Walker",
                                  "/blog/author/emily-walker.html"])
def test_a_link_to_a_page_whose_address_spells_its_name_is_the_author(href):
    assert author_of(f'<h1>Solar panels</h1><p>Written by <a href="{href}">Emily Walker</a></p>') == "Emily Walker"


@pytest.mark.parametrize("link", [
    '<a href="/authors/">Emily Walker</a>',  # no page of a person
    '<a href="/authors/emily-walker/">More stories</a>',  # the text is not the name
    '<a href="/authors/jane-doe/">Emily Walker</a>',  # another person's page
    '<a href="/topics/emily-walker/">Emily Walker</a>',  # not an author's page
    '<a href="/authors/emily-walker/x">Emily Walker</a>',  # a page under it
    '<a href="/authors/emily-walker/">admin</a>',  # a placeholder
])
def test_a_link_that_is_not_a_named_authors_page_gives_no_author(link):
    assert author_of(f"<h1>Solar panels</h1><p>{link}</p>") == ""


def test_an_accented_name_meets_its_address_written_without_accents():
    body = '<h1>Solar panels</h1><p><a href="/authors/jose-garcia-nunez/">José García Núñez</a></p>'
    assert author_of(body) == "José García Núñez"


def test_the_first_author_link_after_the_headline_wins_over_one_before_it():
    body = ('<nav><a href="/authors/ann-lee">Ann Lee</a></nav><h1>Solar panels</h1>'
            '<p>By <a href="/authors/emily-walker">Emily Walker</a></p>'
            '<aside><a href="/authors/bo-chan">Bo Chan</a></aside>')
    assert author_of(body) == "Emily Walker"
    assert author_of('<nav><a href="/authors/ann-lee">Ann Lee</a></nav><h1>Solar panels</h1>') == "Ann Lee"
    assert author_of('<p><a href="/authors/ann-lee">Ann Lee</a></p>') == "Ann Lee"  # no headline


def test_an_author_link_in_the_comments_is_a_commenter():
    body = '<h1>Solar panels</h1><div class="comments"><a href="/authors/ann-lee">Ann Lee</a></div>'
    assert author_of(body) == ""


def test_marked_bylines_win_over_a_plain_author_link():
    body = '<h1>Solar panels</h1><p><a href="/authors/ann-lee">Ann Lee</a></p><span class="byline">By Bo Chan</span>'
    assert author_of(body) == "Bo Chan"


# --- "Written by" without byline markup --------------------------------------------------------


@pytest.mark.parametrize("body", [
    "<h3>Written by Cassidy Horton</h3>",
    "<p>By Cassidy Horton</p>",
    "<p>WRITTEN BY Cassidy Horton</p>",
    "<div><p>Written by</p><p>Cassidy Horton</p></div>",  # the name in the element after
    "<p>By <!-- -->Cassidy Horton</p>",
    "<p>Written by <strong>Cassidy Horton</strong><span>Casey McDevitt</span></p>",  # one piece: one name
    "<p>Written by <strong>Cassidy Horton</strong> | Finance writer</p>",
])
def test_an_element_that_says_written_by_a_name_gives_the_author(body):
    assert author_of(f"<h1>Saving habits</h1>{body}<p>{'Words of the story. ' * 20}</p>") == "Cassidy Horton"


@pytest.mark.parametrize("body", [
    "<p>By the river, the town grew.</p>",  # no name after by
    "<p>Written by</p><p>the editors of this site and their friends</p>",
    "<p>Made by Cassidy Horton</p>",  # not a byline's words
    "<p>By Cassidy Horton " + "and many more words " * 12 + "</p>",  # a paragraph, not a byline
    '<div class="comments"><p>By Cassidy Horton</p></div>',  # a commenter
    '<div class="related-posts"><p>By Cassidy Horton</p></div>',  # another story's byline
    "<p>Written by</p>",  # nothing after it
])
def test_text_that_is_no_byline_of_the_page_gives_no_author(body):
    assert author_of(f"<h1>Saving habits</h1>{body}") == ""


def test_the_unmarked_byline_after_the_headline_wins_over_one_before_it_and_an_author_link():
    body = ('<p>By Ann Lee</p><h1>Saving habits</h1><p><a href="/authors/bo-chan">Bo Chan</a></p>'
            '<p>By Cassidy Horton</p>')
    assert author_of(body) == "Cassidy Horton"
    assert author_of('<div class="sidebar"><p>Written by Cassidy Horton</p></div>') == "Cassidy Horton"
    assert author_of('<div class="responsive-box"><p>Written by Cassidy Horton</p></div>') == "Cassidy Horton"


# --- author boxes and counts ------------------------------------------------------------------


def test_an_author_box_gives_the_name_it_starts_with():
    box = ('<div class="author-box"><div>Lauren Vetter</div><p>Lauren Vetter is a marketing professional who '
           'writes about healthcare technology.</p></div>')
    assert author_of(box) == "Lauren Vetter"
    # a box that starts with other words than a name gives none
    assert author_of(box.replace("<div>Lauren Vetter</div>", "<div>Thanks for reading our blog</div>")) == ""


@pytest.mark.parametrize("value", ["10", "4.5", "12 34"])
def test_a_number_is_not_a_name(value):
    assert _clean_author(value) == ""
