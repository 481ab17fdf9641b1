"""Tests of the HTML reader's parsing and node-text helpers (indexer/readers/html/tree.py)."""

from __future__ import annotations

import lxml.html
import pytest

from indexer.readers.html.tree import (
    _clean,
    _declared_charset,
    _fold,
    _has_ancestor,
    _has_visible_text,
    _in_comments,
    _marks,
    _parse,
    _text,
)

# libxml2 stops building the tree at depth 255: these pages nest well past it.
DEEP = 300


def body_text(tree) -> str:
    return _clean(tree.body.text_content())


def node(html: str, xpath: str):
    [found] = _parse(html).xpath(xpath)
    return found


# --- the declared charset --------------------------------------------------------------------


def test_a_meta_charset_is_the_declared_charset():
    assert _declared_charset(b'<html><head><meta charset="windows-1251"></head>') == "windows-1251"


def test_an_http_equiv_content_type_declares_the_charset():
    data = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-15"></head>'
    assert _declared_charset(data) == "iso-8859-15"


def test_a_page_that_declares_no_charset_has_none():
    assert _declared_charset(b"<html><head><title>Harbour</title></head><body><p>x</p></body></html>") is None


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x01\x02", "\u00a0\u2003"])
def test_a_page_with_nothing_but_blanks_or_control_characters_parses_to_nothing(text):
    assert _parse(text) is None


def test_a_page_of_only_a_comment_parses_to_nothing():
    assert _parse("<!-- nothing here -->") is None


def test_a_simple_page_parses_with_its_markup():
    tree = _parse('<html><body><section class="story"><p>Harbour reopens</p></section></body></html>')
    assert tree.body.find("section").get("class") == "story"
    assert body_text(tree) == "Harbour reopens"


def test_a_stray_end_tag_does_not_make_an_ordinary_page_count_as_too_deep():
    # libxml2 logs "Unexpected end tag": only its depth error may trigger the flattening.
    tree = _parse('<html><body><section class="story"><p>Harbour reopens</p></span></section></body></html>')
    assert tree.body.find("section").get("class") == "story"


def test_the_xml_declaration_is_not_read_as_text():
    tree = _parse('<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>Harbour reopens</p></body></html>')
    assert body_text(tree) == "Harbour reopens"


def test_characters_xml_forbids_are_dropped():
    tree = _parse("<html><body><p>Harb\x00our re\x01op\x0bens</p></body></html>")
    assert body_text(tree) == "Harbour reopens"


def test_comments_are_left_out_of_the_tree():
    p = node("<html><body><p>Harbour <!-- editor: check this -->reopens</p></body></html>", "//p")
    assert len(p) == 0
    assert p.text == "Harbour reopens"


def test_a_lone_surrogate_left_by_decoding_does_not_stop_the_parse():
    tree = _parse("<html><body><p>Harbour \udc80 reopens</p></body></html>")
    text = body_text(tree)
    assert text.startswith("Harbour ")
    assert text.endswith(" reopens")


def test_the_page_text_is_read_as_the_unicode_it_is_whatever_the_page_declares():
    # The text is already decoded: a leftover declaration must not make libxml2 decode it again.
    html = '<html><head><meta charset="windows-1251"></head><body><p>Съвет café</p></body></html>'
    assert body_text(_parse(html)) == "Съвет café"


def test_a_page_nested_past_the_parser_limit_keeps_its_headline_and_meta():
    html = ('<html><head><title>Harbour reopens</title><meta name="description" content="The sea wall is mended">'
            "</head><body>" + "<div>" * DEEP + "<h1>Harbour reopens</h1><p>The first ferries left on time.</p>"
            + "</div>" * DEEP + "</body></html>")
    tree = _parse(html)
    assert tree.findtext(".//h1") == "Harbour reopens"
    assert tree.findtext(".//p") == "The first ferries left on time."
    assert tree.find(".//meta[@name='description']").get("content") == "The sea wall is mended"


def test_flattening_a_too_deep_page_keeps_words_of_adjacent_blocks_apart():
    html = "<html><body>" + "<div>" * DEEP + "<div>Harbour</div><div>reopens</div>" + "</div>" * DEEP + "</body></html>"
    assert "Harbour reopens" in body_text(_parse(html))


def test_a_page_still_too_deep_once_flattened_keeps_its_title_and_paragraphs():
    # blockquote survives the first flattening, so a page nested in blockquotes needs the second.
    html = ("<html><head><title>Harbour reopens</title></head><body>" + "<blockquote>" * DEEP
            + "<p>The first ferries left on time.</p><blockquote>Full</blockquote><blockquote>decks</blockquote>"
            + "</blockquote>" * DEEP + "</body></html>")
    tree = _parse(html)
    assert tree.findtext(".//title") == "Harbour reopens"
    assert tree.findtext(".//p") == "The first ferries left on time."
    assert "Full decks" in _clean(tree.text_content())


# --- visible text ------------------------------------------------------------------------------


def test_a_page_with_a_paragraph_has_visible_text():
    assert _has_visible_text(_parse("<html><body><script>x()</script><p>Harbour reopens</p></body></html>")) is True


