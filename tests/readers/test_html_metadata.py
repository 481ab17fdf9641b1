"""Tests of the HTML reader's metadata: which source gives the date, author, source, url and page type."""

from __future__ import annotations

import json

import pytest

from indexer.readers.html.metadata import (
    _first,
    _json_ld,
    _meta_tags,
    _metadata,
    _parsely_page,
    _pick_url,
    _scalar,
    _types,
)
from indexer.readers.html.tree import _parse

TEXT = ("<p>The harbour reopened on Monday after a week of repairs to the sea wall, and the first ferries left "
        "on time with full decks of cars, lorries and foot passengers bound for the islands.</p>")


def tree_of(head: str = "", body: str = TEXT, attrs: str = ""):
    return _parse(f"<!DOCTYPE html><html{attrs}><head>{head}</head><body>{body}</body></html>")


def meta_of(head: str = "", body: str = TEXT, attrs: str = "") -> dict:
    return _metadata(tree_of(head, body, attrs))


def ld_script(data) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def ld_of(*scripts: str) -> dict:
    return _json_ld(tree_of("".join(scripts)))


# --- <meta> tags -------------------------------------------------------------------------------


def test_meta_tags_are_keyed_by_property_name_itemprop_and_http_equiv_in_lower_case():
    metas = _meta_tags(tree_of(
        '<meta property="OG:Title" content="Harbour reopens">'
        '<meta name=" Author " content="Ana Okafor">'
        '<meta itemprop="datePublished" content="2021-03-14">'
        '<meta http-equiv="Content-Language" content="en-gb">'
    ))
    assert metas == {"og:title": "Harbour reopens", "author": "Ana Okafor", "datepublished": "2021-03-14",
                     "content-language": "en-gb"}


def test_the_first_non_empty_content_of_a_meta_name_wins():
    metas = _meta_tags(tree_of(
        '<meta name="author" content="  ">'
        '<meta name="author" content="Ana   Okafor">'
        '<meta name="author" content="Omar Haddad">'
        '<meta content="no name at all">'
        '<meta name="description">'
    ))
    assert metas == {"author": "Ana Okafor"}


def test_a_meta_without_content_gives_its_datetime_or_value():
    metas = _meta_tags(tree_of(
        '<meta itemprop="datePublished" datetime="2021-03-14" value="2020-01-01">'
        '<meta itemprop="dateModified" value="2021-04-01">'
    ))
    assert metas == {"datepublished": "2021-03-14", "datemodified": "2021-04-01"}


def test_meta_content_escaped_twice_is_unescaped():
    metas = _meta_tags(tree_of('<meta property="og:title" content="Harbour&amp;#8217;s bridge &amp;amp; wall">'))
    assert metas["og:title"] == "Harbour\u2019s bridge & wall"


# --- JSON-LD -----------------------------------------------------------------------------------


def test_json_ld_article_fields():
    ld = ld_of(ld_script({
        "@type": "NewsArticle", "headline": "Harbour reopens", "description": "The  sea wall is fixed.",
        "datePublished": "2021-03-14", "dateModified": "2021-03-15",
        "author": {"@type": "Person", "name": "Ana Okafor"},
        "publisher": {"@type": "Organization", "name": "The Lakeside Courier"},
        "url": "https://courier.example.org/harbour",
    }))
    assert ld == {"title": "Harbour reopens", "description": "The sea wall is fixed.", "date": "2021-03-14",
                  "modified": "2021-03-15", "authors": ["Ana Okafor"], "publisher": "The Lakeside Courier",
                  "url": "https://courier.example.org/harbour", "types": {"newsarticle"}, "is_article": True}


def test_json_ld_type_is_matched_in_any_case():
    ld = _json_ld(tree_of('<script type="Application/LD+JSON">{"@type": "Article", "headline": "Harbour reopens"}'
                          "</script>"))
    assert ld["title"] == "Harbour reopens"


def test_json_in_a_plain_script_is_not_json_ld():
    ld = _json_ld(tree_of('<script type="text/javascript">{"@type": "NewsArticle", "headline": "Not this"}</script>'
                          '<script>{"@type": "NewsArticle", "headline": "Nor this"}</script>'))
    assert ld["title"] == ""
    assert not ld["is_article"]


