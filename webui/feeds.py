"""The OpenSearch description and an Atom feed for any search (newest first)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, url_for

from indexer.search import QueryError
from indexer.search.registry import facets
from webui.index import get_index
from webui.params import ParamError, read_state
from webui.security import error_response

bp = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
FEED_SIZE = 20
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TAGS = re.compile(r"<[^>]*>")


@bp.route("/opensearch.xml")
def opensearch():
    ET.register_namespace("", OPENSEARCH)
    root = ET.Element(f"{{{OPENSEARCH}}}OpenSearchDescription")
    _add(root, OPENSEARCH, "ShortName", "Newsdex")
    _add(root, OPENSEARCH, "Description", "Search the Newsdex news archive")
    _add(root, OPENSEARCH, "InputEncoding", "UTF-8")
    _add(root, OPENSEARCH, "OutputEncoding", "UTF-8")
    search_url = url_for("search.search", _external=True)
    ET.SubElement(root, f"{{{OPENSEARCH}}}Url", type="text/html", method="get",
                  template=search_url + "?q={searchTerms}&page={startPage?}")
    ET.SubElement(root, f"{{{OPENSEARCH}}}Url", type="application/atom+xml", method="get",
                  template=url_for("feeds.atom", _external=True) + "?q={searchTerms}")
    ET.SubElement(root, f"{{{OPENSEARCH}}}Url", type="application/json", method="get",
                  template=url_for("api.search", _external=True) + "?q={searchTerms}&page={startPage?}")
    _add(root, OPENSEARCH, "Image", url_for("static", filename="favicon.svg", _external=True),
         type="image/svg+xml", width="16", height="16")
    return _xml(root, "application/opensearchdescription+xml")


@bp.route("/search.atom")
def atom():
    try:
        state = read_state()
        index = get_index()
        result = index.search(state.request(page=1, page_size=FEED_SIZE, sort="newest"))
    except (ParamError, QueryError) as exc:
        return error_response(400, str(exc))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    described = _describe(state)
    _add(feed, ATOM, "title", f"Newsdex: {described}")
    page_url = state.url(_external=True, sort="newest", page=1, page_size=None, expand=None)
    self_url = state.url("feeds.atom", _external=True, sort=None, page=None, page_size=None, expand=None)
    _add(feed, ATOM, "id", self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=page_url)
    dates = [_rfc3339(hit.date) for hit in result.hits if hit.date]
    # Atom requires a time; with no dated article the feed last changed when the index was built.
    _add(feed, ATOM, "updated", max(dates) if dates else _format(index.built))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _add(author, ATOM, "name", "Newsdex")
    _add(feed, ATOM, "generator", "Newsdex")
    for hit in result.hits:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _add(entry, ATOM, "title", hit.title or "(untitled)")
        article_url = url_for("browse.article", article_id=hit.id, _external=True)
        _add(entry, ATOM, "id", article_url)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=article_url)
        if hit.url and hit.url.startswith(("http://", "https://")):
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="via", href=_clean(hit.url))
        if hit.date:
            _add(entry, ATOM, "updated", _rfc3339(hit.date))
            _add(entry, ATOM, "published", _rfc3339(hit.date))
        else:  # no publication date: the article changed last when its file did
            modified = index.file_modified(index.article(hit.id)["path"])
            _add(entry, ATOM, "updated", _format(modified or index.built))
        if hit.source:
            source = ET.SubElement(entry, f"{{{ATOM}}}author")
            _add(source, ATOM, "name", hit.source)
        # A category's scheme tells a feed reader which facet it is of: people, countries, ...
        for definition in facets():
            for label in hit.values.get(definition.name, []) if definition.feed_category else []:
                ET.SubElement(entry, f"{{{ATOM}}}category", scheme=definition.feed_scheme, term=_clean(label),
                              label=_clean(label))
        # The snippet is HTML already (escaped text plus <mark>); as type="html" it is escaped once more here.
        _add(entry, ATOM, "summary", hit.snippet, type="html")
    return _xml(feed, "application/atom+xml")


def _describe(state) -> str:
    parts = [f"“{state.q}”"] if state.q else []
    for name, values in state.filters.items():
        parts.append(f"{name}: {' or '.join(values)}")
    return ", ".join(parts) or "all articles"


def _rfc3339(date: str) -> str:
    moment = datetime.fromisoformat(date)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return _format(moment)


def _format(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _add(parent, namespace: str, tag: str, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{namespace}}}{tag}", **attrs)
    element.text = _clean(text)
    return element


def _xml(root: ET.Element, mimetype: str) -> Response:
    body = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + body, mimetype=mimetype)
