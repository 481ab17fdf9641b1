"""Tests of the HTML reader's page kinds: which pages are error pages or listings rather than articles."""

from __future__ import annotations

import pytest

from indexer.readers.html.page_kind import _page_kind_reason
from indexer.readers.html.tree import _parse

# One paragraph of running text, comfortably over the 300 characters an undated article needs.
ARTICLE = (
    "<p>The harbour reopened on Monday after a week of repairs to the sea wall, and the first ferries left on "
    "time with full decks of cars, lorries and foot passengers bound for the islands. The council said the "
    "work had cost less than feared and that the new wall should hold against the winter storms for decades, "
    "though the fishing fleet asked for a second slipway before the season starts.</p>"
)


def meta(**fields) -> dict:
    """What ``_metadata`` says of an undated page with no article markup, with ``fields`` changed."""
    return {"title": "Harbour reopens", "url": "", "is_article_ld": False, "has_published_meta": False,
            "ld_types": set(), "og_type": "", "date_is_explicit": False, **fields}


def tree_of(body: str = ARTICLE, body_attrs: str = ""):
    return _parse(f"<!DOCTYPE html><html><head><title>x</title></head><body{body_attrs}>{body}</body></html>")


def reason(body: str = ARTICLE, body_attrs: str = "", **fields) -> str:
    return _page_kind_reason(tree_of(body, body_attrs), meta(**fields))


def test_an_undated_page_of_running_text_may_be_an_article():
    assert reason() == ""


# --- error pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["404", "404 - Page not found", "Page Not Found | Courier", "Error 500",
                                   "410 Gone", "500 Internal Server Error", "Sorry, this page was not found",
                                   "Not Found", "Oops! 404 error"])
def test_an_error_title_marks_an_error_page_even_with_article_markup(title):
    found = reason(title=title, is_article_ld=True, has_published_meta=True)
    assert found.startswith("not an article: error page")


def test_an_error404_body_class_marks_an_error_page():
    assert reason(body_attrs=' class="error404 wp-theme"').startswith("not an article: error page")


@pytest.mark.parametrize("title", ["Flight 404 lands safely; missing bag not found", "Route 500 reopens"])
def test_a_headline_that_merely_mentions_404_is_not_an_error_page(title):
    assert reason(title=title) == ""


# --- article markup ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fields", [{"is_article_ld": True}, {"has_published_meta": True}])
def test_article_markup_or_a_published_date_meta_outweighs_every_listing_sign_but_a_list_type(fields):
    found = reason("<p>Short.</p>", ' class="home"', url="https://news.example.org/", **fields)
    assert found == ""


def test_a_list_type_outweighs_a_published_date_meta_but_not_article_markup():
    # a section front carries its teasers' dates; article markup is the page's own word
    assert reason(ld_types={"collectionpage"}, has_published_meta=True) == \
        "not an article: front page or list of links (schema.org collectionpage)"
    assert reason(ld_types={"collectionpage", "newsarticle"}, is_article_ld=True, has_published_meta=True) == ""


# --- home page addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://news.example.org", "https://news.example.org/", "http://news.example.org/",
                                 "https://news.example.org/index.html", "https://news.example.org/index.htm",
                                 "https://news.example.org/index.php", "https://news.example.org/home/",
                                 "https://news.example.org/en/", "https://news.example.org/news"])
def test_the_sites_home_address_is_a_listing(url):
    assert reason(url=url) == "not an article: front page or list of links (its address is the site's home page)"


@pytest.mark.parametrize("url", ["https://news.example.org/news/harbour-reopens", "https://news.example.org/en/harbour",
                                 "/", "index.html", "news"])
def test_an_article_address_or_a_relative_one_is_not_a_home_page(url):
    assert reason(url=url) == ""


# --- body classes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("classes", ["home", "archive", "category", "tag", "search", "search-results", "paged",
                                     "blog paged-2 archive"])
def test_a_body_class_of_an_index_page_marks_a_listing(classes):
    found = reason(body_attrs=f' class="{classes}"')
    assert found.startswith("not an article: front page or list of links (the page marks itself")


@pytest.mark.parametrize("single", ["single", "singular", "single-post", "postid-123"])
def test_a_single_post_class_outweighs_an_index_class(single):
    assert reason(body_attrs=f' class="home {single}"') == ""


@pytest.mark.parametrize("classes", ["category-news tag-harbour", "homepage-banner", "page-template-archive-x"])
def test_class_names_that_only_contain_an_index_word_are_not_index_classes(classes):
    assert reason(body_attrs=f' class="{classes}"') == ""


# --- schema.org types ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["collectionpage", "itemlist", "searchresultspage", "profilepage"])
def test_a_schema_org_list_type_marks_a_listing(kind):
    found = reason(ld_types={kind, "website"})
    assert found == f"not an article: front page or list of links (schema.org {kind})"


