"""The page's metadata (title, url, date, author, source and what the page says it is), from the most
explicit source to the least: JSON-LD, OpenGraph and ``article:`` meta, other meta, then the page itself."""

from __future__ import annotations

import json
import logging
from html import unescape

import htmldate

from indexer.readers.html.bylines import (
    _author_meta,
    _byline_author,
    _byline_date,
    _byline_nodes,
    _join_names,
    _time_element_date,
    _url_date,
)
from indexer.readers.html.title import _title
from indexer.readers.html.tree import _clean, _fold, _text
from indexer.text.dates import find_date, written_day_first

logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "asknewsarticle", "askpublicnewsarticle",
    "satiricalarticle", "blogposting", "liveblogposting", "socialmediaposting", "report",
    "techarticle", "scholarlyarticle", "posting",
}


def _metadata(tree) -> dict:
    metas = _meta_tags(tree)
    ld = _json_ld(tree)
    parsely = _parsely_page(metas)
    found: list = []

    def bylines() -> list:  # computed only when explicit metadata lacks a date or an author
        if not found:
            found.append(_byline_nodes(tree))
        return found[0]

    source = _first(
        metas.get("og:site_name"), ld["publisher"], metas.get("application-name"),
        metas.get("publisher"), metas.get("dc.publisher"),
    )
    url = _pick_url(tree, metas, ld)
    title, title_site = _title(tree, metas, ld, parsely, source, url)
    order: list[bool] = []

    def read_date(value: str) -> str | None:
        """The date in ``value``; the page's order of day and month is looked up only for a date that
        reads both ways, which most pages never have (it reads the whole page's text)."""
        day_first, month_first = find_date(value, day_first=True), find_date(value, day_first=False)
        if day_first == month_first:
            return day_first
        if not order:
            order.append(_day_first(tree, metas))
        return day_first if order[0] else month_first

    date = None
    for source_of_date in (
        lambda: ld["date"],
        *(lambda key=key: metas.get(key) for key in _DATE_META),
        lambda: parsely.get("pub_date"),
        lambda: _time_element_date(tree),
        lambda: _byline_date(bylines()),
        lambda: _url_date(url),
    ):
        value = source_of_date()
        date = read_date(value) if isinstance(value, str) else None
        if date:
            break
    # The date written by the headline is the one the reader sees; the markup's, when it is the same
    # day, says the time as well, and which way a numeric date both ways readable is written
    # (``10/12/2023`` beside a markup date of 2023-10-12 is month first).
    by_headline = _date_by_headline(tree)
    if by_headline:
        shown = read_date(by_headline)
        readings = {find_date(by_headline, day_first=reading)[:10] for reading in (True, False)}
        if date is None or date[:10] not in readings:
            date = shown
    # A listing page carries its teasers' dates in its markup too: such a date says nothing of the
    # page's kind (page_kind.py), only of when an article was published.
    date_is_explicit = date is not None
    if date is None:
        found_in_markup = _dated_in_markup(tree)
        date = find_date(found_in_markup) if found_in_markup else None
        if date and date[:10] in _modified_days(ld, metas):
            date = None  # htmldate falls back on the modified date when it finds no other
    author = _first(
        _join_names(ld["authors"]),
        *(_author_meta(metas.get(key)) for key in _AUTHOR_META),
        _join_names(parsely.get("authors") or []),
    )
    if not author or _is_site_name(author, source or title_site):
        # Many sites' markup credits the site itself; the byline on the page names the writer.
        author = _byline_author(tree, bylines()) or author
    return {
        "title": title,
        "url": url,
        "date": date,
        "date_is_explicit": date_is_explicit,  # from metadata, a <time>, a byline or the address
        "author": author,
        "source": source or title_site,
        "description": _first(metas.get("og:description"), metas.get("description"), ld["description"]),
        "og_type": (metas.get("og:type") or "").lower(),
        "ld_types": ld["types"],
        "is_article_ld": ld["is_article"],
        "has_published_meta": any(metas.get(key) for key in _DATE_META),
        "headings": [_text(node) for node in tree.iter("h1")],
    }


