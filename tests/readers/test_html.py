"""Tests of the HTML reader: metadata sources, boilerplate removal, non-article pages, bad bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import ARTICLE_PARAGRAPHS as PARAGRAPHS

from indexer.article import article_id
from indexer.readers import html
from indexer.readers.errors import SkipFile
from indexer.readers.html.body import _body
from indexer.readers.html.bylines import _clean_author
from indexer.readers.html.metadata import _metadata
from indexer.readers.html.tree import _parse

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
GLOBALVOICES = SHARED / "globalvoices-html"



def read_fixture(name: str):
    path = FIXTURES / name
    return html.read(str(path), path.read_bytes())


def page(body: str, head: str = "", charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<!DOCTYPE html><html><head>{meta}{head}</head><body>{body}</body></html>"


def article_html(extra_paragraph: str = "", head: str = "", charset: str | None = "utf-8") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in [*PARAGRAPHS, extra_paragraph] if text)
    body = f"<article><h1>Cottage to become museum</h1>{paragraphs}</article>"
    return page(body, head=head, charset=charset)


# --- metadata sources -------------------------------------------------------------------------


def test_json_ld_graph_gives_headline_date_author_publisher_and_url():
    [article] = read_fixture("jsonld_graph.html")
    assert article.title == "Harbour bridge reopens after repairs"
    assert article.date == "2021-03-14T08:30:00"  # publisher's wall-clock time, offset dropped
    assert article.author == "Ana Okafor"  # resolved through the @graph @id reference
    assert article.source == "The Lakeside Courier"
    assert article.url == "https://courier.example.org/2021/03/14/harbour-bridge-reopens"
    assert article.format == "html"
    assert article.id == article_id(str(FIXTURES / "jsonld_graph.html"), 0)


def test_json_ld_list_with_author_list_and_date_only():
    ld = [
        {"@type": "BreadcrumbList", "itemListElement": []},
        {"@type": "ReportageNewsArticle", "headline": "Parish backs a seaside history collection",
         "datePublished": "2020-05-06",
         "author": [{"@type": "Person", "name": "Lena Brandt"}, "Omar Haddad"]},
    ]
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    [article] = html.read("ld.html", article_html(head=head).encode())
    assert article.title == "Parish backs a seaside history collection"  # the <h1> shares no word with it
    assert article.date == "2020-05-06"
    assert article.author == "Lena Brandt, Omar Haddad"


def test_shown_headline_wins_over_a_reworded_metadata_title():
    head = '<meta property="og:title" content="Coast museum: lighthouse cottage to become museum in 2021">'
    [article] = html.read("og.html", article_html(head=head).encode())
    assert article.title == "Cottage to become museum"


def test_section_heading_does_not_replace_the_metadata_title():
    head = '<meta property="og:title" content="Parish backs a seaside history collection">'
    body = ('<h1 class="entry-title">Recent posts from the parish</h1>'
            + "".join(f"<p>{text}</p>" for text in PARAGRAPHS))
    [article] = html.read("sec.html", page(body, head=head).encode())
    assert article.title == "Parish backs a seaside history collection"


@pytest.mark.parametrize("byline", ["By Lena Brandt", "Author: Lena Brandt", "View all posts by Lena Brandt",
                                    "Written by Lena Brandt"])
def test_byline_prefixes_are_dropped_from_the_author(byline):
    assert _clean_author(byline) == "Lena Brandt"


def test_opengraph_and_article_meta_with_site_suffix_stripped():
    [article] = read_fixture("opengraph.html")
    assert article.title == "Valley farmers try drought-resistant barley"
    assert article.date == "2019-07-02T16:45:12"
    # article:author is a profile URL here, so the plain author meta wins.
    assert article.author == "Piet van der Berg"
    assert article.source == "Northern Ledger"
    assert article.url == "https://ledger.example.com/farming/drought-barley"


def test_article_author_meta_name_is_used():
    head = '<meta property="article:author" content="Sofia Rinaldi">'
    [article] = html.read("a.html", article_html(head=head).encode())
    assert article.author == "Sofia Rinaldi"


def test_parsely_meta_beats_later_date_meta_and_title_separator_is_stripped():
    [article] = read_fixture("meta_common.html")
    assert article.date == "2018-02-27T09:05:00"
    assert article.author == "Ines Moreau"
    assert article.title == "Museum returns carved doors to village"
    assert article.source == "Riverside Post"
    assert article.url == "/culture/carved-doors"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("date", "2017-09-30", "2017-09-30"),
        ("pubdate", "20170930T1415", "2017-09-30T14:15:00"),
        ("DC.date", "30.09.2017", "2017-09-30"),
        ("sailthru.date", "Sat, 30 Sep 2017 14:15:00 +0000", "2017-09-30T14:15:00"),
    ],
)
def test_common_date_meta(name, content, expected):
    head = f'<meta name="{name}" content="{content}">'
    [article] = html.read("d.html", article_html(head=head).encode())
    assert article.date == expected


def test_time_datetime_byline_h1_and_title_suffix():
    [article] = read_fixture("byline_time.html")
    assert article.date == "2016-11-05T21:10:00"
    assert article.author == "Marta Lindqvist"
    assert article.title == "Night trains return to the coast line"
    assert article.source == "The Evening Gazette"  # the part of <title> that is not the headline


@pytest.mark.parametrize("byline", [
    '<div class="author-byline"><span>By</span><span>Mateo Ruiz</span><span>Founder at Ruiz Media</span></div>',
    '<div itemprop="author"><span>Mateo Ruiz</span><span>Senior Editor</span></div>',
])
def test_a_bylines_name_is_kept_apart_from_the_role_written_beside_it(byline):
    body = "<h1>Cottage to become museum</h1>" + byline + "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    [article] = html.read("b.html", page(body, head="<title>Cottage to become museum</title>").encode())
    assert article.author == "Mateo Ruiz"


def test_byline_text_without_links():
    body = ('<h1>Cottage to become museum</h1><p class="article-byline">By Henrik Aalto | March 3, 2015</p>'
            + "".join(f"<p>{text}</p>" for text in PARAGRAPHS))
    [article] = html.read("b.html", page(body, head="<title>Cottage to become museum</title>").encode())
    assert article.author == "Henrik Aalto"
    assert article.date == "2015-03-03"
    assert article.title == "Cottage to become museum"


def test_title_prefix_site_name_is_stripped_using_the_heading():
    head = "<title>Coastal Times &raquo; Cottage to become museum</title>"
    [article] = html.read("t.html", article_html(head=head).encode())
    assert article.title == "Cottage to become museum"
    assert article.source == "Coastal Times"


def test_url_from_og_url_when_no_canonical():
    head = '<meta property="og:url" content="https://news.example.net/coast/museum">'
    [article] = html.read("u.html", article_html(head=head).encode())
    assert article.url == "https://news.example.net/coast/museum"


def test_date_from_url_when_page_has_no_other():
    head = '<link rel="canonical" href="https://news.example.net/2012/08/09/cottage-museum/">'
    [article] = html.read("u.html", article_html(head=head).encode())
    assert article.date == "2012-08-09"


def test_date_from_the_markup_when_no_source_names_one():
    # An hAtom "published" stamp: no meta, JSON-LD, <time> or byline date names it.
    stamp = '<abbr class="published" title="2019-11-23">23 Nov</abbr>'
    [article] = html.read("u.html", article_html(extra_paragraph=stamp).encode())
    assert article.date == "2019-11-23"
    [undated] = html.read("u.html", article_html().encode())
    assert undated.date is None


# --- body --------------------------------------------------------------------------------------


def test_body_keeps_paragraphs_and_drops_boilerplate():
    [article] = read_fixture("jsonld_graph.html")
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("The harbour bridge reopened")
    assert paragraphs[-1].endswith("until the summer.")
    for junk in ("Home", "Share on", "Other news", "Primary school roof", "comments", "About time too",
                 "Photo: Council", "All rights reserved", "Harbour bridge reopens after repairs"):
        assert junk not in article.body, junk


def test_body_drops_share_prompts_and_related_stories():
    [article] = read_fixture("opengraph.html")
    assert article.body.count("\n\n") == 3
    for junk in ("Share this", "LinkedIn", "Related stories", "Wheat prices", "Front page"):
        assert junk not in article.body, junk
    [article] = read_fixture("byline_time.html")
    for junk in ("Most read", "cycle lanes", "Share:", "Marta Lindqvist"):
        assert junk not in article.body, junk


def test_newsletter_prompt_and_other_news_list_are_dropped():
    extra = ('</p><p>Sign up for our weekly newsletter to get the coast stories first.</p>'
             '<h3>Other news</h3><ul>'
             '<li><a href="/x">Fishing fleet returns early as storm approaches the bay</a></li>'
             '<li><a href="/y">New ferry timetable starts next Monday for island routes</a></li></ul><p>')
    [article] = html.read("n.html", article_html(extra_paragraph=extra).encode())
    assert "newsletter" not in article.body
    assert "Fishing fleet" not in article.body
    assert PARAGRAPHS[2] in article.body


# --- non-articles ------------------------------------------------------------------------------


def test_front_page_is_skipped_with_reason():
    with pytest.raises(SkipFile, match="not an article: front page or list of links"):
        read_fixture("front_page.html")


def test_list_page_without_url_or_body_class_is_skipped():
    text = (FIXTURES / "front_page.html").read_text(encoding="utf-8")
    text = re.sub(r'<link rel="canonical"[^>]*>|<meta property="og:url"[^>]*>', "", text)
    text = text.replace(' class="home"', "")
    with pytest.raises(SkipFile, match="front page or list of links"):
        html.read("list.html", text.encode())


def test_product_grid_without_date_is_skipped_for_its_lack_of_running_text():
    tiles = "".join(f'<div class="tile"><a href="/p/{i}">Waterproof hiking boot, model {i}</a>'
                    f'<span>$1{i}9.00</span></div>' for i in range(24))
    body = f"<h1>Hiking boots</h1><p>Boots for every trail, from day hikes to long treks.</p>{tiles}"
    with pytest.raises(SkipFile, match="running text beside 24 links"):
        html.read("grid.html", page(body).encode())


def test_directory_page_with_an_introduction_is_a_list():
    # Three paragraphs (some 750 characters) beside 20 entries: under 45 characters a link.
    intro = "".join(f"<p>{PARAGRAPHS[0][:240]} ({i})</p>" for i in range(3))
    entries = "".join(f'<li><a href="/guide/{i}">Walking guide to the coast path, part {i}</a></li>' for i in range(20))
    with pytest.raises(SkipFile, match="beside 20 links"):
        html.read("guide.html", page(f"<h1>Coast walks</h1>{intro}<ul>{entries}</ul>").encode())


def test_teasers_dated_in_the_markup_do_not_make_a_list_an_article():
    tiles = "".join(f'<div class="tile"><a href="/p/{i}">Waterproof hiking boot, model {i}</a>'
                    f'<abbr class="published" title="2019-11-{10 + i}">Nov</abbr></div>' for i in range(12))
    body = f"<h1>Hiking boots</h1><p>Boots for every trail, from day hikes to long treks.</p>{tiles}"
    with pytest.raises(SkipFile, match="no date"):
        html.read("grid.html", page(body).encode())


def test_undated_article_with_a_list_of_related_links_is_read():
    related = "".join(f'<li><a href="/n/{i}">Another story from the coast, number {i}</a></li>' for i in range(6))
    body = ("<article><h1>Cottage to become museum</h1>" + "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
            + f"</article><ul>{related}</ul>")
    [article] = html.read("undated.html", page(body).encode())
    assert article.date is None
    assert PARAGRAPHS[0] in article.body


def test_json_ld_collection_page_is_skipped():
    ld = {"@type": "CollectionPage", "name": "Coast news", "hasPart": []}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    with pytest.raises(SkipFile, match="front page or list of links"):
        html.read("c.html", article_html(head=head).encode())


def test_website_json_ld_alone_does_not_make_an_article_a_list():
    ld = {"@type": "WebSite", "name": "Coastal Times", "url": "https://coast.example.com/"}
    head = (f'<script type="application/ld+json">{json.dumps(ld)}</script>'
            '<meta property="og:type" content="website">')
    [article] = html.read("w.html", article_html(head=head).encode())
    assert PARAGRAPHS[0] in article.body


def test_standfirst_under_the_headline_is_kept():
    # Article text on most sites' gold bodies (wcxb-dev); only the headline repeat is dropped.
    deck = "A century-old cottage gets a new life as the parish's first museum."
    head = f'<meta name="description" content="{deck}">'
    body = (f'<article><h1>Cottage to become museum</h1><p class="standfirst">{deck}</p>'
            + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + "</article>")
    [article] = html.read("deck.html", page(body, head=head).encode())
    assert article.body.startswith(deck + "\n\n" + PARAGRAPHS[0])
    assert "Cottage to become museum" not in article.body


def test_blocks_above_the_headline_are_dropped_but_a_later_repeat_is_text():
    kicker = "Coastal heritage and the parish council's plans for the point"
    closing = "Cottage to become museum"
    body = (f'<article><p class="kicker">{kicker}</p><h1>Cottage to become museum</h1>'
            + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + f"<p>{closing}</p></article>")
    [article] = html.read("kicker.html", page(body).encode())
    assert kicker not in article.body
    assert article.body.startswith(PARAGRAPHS[0])
    assert article.body.endswith(closing)


def test_body_switches_turn_cleaning_steps_off_and_reject_unknown_names():
    text = article_html()
    tree = _parse(text)
    meta = _metadata(tree)
    assert _body(tree, meta, text, filters=()).startswith("Cottage to become museum")
    with pytest.raises(ValueError, match="unknown body filters: \\['promo'\\]"):
        _body(_parse(text), meta, text, filters=("promo",))


def test_error_page_is_skipped_with_reason():
    with pytest.raises(SkipFile, match="error page"):
        read_fixture("error_page.html")


def test_headline_mentioning_404_or_not_found_is_still_an_article():
    head = "<title>Flight 404 lands safely; missing bag not found</title>"
    [article] = html.read("f.html", article_html(head=head).encode())
    assert PARAGRAPHS[0] in article.body


def test_page_of_only_scripts_is_skipped_with_reason():
    scripts = "".join(f"<script>var x{i} = {i}; document.write('x');</script>" for i in range(50))
    data = page(scripts, head="<style>body{color:red}</style><script>init()</script>").encode()
    with pytest.raises(SkipFile, match="only scripts"):
        html.read("s.html", data)


def test_stub_with_too_little_text_is_skipped():
    with pytest.raises(SkipFile, match="not an article"):
        html.read("stub.html", page("<h1>Coming soon</h1><p>Check back later.</p>").encode())


# --- encodings ---------------------------------------------------------------------------------


def test_declared_charset_is_honoured():
    extra = "Съвет на общината ще се събере отново в понеделник, за да обсъди плана за музея на брега."
    data = article_html(extra_paragraph=extra, charset="windows-1251").encode("cp1251")
    [article] = html.read("cyr.html", data)
    assert extra in article.body


def test_http_equiv_charset_is_honoured():
    extra = "Le conseil municipal se réunira à nouveau lundi pour débattre du musée, à l'été prochain."
    head = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'
    data = article_html(extra_paragraph=extra, head=head, charset=None).encode("iso-8859-15")
    [article] = html.read("fr.html", data)
    assert extra in article.body


def test_latin1_bytes_without_declaration():
    extra = "Die Gemeinde möchte das Häuschen über den Winter renovieren und im Frühjahr eröffnen."
    data = article_html(extra_paragraph=extra, charset=None).encode("latin-1")
    [article] = html.read("de.html", data)
    assert extra in article.body


def test_invalid_utf8_does_not_crash():
    data = article_html(extra_paragraph="Broken bytes \xff\xfe here and there in a long sentence.").encode(
        "utf-8", "surrogateescape"
    )
    data = data.replace(b"Broken bytes", b"Broken \xc3\x28 bytes \xed\xa0\x80")
    [article] = html.read("bad.html", data)
    assert "Broken" in article.body
    assert PARAGRAPHS[0] in article.body


def test_misdeclared_charset_falls_back():
    extra = "Caf\u00e9 owners on the quay said the museum would bring visitors \u2013 and their euros."
    data = article_html(extra_paragraph=extra, charset="utf-8").encode("cp1252")
    [article] = html.read("mis.html", data)
    assert extra in article.body
    data = article_html(extra_paragraph=extra, charset="no-such-charset").encode("utf-8")
    [article] = html.read("unknown.html", data)
    assert extra in article.body


def test_binary_data_is_skipped():
    with pytest.raises(SkipFile):
        html.read("bin.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)


# --- robustness --------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["div", "span", "b", "blockquote"])
def test_deeply_nested_page_degrades_without_crashing(tag):
    depth = 10_000
    body = f"<{tag}>" * depth + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + f"</{tag}>" * depth
    data = page(body, head="<title>Cottage to become museum</title>").encode()
    [article] = html.read("deep.html", data)
    assert PARAGRAPHS[1] in article.body
    assert article.title == "Cottage to become museum"


def test_deeply_nested_page_without_text_is_skipped_not_crashed():
    data = page("<div>" * 10_000 + "</div>" * 10_000).encode()
    with pytest.raises(SkipFile):
        html.read("deep-empty.html", data)


def test_malformed_json_ld_is_ignored():
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    [article] = html.read("bad-ld.html", article_html(head=head).encode())
    assert article.title == "Cottage to become museum"


@pytest.mark.parametrize(
    "data",
    [b"<html>", b"<<<>>>" * 100, b"<html><body><p>" + b"x" * 5 + b"</p>", b"\xef\xbb\xbf<p>\xff</p>", b"   "],
)
def test_odd_inputs_only_ever_raise_skipfile(data):
    with pytest.raises(SkipFile):
        html.read("odd.html", data)


# --- dates -------------------------------------------------------------------------------------


# The notations themselves are tested with the parser, in tests/test_dates.py.
_DATED_PAGE = (
    "<html{lang}><head><title>Harbour reopens after the storm</title>{meta}"
    '<meta name="date" content="03/04/2023"></head><body><article><h1>Harbour reopens after the storm</h1>'
    "<p>The harbour reopened on Monday after a week of repairs to the sea wall, and the first ferries "
    "left on time with full decks of cars, lorries and foot passengers bound for the islands.</p>"
    "</article></body></html>"
)


@pytest.mark.parametrize(
    ("lang", "meta", "expected"),
    [
        ("", "", "2023-04-03"),
        (' lang="en"', "", "2023-04-03"),
        (' lang="en-GB"', "", "2023-04-03"),
        (' lang="en-US"', "", "2023-03-04"),
        (' lang="en"', '<meta property="og:locale" content="en_US">', "2023-03-04"),
    ],
)
def test_numeric_dates_are_day_first_unless_the_page_declares_a_us_locale(lang, meta, expected):
    page = _DATED_PAGE.format(lang=lang, meta=meta).encode()
    assert html.read("dated.html", page)[0].date == expected


# --- shared data (skipped where ../shared/data is absent) ---------------------------------------


def _globalvoices_rows():
    if not (GLOBALVOICES / "articles.jsonl").exists():
        pytest.skip(f"shared data not found at {GLOBALVOICES}")
    lines = (GLOBALVOICES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("\u2019", "'").replace("\u2018", "'")).strip().lower()


def test_globalvoices_articles_titles_dates_authors():
    rows = [row for row in _globalvoices_rows() if row.get("page_type") == "article"]
    assert len(rows) == 15
    titles = dates = authors = 0
    for row in rows:
        path = GLOBALVOICES / row["file"]
        [article] = html.read(str(path), path.read_bytes())
        titles += _fold(article.title) == _fold(row["title"])
        dates += (article.date or "")[:10] == row["publish_date"][:10]
        # The expected name is the account name; pages show the full display name ("Oiwan" / "Oiwan Lam").
        authors += _fold(row["author"]) in _fold(article.author)
        assert len(article.body.split()) > 100, row["file"]
        assert "Recent Comments" not in article.body
    assert titles == 15
    # gv_11's expected date is in the server's UTC+3 time: a day after the page's "June 6th ... 21:37 UTC".
    assert dates >= 14
    assert authors >= 14


def test_globalvoices_front_page_is_skipped():
    rows = [row for row in _globalvoices_rows() if row.get("page_type") != "article"]
    assert rows
    for row in rows:
        path = GLOBALVOICES / row["file"]
        with pytest.raises(SkipFile, match="not an article"):
            html.read(str(path), path.read_bytes())


# --- what the reader does with a page it cannot take -------------------------------------------------


@pytest.mark.parametrize(("words", "taken"), [(25, True), (24, False)])
def test_a_body_needs_25_words_to_be_an_article(monkeypatch, words, taken):
    # Words as the reader counts them (runs of letters and digits): "ship's" is two.
    body = " ".join(["ship's"] * (words // 2) + ["bell"] * (words % 2))
    monkeypatch.setattr(html, "_body", lambda tree, meta, text: body)
    if taken:
        [article] = html.read("page.html", article_html().encode("utf-8"))
        assert article.body == body
    else:
        with pytest.raises(SkipFile, match=r"^not an article: no article text found"):
            html.read("page.html", article_html().encode("utf-8"))


def test_a_page_too_deeply_nested_is_skipped_with_that_reason(monkeypatch):
    def too_deep(text):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(html, "_parse", too_deep)
    with pytest.raises(SkipFile, match=r"^page too deeply nested to parse$"):
        html.read("page.html", article_html().encode("utf-8"))


def test_a_page_that_breaks_the_parser_is_skipped_with_the_error_cut_to_200_characters(monkeypatch):
    def broken(text):
        raise ValueError("x" * 300)

    monkeypatch.setattr(html, "_parse", broken)
    with pytest.raises(SkipFile) as raised:
        html.read("page.html", article_html().encode("utf-8"))
    assert str(raised.value) == ("cannot parse HTML: ValueError: " + "x" * 300)[:200]