@pytest.mark.parametrize("fields", [{"ld_types": {"itemlist", "newsarticle"}, "is_article_ld": True},
                                    {"ld_types": {"website", "breadcrumblist"}}])
def test_a_list_type_beside_an_article_type_is_not_a_listing(fields):
    assert reason(**fields) == ""


def test_a_list_type_outweighs_an_opengraph_article_type():
    # many CMSs give every page og:type "article", section fronts included
    assert reason(ld_types={"itemlist"}, og_type="article") == \
        "not an article: front page or list of links (schema.org itemlist)"


def test_an_opengraph_product_group_marks_a_shop_page():
    assert reason(og_type="product.group", has_published_meta=True) == \
        "not an article: front page or list of links (Open Graph type product.group)"


@pytest.mark.parametrize("button", [
    "<button>Add to cart</button>", "<a href='/cart?add=1'>\n  Add to Bag\n</a>", "<button>+ Quick View</button>",
    "<input type='submit' value='Add to basket'>", "<button><span>QUICK SHOP</span></button>",
])
def test_three_buy_buttons_mark_a_shops_list_of_products_even_on_a_dated_article_page(button):
    page = ARTICLE + "".join(f"<div class='tile'><p>Kayak {n}</p>{button}</div>" for n in range(3))
    assert reason(page, date_is_explicit=True, og_type="article", has_published_meta=True) == \
        "not an article: front page or list of links (a shop's list: 3 add-to-cart buttons)"


@pytest.mark.parametrize("buttons", [
    "<button>Add to cart</button>" * 2,  # an article's product or two
    "<p>Add to cart</p>" * 3,  # not buttons
    "<button>Add to cart and save 20% on every kayak this week</button>" * 3,  # not a button's label
    "<button>Add to wishlist</button>" * 3,
    "<input type='submit'>" * 3,  # no label at all
])
def test_fewer_or_other_buttons_leave_the_page_an_article(buttons):
    assert reason(ARTICLE + buttons) == ""


# --- running text -------------------------------------------------------------------------------------

STUB = "<h1>Harbour</h1><p>Coming soon.</p>"


@pytest.mark.parametrize("fields", [{"date_is_explicit": True}, {"og_type": "article"}])
def test_a_dated_or_opengraph_article_page_is_not_judged_by_its_text(fields):
    assert reason(STUB, **fields) == ""


def test_a_page_with_little_running_text_is_a_listing():
    assert reason(STUB).startswith("not an article: front page or list of links (no date, 0 characters")


