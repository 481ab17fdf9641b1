"""Tests of the headline: metadata titles, ``<title>`` with the site name taken off, and headings."""

from __future__ import annotations

import pytest

from indexer.readers.html.title import _headings, _shown_headline, _squash, _strip_site, _title
from indexer.readers.html.tree import _parse

HEADLINE = "Harbour bridge reopens after a year of repairs"


def tree_of(body: str, title: str | None = None):
    head = f"<title>{title}</title>" if title is not None else ""
    return _parse(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")


def title_of(body: str = "", title: str | None = None, *, metas: dict | None = None, ld_title: str | None = None,
             parsely: dict | None = None, site: str = "", url: str = "") -> tuple[str, str]:
    return _title(tree_of(body, title), metas or {}, {"title": ld_title}, parsely or {}, site, url)


NO_HEADINGS: tuple[list[str], list[str]] = ([], [])


# --- where the headline comes from -------------------------------------------------------------


@pytest.mark.parametrize("source", [
    {"ld_title": HEADLINE},
    {"metas": {"og:title": HEADLINE}},
    {"metas": {"twitter:title": HEADLINE}},
    {"parsely": {"title": HEADLINE}},
    {"metas": {"parsely-title": HEADLINE}},
    {"metas": {"sailthru.title": HEADLINE}},
    {"metas": {"dc.title": HEADLINE}},
])
def test_a_metadata_title_beats_the_title_tag(source):
    assert title_of(title="Home page of the Lakeside Courier newspaper", **source) == (HEADLINE, "")


def test_json_ld_comes_before_opengraph():
    assert title_of(ld_title=HEADLINE, metas={"og:title": "Bridge story"})[0] == HEADLINE


def test_an_empty_metadata_title_is_passed_over():
    assert title_of(metas={"og:title": "  ", "twitter:title": HEADLINE})[0] == HEADLINE


def test_a_metadata_title_is_cleaned_of_extra_whitespace():
    assert title_of(metas={"og:title": "  Harbour bridge\n  reopens  "})[0] == "Harbour bridge reopens"


def test_the_site_name_is_taken_off_a_metadata_title():
    assert title_of(metas={"og:title": f"{HEADLINE} | The Courier"}, site="The Courier") == (HEADLINE, "")


def test_the_title_tag_gives_the_headline_and_the_site_name_beside_it():
    assert title_of(title=f"{HEADLINE} | Lakeside Courier") == (HEADLINE, "Lakeside Courier")


def test_a_title_tag_without_a_separator_is_the_headline_with_no_site():
    assert title_of(title=HEADLINE) == (HEADLINE, "")


def test_without_metadata_or_title_tag_the_h1_is_the_headline():
    assert title_of("<h1>Bridge reopens</h1><p>Text.</p>") == ("Bridge reopens", "")


def test_an_empty_h1_is_passed_over_for_the_next():
    assert title_of("<h1> </h1><h1>Bridge reopens</h1>") == ("Bridge reopens", "")


def test_a_page_with_no_title_at_all_has_an_empty_headline():
    assert title_of("<p>Just text.</p>") == ("", "")


def test_a_site_logo_h1_is_not_the_headline():
    body = '<h1 class="site-title"><a href="/">Harbour News</a></h1>'
    assert title_of(body, metas={"og:title": "Harbour bridge reopens"}) == ("Harbour bridge reopens", "")


def test_the_h1_version_of_the_title_tag_headline_is_shown():
    assert title_of("<h1>Bridge reopens at last</h1>", title="Harbour bridge reopens - Daily Post") == (
        "Bridge reopens at last", "Daily Post")


# --- the heading as shown beats the metadata title ---------------------------------------------


def test_a_heading_sharing_half_the_words_of_the_shorter_is_the_headline():
    # {bridge, reopens} are two of the heading's four words.
    assert _shown_headline("Harbour bridge reopens after repairs", ["Bridge reopens this week"]) == (
        "Bridge reopens this week")


def test_a_heading_sharing_less_than_half_the_words_is_not_the_headline():
    # Only "bridge" of the heading's four words.
    assert _shown_headline("Harbour bridge reopens after repairs", ["New bridge for town"]) == (
        "Harbour bridge reopens after repairs")


def test_a_heading_sharing_no_words_is_not_the_headline():
    assert _shown_headline("Harbour bridge reopens", ["Recent posts"]) == "Harbour bridge reopens"


def test_the_first_heading_that_matches_is_shown():
    assert _shown_headline("Harbour bridge reopens", ["Recent posts", "Bridge reopens", "Harbour bridge"]) == (
        "Bridge reopens")


@pytest.mark.parametrize("heading", [
    "Dec 18 2025 Harbour bridge reopens",
    "Harbour bridge reopens Posted on July 1, 2024 by Ana Okafor",
    "15 Replies to “Harbour bridge reopens”",
    "Title: Harbour bridge reopens",
    "Harbour bridge reopens | Updated 3 March 2024",
    "HARBOUR BRIDGE REOPENS",
])
def test_a_heading_that_is_the_title_with_a_date_label_byline_or_capitals_shows_the_title(heading):
    assert _shown_headline("Harbour bridge reopens", [heading]) == "Harbour bridge reopens"


@pytest.mark.parametrize("heading", [
    "Harbour bridge reopens, reviewed by a student",  # more headline, not furniture
    "Harbour bridge reopens after 12 March 2024 storm and three years of repairs to the deck",  # a long rest
    "Bridge reopens",  # shorter than the title
])
def test_a_heading_that_says_more_than_the_title_is_shown(heading):
    assert _shown_headline("Harbour bridge reopens", [heading]) == heading


def test_a_capitals_heading_stays_when_the_title_is_in_capitals_too():
    assert _shown_headline("HARBOUR BRIDGE REOPENS TODAY", ["HARBOUR BRIDGE REOPENS"]) == "HARBOUR BRIDGE REOPENS"


def test_without_headings_or_words_the_title_stays():
    assert _shown_headline("Harbour bridge reopens", []) == "Harbour bridge reopens"
    assert _shown_headline("Harbour bridge reopens", ["***"]) == "Harbour bridge reopens"


# --- headings ----------------------------------------------------------------------------------


def test_h1s_and_h2_or_h3_marked_title_or_headline_are_headline_candidates():
    tree = tree_of('<h2 class="entry-title">Second</h2><h2>Related stories</h2><h3 id="post-headline">Third</h3>'
                   '<h3>Comments</h3><h1>First</h1>')
    assert _headings(tree) == (["First", "Second", "Third"], [])


@pytest.mark.parametrize("heading", [
    '<h1 class="site-title">The Courier</h1>',
    '<h1 id="logo">The Courier</h1>',
    '<div class="site-branding"><h1>The Courier</h1></div>',
    '<header id="masthead"><h1>The Courier</h1></header>',
    '<h1><a href="/">The Courier</a></h1>',
    '<h1><a href="https://courier.example.org/">The Courier</a></h1>',
    '<h1><a href="https://courier.example.org">The Courier</a></h1>',
])
def test_a_heading_marked_as_the_logo_or_linking_home_is_the_site_name(heading):
    assert _headings(tree_of(heading + "<h1>Bridge reopens</h1>")) == (["Bridge reopens"], ["The Courier"])


@pytest.mark.parametrize("href", ["/2021/03/bridge-reopens", "#top", "https://courier.example.org/news/bridge"])
def test_a_heading_linking_to_an_article_or_an_anchor_is_a_headline(href):
    assert _headings(tree_of(f'<h1><a href="{href}">Bridge reopens</a></h1>')) == (["Bridge reopens"], [])


def test_a_named_anchor_without_a_link_inside_a_heading_is_no_link_home():
    assert _headings(tree_of('<h1><a name="top"></a>Bridge reopens</h1>')) == (["Bridge reopens"], [])


# --- taking the site name off ------------------------------------------------------------------


def test_a_title_equal_to_a_headline_heading_is_kept_whole():
    assert _strip_site("Dune - review", "", (["Dune - review"], [])) == ("Dune - review", "")


def test_a_site_logo_heading_on_either_side_is_taken_off():
    logo = (["Bridge reopens"], ["The Courier"])
    assert _strip_site(f"The Courier | {HEADLINE}", "", logo) == (HEADLINE, "The Courier")
    assert _strip_site(f"{HEADLINE} | the courier", "", logo) == (HEADLINE, "the courier")


def test_beside_a_logo_a_matching_heading_gives_the_headline_as_shown():
    assert _strip_site("The Courier | harbour bridge reopens", "", (["Harbour Bridge Reopens"], ["The Courier"])) == (
        "Harbour Bridge Reopens", "The Courier")


def test_a_headline_heading_on_one_side_leaves_the_other_as_the_site():
    assert _strip_site(f"Courier | {HEADLINE}", "", ([HEADLINE.upper()], [])) == (HEADLINE.upper(), "Courier")
    assert _strip_site(f"{HEADLINE} | Courier", "", (["Other", HEADLINE], [])) == (HEADLINE, "Courier")


def test_the_known_site_name_is_taken_off_the_front():
    assert _strip_site(f"Lakeside Courier | {HEADLINE}", "The Lakeside Courier", NO_HEADINGS) == (
        HEADLINE, "Lakeside Courier")


def test_the_host_of_the_address_names_the_site():
    url = "https://www.lakesidecourier.com/2021/03/14/bridge"
    assert _strip_site(f"Lakeside Courier | {HEADLINE}", "", NO_HEADINGS, url) == (HEADLINE, "Lakeside Courier")
    # Without its "www" the host is found inside a longer site name too.
    assert _strip_site(f"Lakeside Courier Online | {HEADLINE}", "", NO_HEADINGS, url) == (
        HEADLINE, "Lakeside Courier Online")


def test_a_host_without_its_domain_ending_is_found_in_a_longer_site_name():
    url = "https://thecourier.com/2021/03/14/bridge"
    assert _strip_site(f"The Courier Daily | {HEADLINE}", "", NO_HEADINGS, url) == (HEADLINE, "The Courier Daily")


def test_a_prefix_site_name_leaves_separators_inside_the_headline():
    title = "The Courier | Harbour bridge reopens - what drivers need to know"
    assert _strip_site(title, "The Courier", NO_HEADINGS) == (
        "Harbour bridge reopens - what drivers need to know", "The Courier")


def test_a_suffix_site_name_leaves_separators_inside_the_headline():
    title = "Harbour bridge reopens - what drivers need to know | The Courier"
    assert _strip_site(title, "The Courier", NO_HEADINGS) == (
        "Harbour bridge reopens - what drivers need to know", "The Courier")
    title = "Harbour bridge - what drivers need to know - Opinion | The Courier"
    assert _strip_site(title, "The Courier", NO_HEADINGS) == (
        "Harbour bridge - what drivers need to know - Opinion", "The Courier")


def test_a_known_site_name_does_not_make_the_headline_a_site():
    assert _strip_site(f"{HEADLINE} - Opinion and analysis of the week", "The Courier", NO_HEADINGS) == (
        f"{HEADLINE} - Opinion and analysis of the week", "")


def test_a_short_unknown_last_segment_is_taken_for_the_site_name():
    assert _strip_site("Bridge reopens - Lakeside Courier", "", NO_HEADINGS) == ("Bridge reopens", "Lakeside Courier")
    assert _strip_site(f"{HEADLINE} - Lakeside Daily Evening Post", "", NO_HEADINGS) == (
        HEADLINE, "Lakeside Daily Evening Post")


def test_an_unknown_last_segment_of_five_words_is_part_of_the_headline():
    title = f"{HEADLINE} - Lakeside Daily Evening Post Today"
    assert _strip_site(title, "", NO_HEADINGS) == (title, "")


def test_an_unknown_last_segment_as_long_as_the_rest_is_part_of_the_headline():
    title = "Reopens - Daily Post"  # the segment is half the title
    assert _strip_site(title, "", NO_HEADINGS) == (title, "")
    title = "Bridge reopens - Lakeside Courier Daily"
    assert _strip_site(title, "", NO_HEADINGS) == (title, "")


def test_an_unknown_first_segment_is_not_taken_for_the_site_name():
    title = f"Lakeside Courier | {HEADLINE}"
    assert _strip_site(title, "", NO_HEADINGS) == (title, "")


@pytest.mark.parametrize(("text", "expected"), [
    ("Global Voices Online", "globalvoicesonline"),
    ("globalvoicesonline.org", "globalvoicesonline"),
    ("Le_Monde.fr", "lemonde"),
    ("Courier", "courier"),
])
def test_squash_keeps_letters_and_digits_and_drops_the_domain_ending(text, expected):
    assert _squash(text) == expected


# --- which title, which headings ----------------------------------------------------------------


def test_a_title_tag_the_page_shows_beats_a_social_card_teaser_it_does_not():
    teaser = "Wondering about the bridge? Here is everything drivers should know"
    assert title_of(f"<h1>{HEADLINE}</h1>", title=f"{HEADLINE} | Courier", metas={"og:title": teaser})[0] == HEADLINE


def test_a_sentence_long_heading_marked_like_a_logo_is_a_headline():
    body = '<h1 class="blog-title">How to rebuild a harbour bridge in twelve careful steps</h1>'
    assert _headings(tree_of(body)) == (["How to rebuild a harbour bridge in twelve careful steps"], [])