# How far from the headline a date is still the one written by it: the byline and date lines under
# it, a kicker or date line above it.
_AFTER_HEADLINE_CHARS = 600
_BEFORE_HEADLINE_CHARS = 300
_UNSEEN = {"script", "style", "noscript", "template"}
# The longest piece of text read as a date line ("By Ana Okafor | Updated: Dec 19, 2025 1:06 PM EST"):
# a longer one is a sentence of the article or a standfirst.
_DATE_LINE_CHARS = 80


def _date_by_headline(tree) -> str | None:
    """The text just under the page's first <h1> (else just above it) when it holds a date: the date the
    reader sees, which is the one a page means when its markup holds another (a page "Updated
    October 8, 2025" whose JSON-LD still says 2024; wcxb-dev, docs/extraction.md)."""
    headline = next(tree.iter("h1"), None)
    if headline is None:
        return None
    before: list[str] = []
    after: list[str] = []
    after_chars = 0
    inside = set(headline.iter())
    hidden = {node for unseen in tree.iter(*_UNSEEN) for node in unseen.iter()}
    passed = False
    for node in tree.iter():
        if node is headline:
            passed = True
        if not isinstance(node.tag, str) or node in hidden:
            pieces = [node.tail]
        else:
            pieces = [node.text, node.tail]
        for k, piece in enumerate(pieces):
            if not piece or not piece.strip():
                continue
            if node in inside and not (node is headline and k == len(pieces) - 1):
                continue  # the headline's own words
            if passed:
                after.append(" ".join(piece.split()))
                after_chars += len(piece)
            else:
                before.append(" ".join(piece.split()))
        if after_chars > 2 * _AFTER_HEADLINE_CHARS:
            break
    text_after = " ".join(_date_lines(after, _AFTER_HEADLINE_CHARS))
    text_before = " ".join(reversed(_date_lines(before[::-1], _BEFORE_HEADLINE_CHARS, from_end=True)))
    return next((text for text in (text_after, text_before) if find_date(text)), None)


def _date_lines(pieces: list[str], reach: int, *, from_end: bool = False) -> list[str]:
    """The pieces that start within ``reach`` characters (counted from the last piece when ``from_end``),
    running text left out: a date a sentence mentions ("the 2025 tax season ends on April 15, 2025") is
    not the page's. Its characters still count toward the reach."""
    kept, seen = [], 0
    for piece in pieces:
        if seen >= reach:
            break
        if len(piece) <= _DATE_LINE_CHARS:
            room = reach - seen
            kept.append(piece[-room:] if from_end else piece[:room])
        seen += len(piece) + 1
    return kept


def _dated_in_markup(tree) -> str | None:
    """The publication date htmldate reads from the page's markup and text, when nothing explicit gave
    one: its patterns for dates in class names, headers and free text catch what the sources above
    miss (docs/extraction.md). Its fast mode only: the extensive search guesses from any date in the
    text and loses more than it finds."""
    try:
        return htmldate.find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - a date is optional; the page is read without one
        return None


def _modified_days(ld: dict, metas: dict) -> set[str]:
    values = (ld["modified"], *(metas.get(key) for key in _MODIFIED_META))
    days = (find_date(value) for value in values if isinstance(value, str))
    return {day[:10] for day in days if day}


def _day_first(tree, metas: dict) -> bool:
    """Whether the page's numeric dates put the day first (``03/04/2023`` is 3 April). The page's own
    dates tell where one of them has a number over 12 there (``16/03/2023``, ``12/16/2025``); else a
    declared United States locale means month first, and any other page, ``lang="en"`` included,
    reads them day first, as the rest of the world writes them."""
    written = written_day_first(tree.text_content())
    if written is not None:
        return written
    declared = (tree.get("lang"), metas.get("og:locale"), metas.get("content-language"))
    return not any((value or "").strip().replace("_", "-").lower() == "en-us" for value in declared)


_DATE_META = (
    "article:published_time", "og:article:published_time", "article.published", "published_time",
    "datepublished", "article:published", "pubdate", "publishdate", "publish-date", "publish_date",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.date", "dcterms.issued",
    "dcterms.created", "dc.date.created", "citation_publication_date", "citation_date", "date",
    "article_date_original", "originalpublicationdate", "cxenseparse:recs:publishtime", "displaydate",
)
# When the page was changed, which is never when it was published: on wcxb-dev half A, where this was
# written, taken as the date when no other source had one it was right on 2 pages and wrong on 16
# (docs/extraction.md).
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified",
)
_AUTHOR_META = (
    "article:author", "author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator",
    "citation_author", "byl", "og:article:author", "cxenseparse:author", "twitter:creator:name",
)



