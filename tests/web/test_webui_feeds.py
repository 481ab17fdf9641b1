"""The OpenSearch description and the Atom feeds of searches."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from webui_fixtures import XSS_SCRIPT, page

ATOM = "{http://www.w3.org/2005/Atom}"
OS = "{http://a9.com/-/spec/opensearch/1.1/}"


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/opensearchdescription+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{OS}OpenSearchDescription"
    assert root.findtext(f"{OS}ShortName") == "Newsdex"
    templates = {url.get("type"): url.get("template") for url in root.findall(f"{OS}Url")}
    assert templates["text/html"].startswith("http://localhost/search?q={searchTerms}")
    assert templates["application/atom+xml"] == "http://localhost/search.atom?q={searchTerms}"


def test_every_page_links_the_opensearch_description(client):
    for path in ("/", "/people", "/help"):
        link = page(client.get(path)).select_one('head link[rel="search"]')
        assert link["href"] == "/opensearch.xml"
        assert link["type"] == "application/opensearchdescription+xml"


def test_atom_feed_lists_a_search_newest_first(client):
    response = client.get("/search.atom?q=kishida&country=Japan")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    assert "kishida" in feed.findtext(f"{ATOM}title") and "Japan" in feed.findtext(f"{ATOM}title")
    assert feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}updated") == "2023-11-20T00:00:00Z"
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Newsdex"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True)
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 5
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "Yoon and Kishida discuss trade"
    link = first.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert urlsplit(link).path.startswith("/article/")
    assert first.find(f"{ATOM}summary").get("type") == "html"
    summary = first.findtext(f"{ATOM}summary")
    assert "Fumio Kishida discussed trade" in re.sub(r"</?mark[^>]*>", "", summary), "highlights are markup only"
    assert {c.get("term") for c in first.findall(f"{ATOM}category")} == {
        "Yoon Suk Yeol", "Fumio Kishida", "South Korea", "Japan"}
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert parse_qs(urlsplit(self_link).query) == {"q": ["kishida"], "country": ["Japan"]}


def test_atom_feed_escapes_markup(client):
    response = client.get("/search.atom", query_string={"q": "budget " + XSS_SCRIPT})
    assert b"<script>" not in response.data
    feed = ET.fromstring(response.data)  # well-formed despite the markup in query and article
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert f"Budget row {XSS_SCRIPT} in parliament" in titles
    summary = feed.find(f"{ATOM}entry/{ATOM}summary").text
    assert "<script>" not in summary  # escaped HTML inside the (escaped) XML


def test_atom_feed_of_all_articles_and_of_bad_queries(client):
    feed = ET.fromstring(client.get("/search.atom").data)
    assert len(feed.findall(f"{ATOM}entry")) == 12
    bad = client.get("/search.atom", query_string={"q": "x" * 1001})
    assert bad.status_code == 400
    odd = client.get("/search.atom", query_string={"q": 'AND OR "'})
    assert odd.status_code == 200
    ET.fromstring(odd.data)


def parsed(client, query: str):
    """The feed of ``/search.atom?query``, read by a real feed parser, which must not find it malformed."""
    response = client.get("/search.atom?" + query)
    assert response.status_code == 200
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.mark.parametrize("query", ["", "q=kishida&country=Japan", "q=fishing", "q=zebra", "year=2022&source=Kyodo"])
def test_feeds_parse_in_a_feed_reader_with_real_dates(client, query):
    feed = parsed(client, query)
    assert feed.feed.updated_parsed.tm_year > 1970, feed.feed.updated
    for entry in feed.entries:
        assert entry.updated_parsed.tm_year > 1970, (entry.title, entry.updated)


def test_feed_is_updated_with_its_newest_article_and_undated_entries_with_their_file(client, index_root):
    feed = parsed(client, "")
    assert feed.feed.updated == "2023-11-20T00:00:00Z"  # the newest dated article
    undated = {entry.title: entry.updated for entry in feed.entries if "published" not in entry}
    files = {"Fishing season opens": "undated-note.txt",
             "Nguyễn Phú Trọng addresses party congress": "trong-speech.txt"}
    assert set(undated) == set(files)
    for title, name in files.items():
        modified = (index_root.parent / "corpus" / name).stat().st_mtime
        assert undated[title] == datetime.fromtimestamp(modified, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), title


def test_feed_without_dated_articles_is_updated_when_the_index_was_built(client, index_root):
    built = datetime.fromtimestamp((index_root / "current" / "manifest.json").stat().st_mtime, UTC)
    for query in ("q=fishing", "q=zebra"):
        assert parsed(client, query).feed.updated == built.strftime("%Y-%m-%dT%H:%M:%SZ"), query


def test_feed_categories_say_whether_they_are_people_or_countries(client):
    entry = parsed(client, "q=semiconductors").entries[0]
    kinds = {(tag.scheme, tag.term, tag.label) for tag in entry.tags}
    assert kinds == {
        ("urn:newsdex:person", "Yoon Suk Yeol", "Yoon Suk Yeol"),
        ("urn:newsdex:person", "Fumio Kishida", "Fumio Kishida"),
        ("urn:newsdex:country", "South Korea", "South Korea"),
        ("urn:newsdex:country", "Japan", "Japan"),
    }