def paragraph(length: int) -> str:
    """One running text of ``length`` characters, in words."""
    words = ("harbour " * (length // 8 + 1))[:length].rstrip()
    words = words + "x" * (length - len(words))
    assert len(words) == length
    return f"<p>{words}</p>"


def links(count: int, heading: str = "") -> str:
    """``count`` content links (headline-long texts), inside ``heading`` elements if given."""
    items = [f'<a href="/story/{i}">Fishing fleet returns early, story {i:02d}</a>' for i in range(count)]
    if heading:
        items = [f"<{heading}>{item}</{heading}>" for item in items]
    return "".join(f"<div>{item}</div>" for item in items)


def test_three_hundred_characters_of_running_text_are_enough_without_links():
    assert reason(paragraph(300)) == ""
    assert "no date, 299 characters of running text beside 0 links" in reason(paragraph(299))


def test_running_text_is_counted_with_its_spaces_collapsed():
    text = "<p>" + "harbour  " * 34 + "</p>"  # 34 words: 305 characters as written, 271 collapsed
    assert "271 characters" in reason(text)


def test_running_text_needs_45_characters_per_link_plus_one():
    # 10 links: at least 45 * 11 = 495 characters.
    assert reason(paragraph(495) + links(10)) == ""
    assert reason(paragraph(494) + links(10)).endswith("(no date, 494 characters of running text beside 10 links)")


def test_four_teaser_headings_raise_the_text_needed_to_120_characters_per_link():
    # 4 teasers in <h3>: 120 * 5 = 600 characters; three teasers keep the 45 a link (225).
    assert reason(paragraph(600) + links(4, "h3")) == ""
    assert "beside 4 links" in reason(paragraph(599) + links(4, "h3"))
    assert reason(paragraph(400) + links(3, "h2")) == ""
    assert "beside 5 links" in reason(paragraph(719) + links(5, "h4"))


def test_links_in_menus_and_short_links_are_not_content_links():
    chrome = "".join(f"<nav>{links(10)}</nav><header>{links(10)}</header><footer>{links(10)}</footer>")
    short = "".join(f'<a href="/s/{i}">Short link {i}</a>' for i in range(30))
    assert reason(paragraph(300) + chrome + short) == ""


def test_long_texts_in_links_forms_and_asides_are_not_running_text():
    long = "harbour " * 40
    furniture = (f'<a href="/x">{long}</a><script>var x = "{long}";</script><aside>{long}</aside>'
                 f"<form>{long}</form><button>{long}</button><nav>{long}</nav><footer>{long}</footer>")
    assert "no date, 0 characters of running text" in reason(furniture)


# --- repeated teasers -----------------------------------------------------------------------------

LISTING_BY_TEASERS = "not an article: front page or list of links (12 repeated teasers hold"


def teasers(count: int = 12, standfirst: str = "Boats came back a week before the storm, the harbour master said.",
            tag: str = "div") -> str:
    """``count`` story teasers in a row: a headline link and a standfirst (102 characters each)."""
    return "".join(f'<{tag} class="card"><a href="/story/{i}">Fishing fleet returns early, story {i:02d}</a>'
                   f"<p>{standfirst}</p></{tag}>" for i in range(count))


def test_teasers_holding_most_of_an_undated_page_mark_a_listing_its_running_text_would_not():
    # 600 characters of running text pass the running-text test (45 * 13 = 585); the teasers hold 67%
    assert reason(paragraph(600) + teasers()).startswith(LISTING_BY_TEASERS + " 67% of its text")


@pytest.mark.parametrize("fields", [{"date_is_explicit": True}, {"og_type": "article"}, {"has_published_meta": True}])
def test_teasers_holding_70_percent_of_a_dated_page_with_little_text_of_its_own_mark_a_listing(fields):
    # a section front carries its teasers' dates
    assert reason(paragraph(200) + teasers(), **fields).startswith(LISTING_BY_TEASERS + " 86% of its text")


def test_a_short_dated_article_amid_teasers_is_an_article():
    # the teasers hold 75% of the text, but 400 characters of running text are the article's own
    assert reason(paragraph(400) + teasers(), date_is_explicit=True) == ""
    assert reason(paragraph(299) + teasers(), date_is_explicit=True).startswith(LISTING_BY_TEASERS)


def test_an_undated_page_needs_40_percent_in_teasers():
    # 1,224 characters of teasers
    assert reason(paragraph(1800) + teasers()).startswith(LISTING_BY_TEASERS + " 40% of its text")
    assert reason(paragraph(1900) + teasers()) == ""


def test_a_dated_page_needs_70_percent_in_teasers():
    # 1,224 characters of teasers beside 800 of other text (short lines, no running text): 60%
    others = "".join(f"<div>Harbour notice {i:02d}: ferry times</div>" for i in range(25))
    assert reason(others + teasers(), date_is_explicit=True) == ""


@pytest.mark.parametrize("fields", [{}, {"date_is_explicit": True}, {"is_article_ld": True}])
def test_an_article_with_a_related_stories_block_is_an_article(fields):
    related = "<h2>Related stories</h2>" + teasers(standfirst="<time datetime='2025-05-07'>7 May 2025</time>")
    assert reason(paragraph(2500) + related, **fields) == ""


def test_eleven_teasers_are_not_enough():
    assert reason(paragraph(600) + teasers(11)) == ""


def test_teasers_in_menus_asides_and_the_pages_header_and_footer_are_not_counted():
    for chrome in ("nav", "aside", "header", "footer"):
        assert reason(paragraph(600) + f"<{chrome}>{teasers()}</{chrome}>") == ""


def test_a_header_left_open_around_the_whole_page_is_not_page_chrome():
    page = f"<header><div>Menu</div><main>{paragraph(200)}{teasers()}</main></header>"
    assert reason(page, date_is_explicit=True).startswith(LISTING_BY_TEASERS)


def test_teasers_that_are_articles_with_their_own_header_are_counted():
    cards = "".join(f'<article class="teaser"><header><h2><a href="/story/{i}">Fishing fleet returns, story {i:02d}'
                    f"</a></h2></header><p>Boats came back before the storm.</p></article>" for i in range(12))
    assert reason(paragraph(600) + f"<main>{cards}</main>").startswith(LISTING_BY_TEASERS)


def test_long_entries_are_not_teasers():
    assert reason(paragraph(600) + teasers(standfirst="harbour " * 50)) == ""


def test_a_paragraphs_links_are_not_teasers():
    linked = ", ".join(f'<a href="/tag/{i}">harbour news {i:02d}</a>' for i in range(40))  # short: not content links
    assert reason(paragraph(600) + f"<p>{linked}</p>") == ""


def test_a_table_of_contents_is_not_teasers():
    contents = "".join(f'<li><a href="#part-{i}">Part {i:02d} of the guide to the harbour works</a></li>'
                       for i in range(12))
    assert reason(paragraph(600) + f"<ul>{contents}</ul>") == ""