def test_empty_and_malformed_json_ld_scripts_are_passed_over():
    ld = ld_of('<script type="application/ld+json"></script>',
               '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>',
               ld_script({"@type": "NewsArticle", "headline": "Harbour reopens"}))
    assert ld["title"] == "Harbour reopens"


def test_json_ld_too_deeply_nested_to_decode_is_passed_over():
    deep = "[" * 100_000 + "]" * 100_000
    ld = ld_of(f'<script type="application/ld+json">{deep}</script>',
               ld_script({"@type": "NewsArticle", "headline": "Harbour reopens"}))
    assert ld["title"] == "Harbour reopens"


def test_json_ld_in_cdata_with_a_trailing_semicolon_is_read():
    data = json.dumps({"@type": "NewsArticle", "headline": "Harbour reopens"})
    ld = ld_of(f'<script type="application/ld+json"><![CDATA[\n{data}\n]]></script>')
    assert ld["title"] == "Harbour reopens"
    ld = ld_of(f'<script type="application/ld+json">{data};</script>')
    assert ld["title"] == "Harbour reopens"


def test_json_ld_with_raw_line_breaks_inside_strings_is_read():
    ld = ld_of('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour\nreopens"}</script>')
    assert ld["title"] == "Harbour reopens"


def test_the_first_article_of_a_json_ld_list_is_the_pages_article():
    ld = ld_of(ld_script([
        {"@type": "BreadcrumbList", "name": "Home > News"},
        [{"@type": "NewsArticle", "headline": "Harbour reopens"}],
        {"@type": "NewsArticle", "headline": "Another story"},
    ]))
    assert ld["title"] == "Harbour reopens"
    assert ld["types"] == {"breadcrumblist", "newsarticle"}


