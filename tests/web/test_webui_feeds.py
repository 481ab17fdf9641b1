"""The OpenSearch description and the Atom feeds of searches."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

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