def test_scripts_styles_noscript_and_templates_are_not_visible_text():
    html = ("<html><head><title>Harbour</title></head><body><script>var a = 1;</script><style>p{}</style>"
            "<noscript>Enable JavaScript</noscript><template><p>Later</p></template><p> </p></body></html>")
    assert _has_visible_text(_parse(html)) is False


# --- ancestors ---------------------------------------------------------------------------------


def test_a_node_inside_a_nav_two_levels_up_has_a_nav_ancestor():
    p = node("<html><body><nav><div><p>Home</p></div></nav></body></html>", "//p")
    assert _has_ancestor(p, ("nav", "footer")) is True


def test_a_node_with_no_such_ancestor_has_none():
    p = node("<html><body><article><div><p>Harbour reopens</p></div></article></body></html>", "//p")
    assert _has_ancestor(p, ("nav", "footer")) is False


def test_a_node_is_not_its_own_ancestor():
    nav = node("<html><body><nav><p>Home</p></nav></body></html>", "//nav")
    assert _has_ancestor(nav, ("nav",)) is False


# --- node text ---------------------------------------------------------------------------------


def test_node_text_is_the_text_of_its_descendants_with_spaces_collapsed():
    p = node("<html><body><p>  Harbour\n\t<b>reopens</b>   after   <i>repairs</i> </p></body></html>", "//p")
    assert _text(p) == "Harbour reopens after repairs"


def test_a_line_break_inside_a_node_is_read_as_the_space_it_shows():
    h1 = node("<html><body><h1>Harbour Guide (US)<br>Your Guide to <b>the<br/>quay</b></h1></body></html>", "//h1")
    assert _text(h1) == "Harbour Guide (US) Your Guide to the quay"


def test_the_text_of_no_node_is_empty():
    assert _text(None) == ""


def test_clean_collapses_whitespace_and_composes_accents():
    assert _clean("  Cafe\u0301 \u00a0on\n\nthe   quay ") == "Caf\u00e9 on the quay"


@pytest.mark.parametrize("value", [None, 3, ["Harbour"]])
def test_clean_of_something_not_a_string_is_empty(value):
    assert _clean(value) == ""


# --- comment and sidebar sections --------------------------------------------------------------


def test_marks_are_the_class_and_the_id():
    div = node('<html><body><div class="box wide" id="main">x</div></body></html>', "//div")
    assert _marks(div) == "box wide main"


@pytest.mark.parametrize(
    "container",
    ['<div class="comments">', '<div id="disqus_thread">', '<section class="Responses">', '<aside class="sidebar">',
     '<div class="related-stories">', '<div id="reply-box">', '<div class="widget">'],
)
def test_a_node_inside_a_comment_or_sidebar_section_is_in_comments(container):
    tag = container[1:container.index(" ")]
    p = node(f"<html><body>{container}<div><p>Great article!</p></div></{tag}></body></html>", "//p")
    assert _in_comments(p) is True


def test_a_node_whose_own_class_marks_a_comment_is_in_comments():
    p = node('<html><body><p class="comment-text">Great article!</p></body></html>', "//p")
    assert _in_comments(p) is True


def test_a_node_of_the_article_is_not_in_comments():
    p = node('<html><body><article class="story" id="main"><p>Harbour reopens</p></article></body></html>', "//p")
    assert _in_comments(p) is False


@pytest.mark.parametrize("attrs", [' class="responsive has-sidebar comments-open"', ' id="related"'])
def test_the_pages_body_and_html_classes_put_nothing_in_comments(attrs):
    p = node(f'<html{attrs}><body{attrs}><article><p>Harbour reopens</p></article></body></html>', "//p")
    assert _in_comments(p) is False


@pytest.mark.parametrize(("marks", "inside"), [
    ('class="responsive-grid"', False), ('id="respond"', True), ('class="responses"', True),
])
def test_respond_and_responses_mark_replies_and_responsive_does_not(marks, inside):
    p = node(f"<html><body><div {marks}><p>Harbour reopens</p></div></body></html>", "//p")
    assert _in_comments(p) is inside


@pytest.mark.parametrize(("marks", "inside"), [
    ('class="elementor-widget-container"', False), ('class="newspaper-x-sidebar primary"', False),
    ('class="content-sidebar-wrap"', False), ('class="box sidebar-left"', True), ('class="widget_recent"', True),
    ('class="jp-relatedposts"', True), ('class="post-comments"', True),
])
def test_sidebar_and_widget_mark_a_box_only_when_they_open_a_class_name(marks, inside):
    p = node(f"<html><body><div {marks}><p>Harbour reopens</p></div></body></html>", "//p")
    assert _in_comments(p) is inside


def test_a_detached_element_without_marks_is_not_in_comments():
    assert _in_comments(lxml.html.fromstring("<p>Harbour reopens</p>")) is False


# --- matching keys ------------------------------------------------------------------------------


def test_the_matching_key_is_folded_with_spaces_collapsed():
    assert _fold("  Łukasz   O\u2019Neill\nWins ") == "lukasz o'neill wins"


def test_the_matching_key_of_nothing_is_empty():
    assert _fold(None) == ""
    assert _fold("") == ""