def test_json_ld_articles_in_a_graph_or_main_entity_are_found():
    graph = ld_of(ld_script({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Courier"}, {"@type": "NewsArticle", "headline": "Harbour reopens"}]}))
    assert graph["title"] == "Harbour reopens"
    assert graph["types"] == {"website", "newsarticle"}
    main = ld_of(ld_script({"@type": "WebPage", "name": "Harbour page",
                            "mainEntity": {"@type": "BlogPosting", "headline": "Harbour reopens"}}))
    assert main["title"] == "Harbour reopens"
    assert main["types"] == {"webpage", "blogposting"}


def test_json_ld_without_an_article_is_not_an_article():
    ld = ld_of(ld_script({"@type": "WebSite", "name": "The Lakeside Courier", "url": "https://courier.example.org/",
                          "datePublished": "2021-03-14"}))
    assert ld["types"] == {"website"}
    assert not ld["is_article"]
    assert (ld["title"], ld["date"], ld["url"], ld["description"]) == ("", None, "", "")


def test_json_ld_headline_else_name():
    assert ld_of(ld_script({"@type": "Article", "name": "Harbour reopens"}))["title"] == "Harbour reopens"
    both = ld_of(ld_script({"@type": "Article", "headline": "Harbour reopens", "name": "harbour-slug"}))
    assert both["title"] == "Harbour reopens"


@pytest.mark.parametrize(("fields", "expected"), [
    ({"datePublished": "2021-03-14", "dateCreated": "2021-03-10", "uploadDate": "2021-03-09"}, "2021-03-14"),
    ({"datePublished": "", "dateCreated": "2021-03-10", "uploadDate": "2021-03-09"}, "2021-03-10"),
    ({"uploadDate": "2021-03-09"}, "2021-03-09"),
])
def test_json_ld_date_is_published_then_created_then_uploaded(fields, expected):
    assert ld_of(ld_script({"@type": "NewsArticle", **fields}))["date"] == expected


def test_json_ld_authors_from_author_or_creator_named_once_and_never_as_addresses():
    ld = ld_of(ld_script({"@type": "NewsArticle", "author": [
        {"@type": "Person", "name": "Ana Okafor"}, "Omar Haddad", {"@type": "Person"},
        {"@type": "Person", "name": "Ana Okafor"}, {"@type": "Person", "name": "https://courier.example.org/ana"},
        {"@type": "Person", "name": {"@value": "Lena Brandt"}},
    ]}))
    assert ld["authors"] == ["Ana Okafor", "Omar Haddad", "Lena Brandt"]
    creator = ld_of(ld_script({"@type": "NewsArticle", "creator": "Omar Haddad"}))
    assert creator["authors"] == ["Omar Haddad"]


def test_json_ld_author_and_publisher_references_are_resolved_by_id():
    ld = ld_of(ld_script({"@graph": [
        {"@type": "NewsArticle", "headline": "Harbour reopens", "author": [{"@id": "#ana"}, {"@id": "#nobody"}],
         "publisher": {"@id": "#org"}},
        {"@type": "Person", "@id": "#ana", "name": "Ana Okafor"},
        {"@type": "Organization", "@id": "#org", "name": "The Lakeside Courier"},
    ]}))
    assert ld["authors"] == ["Ana Okafor"]
    assert ld["publisher"] == "The Lakeside Courier"


def test_json_ld_named_author_with_an_id_keeps_its_own_name():
    ld = ld_of(ld_script({"@graph": [
        {"@type": "NewsArticle", "author": {"@id": "#ana", "name": "Ana Okafor"}},
        {"@type": "Person", "@id": "#ana", "name": "Ana Okafor-Lindqvist"},
    ]}))
    assert ld["authors"] == ["Ana Okafor"]


def test_json_ld_publisher_reference_to_nothing_gives_no_publisher():
    ld = ld_of(ld_script({"@type": "NewsArticle", "publisher": {"@id": "#missing"}}))
    assert ld["publisher"] == ""


def test_json_ld_named_publisher_with_an_id_keeps_its_own_name():
    ld = ld_of(ld_script({"@graph": [
        {"@type": "NewsArticle", "publisher": {"@id": "#org", "name": "Lakeside Courier"}},
        {"@type": "Organization", "@id": "#org", "name": "Lakeside Media Group"},
    ]}))
    assert ld["publisher"] == "Lakeside Courier"


@pytest.mark.parametrize(("publisher", "expected"), [
    ([{"@type": "Organization", "name": "The Lakeside Courier"}, {"name": "Lakeside Media Group"}],
     "The Lakeside Courier"),
    ([], ""),
    ("The Lakeside Courier", ""),
])
def test_json_ld_publisher_list_gives_its_first(publisher, expected):
    assert ld_of(ld_script({"@type": "NewsArticle", "publisher": publisher}))["publisher"] == expected


@pytest.mark.parametrize(("fields", "expected"), [
    ({"url": "https://a.example/x", "mainEntityOfPage": "https://a.example/y"}, "https://a.example/x"),
    ({"mainEntityOfPage": "https://a.example/y"}, "https://a.example/y"),
    ({"mainEntityOfPage": {"@type": "WebPage", "@id": "https://a.example/z"}}, "https://a.example/z"),
    ({}, ""),
])
def test_json_ld_url_is_the_articles_url_else_its_main_entity_of_page(fields, expected):
    assert ld_of(ld_script({"@type": "NewsArticle", **fields}))["url"] == expected


_ARTICLE_TYPE_NAMES = [
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "AskNewsArticle", "AskPublicNewsArticle", "SatiricalArticle",
    "BlogPosting", "LiveBlogPosting", "SocialMediaPosting", "Report", "TechArticle", "ScholarlyArticle", "Posting",
]


@pytest.mark.parametrize("kind", _ARTICLE_TYPE_NAMES)
def test_schema_org_article_types_are_articles(kind):
    ld = ld_of(ld_script({"@type": kind, "headline": "Harbour reopens"}))
    assert ld["is_article"]
    assert ld["title"] == "Harbour reopens"


def test_types_are_lower_case_names_from_strings_lists_and_addresses():
    assert _types({"@type": "NewsArticle"}) == {"newsarticle"}
    assert _types({"@type": ["http://schema.org/NewsArticle", "Article", None]}) == {"newsarticle", "article"}
    assert _types({"name": "no type"}) == set()


def test_scalar_reads_strings_first_items_and_values():
    assert _scalar(["Harbour reopens", "Second"]) == "Harbour reopens"
    assert _scalar([["Harbour reopens"]]) == "Harbour reopens"
    assert _scalar([]) == ""
    assert _scalar({"@value": "2021-03-14", "name": "x"}) == "2021-03-14"
    assert _scalar({"name": "Ana Okafor"}) == "Ana Okafor"
    assert _scalar({"@id": "#x"}) == ""
    assert _scalar(2021) == ""
    assert _scalar("Caf&eacute; &#163;5") == "Caf\u00e9 \u00a35"


# --- other sources -------------------------------------------------------------------------------


def test_parsely_page_is_a_json_object_or_nothing():
    assert _parsely_page({"parsely-page": '{"pub_date": "2018-02-27"}'}) == {"pub_date": "2018-02-27"}
    assert _parsely_page({"parsely-page": "{not json"}) == {}
    assert _parsely_page({"parsely-page": '["a list"]'}) == {}
    assert _parsely_page({}) == {}


def test_broken_parsely_page_does_not_stop_the_metadata():
    meta = meta_of('<meta name="parsely-page" content="{oops"><meta name="author" content="Ana Okafor">')
    assert meta["author"] == "Ana Okafor"


def test_first_gives_the_first_non_blank_string():
    assert _first(None, "  ", 3, " The  Courier ", "Other") == "The Courier"
    assert _first(None, "") == ""


def _link(rel: str, href: str) -> str:
    return f'<link rel="{rel}" href="{href}">'


@pytest.mark.parametrize(("head", "ld", "expected"), [
    (_link("stylesheet", "/s.css") + _link("Canonical", " https://a.example/x ") + _link("canonical", "https://b.example/"),
     "", "https://a.example/x"),
    ('<link rel="canonical">' + '<meta property="og:url" content="https://a.example/og">', "", "https://a.example/og"),
    (_link("canonical", "/x") + '<meta property="og:url" content="http://a.example/og">', "", "http://a.example/og"),
    (_link("canonical", "/x") + '<meta property="og:url" content="/og">', "https://a.example/ld", "https://a.example/ld"),
    (_link("canonical", "/x") + '<meta property="og:url" content="/og">', "", "/x"),
    ('<meta property="og:url" content="/og">', "", "/og"),
    ("", "/ld", "/ld"),
    ("", "", ""),
])
def test_url_is_the_first_absolute_address_else_the_first_at_all(head, ld, expected):
    tree = tree_of(head)
    assert _pick_url(tree, _meta_tags(tree), {"url": ld}) == expected


# --- which source wins -----------------------------------------------------------------------------

# Each date source with its own date, most explicit first.
_DATE_SOURCES = [
    ("ld", "2021-01-01"),
    ("meta", "2020-02-02"),
    ("parsely", "2019-03-03"),
    ("time", "2018-04-04"),
    ("byline", "2017-05-05"),
    ("url", "2016-06-06"),
]


def _dated_page(sources: set[str]) -> tuple[str, str]:
    head = body = ""
    ld: dict = {"@type": "NewsArticle"}
    if "ld" in sources:
        ld["datePublished"] = "2021-01-01"
    if "ld_modified" in sources:
        ld["dateModified"] = "2015-07-07"
    head += ld_script(ld)
    if "meta" in sources:
        head += '<meta property="article:published_time" content="2020-02-02">'
    if "parsely" in sources:
        head += '<meta name="parsely-page" content=\'{"pub_date": "2019-03-03"}\'>'
    if "modified_meta" in sources:
        head += '<meta property="article:modified_time" content="2014-08-08">'
    url = "https://news.example.org/2016/06/06/harbour" if "url" in sources else "https://news.example.org/harbour"
    head += _link("canonical", url)
    if "time" in sources:
        body += '<time datetime="2018-04-04">Friday</time>'
    if "byline" in sources:
        body += '<p class="byline">By Ana Okafor | 5 May 2017</p>'
    return head, body + TEXT


@pytest.mark.parametrize("start", range(len(_DATE_SOURCES)))
def test_the_most_explicit_date_source_wins(start):
    names = {name for name, _ in _DATE_SOURCES[start:]} | {"ld_modified", "modified_meta"}
    head, body = _dated_page(names)
    meta = meta_of(head, body)
    assert meta["date"] == _DATE_SOURCES[start][1]
    assert meta["date_is_explicit"]


_DATE_META_NAMES = [
    "article:published_time", "og:article:published_time", "article.published", "published_time",
    "datePublished", "article:published", "pubdate", "publishdate", "publish-date", "publish_date",
    "parsely-pub-date", "sailthru.date", "DC.date.issued", "DC.date", "dcterms.date", "dcterms.issued",
    "dcterms.created", "DC.date.created", "citation_publication_date", "citation_date", "date",
    "article_date_original", "OriginalPublicationDate", "cXenseParse:recs:publishtime", "displaydate",
]


@pytest.mark.parametrize("name", _DATE_META_NAMES)
def test_publication_date_meta_names_give_the_date(name):
    meta = meta_of(f'<meta name="{name}" content="2017-09-30">')
    assert (meta["date"], meta["date_is_explicit"], meta["has_published_meta"]) == ("2017-09-30", True, True)


@pytest.mark.parametrize("name", ["article:modified_time", "og:updated_time", "dateModified", "dcterms.modified",
                                  "Last-Modified"])
def test_a_modification_date_is_never_the_publication_date(name):
    # htmldate's own search would fall back on it too: that answer is dropped as well.
    meta = meta_of(f'<meta name="{name}" content="2017-09-30">')
    assert (meta["date"], meta["date_is_explicit"], meta["has_published_meta"]) == (None, False, False)
    head, body = _dated_page({"ld_modified"})
    assert meta_of(head, body)["date"] is None


def test_a_date_in_the_markup_on_another_day_than_the_modification_stays():
    meta = meta_of('<meta name="article:modified_time" content="2020-01-05">',
                   TEXT + '<abbr class="published" title="2019-11-23">23 Nov</abbr>')
    assert (meta["date"], meta["date_is_explicit"]) == ("2019-11-23", False)


def test_a_date_only_in_the_markup_is_not_explicit():
    meta = meta_of(body=TEXT + '<abbr class="published" title="2019-11-23">23 Nov</abbr>')
    assert (meta["date"], meta["date_is_explicit"]) == ("2019-11-23", False)
    assert meta_of()["date"] is None


def test_a_date_merely_mentioned_in_the_text_is_not_the_pages_date():
    # htmldate's extensive search would take it; its fast mode does not guess from running text.
    meta = meta_of(body="<p>The council first met on 12 March 2015 to discuss the museum plans for the coast.</p>")
    assert meta["date"] is None


# --- the date written by the headline -------------------------------------------------------------

_LD_2024 = ld_script({"@type": "NewsArticle", "datePublished": "2024-11-22T22:28:12"})


def test_a_date_written_under_the_headline_wins_over_another_day_in_the_markup():
    body = "<h1>Harbour reopens</h1><p>By Ana Okafor</p><p>Updated October 18, 2025</p>" + TEXT
    meta = meta_of(_LD_2024, body)
    assert (meta["date"], meta["date_is_explicit"]) == ("2025-10-18", True)


def test_the_markups_date_of_the_same_day_keeps_its_time():
    body = "<h1>Harbour reopens</h1><p>22 November 2024</p>" + TEXT
    assert meta_of(_LD_2024, body)["date"] == "2024-11-22T22:28:12"


def test_a_date_just_above_the_headline_counts_when_none_is_under_it():
    body = "<p>Ports | 14 March 2023</p><h1>Harbour reopens</h1>" + TEXT
    assert meta_of(_LD_2024, body)["date"] == "2023-03-14"
    # under it wins over above it
    body = "<p>14 March 2023</p><h1>Harbour reopens</h1><p>15 March 2023</p>" + TEXT
    assert meta_of(_LD_2024, body)["date"] == "2023-03-15"


def test_a_date_far_below_the_headline_is_not_the_headlines():
    body = "<h1>Harbour reopens</h1>" + TEXT * 5 + "<p>Related: 3 May 2019</p>"
    assert meta_of(_LD_2024, body)["date"] == "2024-11-22T22:28:12"
    # 600 characters of text under the headline are read, not more
    lines = "".join(f"<p>{'x' * 59}</p>" for _ in range(9))  # 9 lines of 60 characters with the space
    near = f"<h1>Harbour reopens</h1>{lines}<p>{'x' * 49}</p><p>3 May 2019</p>"
    far = f"<h1>Harbour reopens</h1>{lines}<p>{'x' * 60}</p><p>3 May 2019</p>"
    assert meta_of(_LD_2024, near)["date"] == "2019-05-03"
    assert meta_of(_LD_2024, far)["date"] == "2024-11-22T22:28:12"


def test_a_date_just_above_means_the_300_characters_before_the_headline():
    lines = "".join(f"<p>{'x' * 59}</p>" for _ in range(4))
    near = f"<p>3 May 2019</p><p>{'x' * 39}</p>{lines}<h1>Harbour reopens</h1>" + TEXT
    far = f"<p>3 May 2019</p><p>{'x' * 59}</p>{lines}<h1>Harbour reopens</h1>" + TEXT
    assert meta_of(_LD_2024, near)["date"] == "2019-05-03"
    assert meta_of(_LD_2024, far)["date"] == "2024-11-22T22:28:12"


def test_a_date_in_running_text_by_the_headline_is_not_the_headlines():
    # A sentence under the headline mentions a date; the markup's date stays (wcxb-dev half A).
    sentence = "The end of the tax season for most people is April 15, 2025, and many file late every year."
    body = f"<h1>Harbour reopens</h1><p>{sentence}</p>" + TEXT
    assert meta_of(_LD_2024, body)["date"] == "2024-11-22T22:28:12"
    # its characters still count toward the 600 read under the headline
    body = f"<h1>Harbour reopens</h1>{f'<p>{sentence}</p>' * 7}<p>3 May 2019</p>" + TEXT
    assert meta_of(_LD_2024, body)["date"] == "2024-11-22T22:28:12"
    # a date line of up to 80 characters is read
    line = "By Ana Okafor | Harbour correspondent | Updated: Dec 19, 2025 1:06 PM EST"
    assert meta_of(_LD_2024, f"<h1>Harbour reopens</h1><p>{line}</p>" + TEXT)["date"] == "2025-12-19T13:06:00"


@pytest.mark.parametrize("body", [
    "<h1>The vote of 3 March 2023, a year on</h1>" + TEXT,  # the headline's own words
    "<h1>Harbour reopens</h1><script>var d = '3 March 2023';</script><style>/* 3 March 2023 */</style>" + TEXT,
    "<h2>3 March 2023</h2>" + TEXT,  # no headline
])
def test_dates_in_the_headline_in_scripts_or_without_a_headline_are_not_the_headlines(body):
    assert meta_of(_LD_2024, body)["date"] == "2024-11-22T22:28:12"


def test_the_headlines_numeric_date_follows_the_pages_locale():
    body = "<h1>Harbour reopens</h1><p>03/04/2023</p>" + TEXT
    assert meta_of("", body)["date"] == "2023-04-03"
    assert meta_of("", body, attrs=' lang="en-US"')["date"] == "2023-03-04"


def test_numeric_meta_dates_are_month_first_when_the_content_language_is_us_english():
    head = '<meta name="date" content="03/04/2023">'
    assert meta_of(head)["date"] == "2023-04-03"
    assert meta_of(head + '<meta http-equiv="content-language" content="EN-US">')["date"] == "2023-03-04"
    assert meta_of(head, attrs=' lang=" en_us "')["date"] == "2023-03-04"


def test_the_pages_own_dates_say_which_way_its_numeric_dates_are_written():
    body = "<h1>Harbour reopens</h1><p>03/04/2023</p>" + TEXT + "<footer>Archived 12/16/2025</footer>"
    assert meta_of("", body)["date"] == "2023-03-04"  # month first, though no locale says so
    body = "<h1>Harbour reopens</h1><p>03/04/2023</p>" + TEXT + "<footer>Archived 16/12/2025</footer>"
    assert meta_of("", body, attrs=' lang="en-US"')["date"] == "2023-04-03"  # day first, whatever the locale
    both = "<h1>Harbour reopens</h1><p>03/04/2023</p>" + TEXT + "<p>16/12/2025 and 12/16/2025</p>"
    assert meta_of("", both)["date"] == "2023-04-03"  # the page says both: the locale decides
    assert meta_of("", both, attrs=' lang="en-US"')["date"] == "2023-03-04"


def test_a_headline_date_readable_both_ways_is_read_the_way_the_markups_date_is():
    body = "<h1>Harbour reopens</h1><p>10/12/2023</p>" + TEXT
    ld = ld_script({"@type": "NewsArticle", "datePublished": "2023-10-12T19:38:01"})
    assert meta_of(ld, body)["date"] == "2023-10-12T19:38:01"
    ld = ld_script({"@type": "NewsArticle", "datePublished": "2023-12-10T08:00:00"})
    assert meta_of(ld, body)["date"] == "2023-12-10T08:00:00"
    assert meta_of(_LD_2024, body)["date"] == "2023-12-10"  # another day: the page's own reading, day first


@pytest.mark.parametrize("name", ["article:author", "author", "parsely-author", "sailthru.author", "DC.creator",
                                  "dcterms.creator", "citation_author", "byl", "og:article:author",
                                  "cXenseParse:author", "twitter:creator:name"])
def test_author_meta_names_give_the_author(name):
    assert meta_of(f'<meta name="{name}" content="By Ana Okafor">')["author"] == "Ana Okafor"


def test_author_is_json_ld_then_meta_then_parsely_then_the_byline():
    byline = '<p class="byline">By Lena Brandt</p>' + TEXT
    parsely = '<meta name="parsely-page" content=\'{"authors": ["Omar Haddad"]}\'>'
    author = '<meta name="author" content="Ines Moreau">'
    ld = ld_script({"@type": "NewsArticle", "author": "Ana Okafor"})
    assert meta_of(ld + author + parsely, byline)["author"] == "Ana Okafor"
    assert meta_of(author + parsely, byline)["author"] == "Ines Moreau"
    assert meta_of(parsely, byline)["author"] == "Omar Haddad"
    assert meta_of("", byline)["author"] == "Lena Brandt"


_BYLINE = '<h1>Harbour reopens</h1><p class="byline">By Lena Brandt</p>' + TEXT


def test_an_author_meta_naming_the_site_gives_way_to_the_pages_byline():
    site = '<meta property="og:site_name" content="The Courier">'
    assert meta_of(site + '<meta name="author" content="The Courier">', _BYLINE)["author"] == "Lena Brandt"
    assert meta_of(site + '<meta name="author" content="The Courier">')["author"] == "The Courier"  # no byline
    assert meta_of(site + '<meta name="author" content="Ines Moreau">', _BYLINE)["author"] == "Ines Moreau"


@pytest.mark.parametrize(("head", "expected"), [
    ('<meta property="og:site_name" content="Courier"><meta name="application-name" content="App">'
     + ld_script({"@type": "NewsArticle", "publisher": {"name": "Courier Group"}}), "Courier"),
    ('<meta name="application-name" content="App">'
     + ld_script({"@type": "NewsArticle", "publisher": {"name": "Courier Group"}}), "Courier Group"),
    ('<meta name="publisher" content="Courier Press"><meta name="application-name" content="App">', "App"),
    ('<meta name="DC.publisher" content="Courier DC"><meta name="publisher" content="Courier Press">',
     "Courier Press"),
    ('<meta name="DC.publisher" content="Courier DC">', "Courier DC"),
])
def test_source_is_site_name_then_publisher_metadata(head, expected):
    assert meta_of(head + "<title>Harbour reopens</title>")["source"] == expected


def test_source_falls_back_to_the_site_part_of_the_title():
    meta = meta_of("<title>Harbour reopens | The Lakeside Courier</title>", "<h1>Harbour reopens</h1>" + TEXT)
    assert meta["source"] == "The Lakeside Courier"
    assert meta["title"] == "Harbour reopens"


@pytest.mark.parametrize(("head", "expected"), [
    ('<meta property="og:description" content="OG deck"><meta name="description" content="Meta deck">'
     + ld_script({"@type": "NewsArticle", "description": "LD deck"}), "OG deck"),
    ('<meta name="description" content="Meta deck">' + ld_script({"@type": "NewsArticle", "description": "LD deck"}),
     "Meta deck"),
    (ld_script({"@type": "NewsArticle", "description": "LD deck"}), "LD deck"),
])
def test_description_is_opengraph_then_meta_then_json_ld(head, expected):
    assert meta_of(head)["description"] == expected


def test_page_type_fields():
    meta = meta_of('<meta property="og:type" content="Article">'
                   + ld_script([{"@type": "WebSite"}, {"@type": "NewsArticle", "headline": "Harbour reopens"}])
                   + '<link rel="canonical" href="https://news.example.org/harbour">',
                   "<h1>Harbour  reopens</h1><h2>More</h2><h1>Second</h1>" + TEXT)
    assert meta["og_type"] == "article"
    assert meta["ld_types"] == {"website", "newsarticle"}
    assert meta["is_article_ld"]
    assert not meta["has_published_meta"]
    assert meta["headings"] == ["Harbour reopens", "Second"]
    assert meta["url"] == "https://news.example.org/harbour"
    assert meta["title"] == "Harbour reopens"
    bare = meta_of()
    assert (bare["og_type"], bare["ld_types"], bare["is_article_ld"], bare["headings"]) == ("", set(), False, [])