def _is_site_name(author: str, site: str) -> bool:
    """Whether the markup's author is the site or publisher ("GlossGenius" on GlossGenius' blog)."""
    return bool(site) and _fold(author) == _fold(site)


def _meta_tags(tree) -> dict[str, str]:
    """``name``/``property``/``itemprop`` of each ``<meta>`` (lower case) -> first non-empty content."""
    found: dict[str, str] = {}
    for node in tree.iter("meta"):
        content = node.get("content")
        if content is None:
            content = node.get("datetime") or node.get("value")
        content = _clean(_unescape(content or ""))
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (node.get(attr) or "").strip().lower()
            if key and key not in found:
                found[key] = content
    return found


def _json_ld(tree) -> dict:
    """The article fields of the page's JSON-LD (``NewsArticle`` and kin, in ``@graph`` or lists too)."""
    result = {"title": "", "date": None, "modified": None, "authors": [], "publisher": "", "url": "",
              "description": "", "types": set(), "is_article": False}
    objects: list[dict] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        raw = script.text.strip().removeprefix("<![CDATA[").removesuffix("]]>").strip().rstrip(";")
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                objects.append(item)
                for key in ("@graph", "mainEntity"):
                    if isinstance(item.get(key), (list, dict)):
                        stack.append(item[key])
    by_id = {obj.get("@id"): obj for obj in objects if isinstance(obj.get("@id"), str)}
    for obj in objects:
        result["types"].update(_types(obj))
    articles = [obj for obj in objects if _types(obj) & _ARTICLE_TYPES]
    if not articles:
        return result
    result["is_article"] = True
    art = articles[0]
    result["title"] = _clean(_scalar(art.get("headline")) or _scalar(art.get("name")))
    result["description"] = _clean(_scalar(art.get("description")))
    for key in ("datePublished", "dateCreated", "uploadDate"):
        if _scalar(art.get(key)):
            result["date"] = _scalar(art.get(key))
            break
    result["modified"] = _scalar(art.get("dateModified")) or None
    authors = art.get("author") or art.get("creator") or []
    for person in authors if isinstance(authors, list) else [authors]:
        if isinstance(person, dict) and "name" not in person and person.get("@id") in by_id:
            person = by_id[person["@id"]]
        name = _clean(_scalar(person.get("name")) if isinstance(person, dict) else _scalar(person))
        if name and not name.lower().startswith("http") and name not in result["authors"]:
            result["authors"].append(name)
    publisher = art.get("publisher") or {}
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else {}
    if isinstance(publisher, dict):
        if "name" not in publisher and publisher.get("@id") in by_id:
            publisher = by_id[publisher["@id"]]
        result["publisher"] = _clean(_scalar(publisher.get("name")))
    page = art.get("mainEntityOfPage")
    page = page.get("@id") if isinstance(page, dict) else page
    result["url"] = _scalar(art.get("url")) or _scalar(page) or ""
    return result


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower().rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def _scalar(value) -> str:
    while isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    return _unescape(value) if isinstance(value, str) else ""


def _unescape(value: str) -> str:
    """Undo entity escaping that publishers apply twice (``&amp;#8217;`` in meta, ``&#163;`` in JSON)."""
    return unescape(value) if "&" in value else value


def _parsely_page(metas: dict) -> dict:
    try:
        value = json.loads(metas.get("parsely-page", "") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _first(*values) -> str:
    for value in values:
        value = _clean(value) if isinstance(value, str) else ""
        if value:
            return value
    return ""


def _pick_url(tree, metas: dict, ld: dict) -> str:
    canonical = ""
    for node in tree.iter("link"):
        if "canonical" in (node.get("rel") or "").lower().split() and node.get("href"):
            canonical = node.get("href").strip()
            break
    candidates = [canonical, metas.get("og:url", ""), ld["url"]]
    for value in candidates:
        if value.startswith(("http://", "https://")):
            return value
    return _first(*candidates)
