"""HTML reader: one news article per page, with its metadata, or ``SkipFile`` for a non-article page.

The page is decoded with :func:`indexer.readers.decoding.decode` (declared charset first) and
parsed once with lxml. Metadata comes from that tree, from the most explicit source to the
least (JSON-LD, OpenGraph and ``article:`` meta, other common meta, ``<time>``, bylines,
headings, ``<title>``). The body is trafilatura's main-content tree, cleaned further here
(title repeats, related-link lists, share and newsletter prompts, captions) and written out
with paragraphs separated by blank lines. See ``docs/extraction.md`` for the figures.

Dates are the publisher's local wall-clock time, with any UTC offset dropped:
``YYYY-MM-DD`` when only the day is known, else ``YYYY-MM-DDTHH:MM:SS``.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from html import unescape
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura
from bs4.dammit import EncodingDetector

from indexer.article import Article, article_id
from indexer.readers.decoding import decode
from indexer.readers.errors import SkipFile
from indexer.text.dates import find_date
from indexer.text.fold import fold

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

__all__ = ["read"]

# Bodies shorter than this (in words) are not taken for an article.
MIN_BODY_WORDS = 25

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")

_ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "asknewsarticle", "askpublicnewsarticle",
    "satiricalarticle", "blogposting", "liveblogposting", "socialmediaposting", "report",
    "techarticle", "scholarlyarticle", "posting",
}
# JSON-LD types of index pages (a bare "WebSite" node is on many article pages too, so it is not one).
_LIST_TYPES = {"collectionpage", "itemlist", "searchresultspage", "profilepage"}

_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|«|·|•|//|:)\s+")

# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def read(path: str, data: bytes) -> list[Article]:
    """Read the article on an HTML page; ``SkipFile`` with a reason for anything else."""
    text = decode(data, _declared_charset(data))
    try:
        return [_read_text(path, text)]
    except SkipFile:
        raise
    except RecursionError as exc:
        raise SkipFile("page too deeply nested to parse") from exc
    except Exception as exc:  # noqa: BLE001 - the reader contract: a bad page is skipped, never fatal
        raise SkipFile(f"cannot parse HTML: {exc.__class__.__name__}: {exc}"[:200]) from exc


def _read_text(path: str, text: str) -> Article:
    tree = _parse(text)
    if tree is None or not _has_visible_text(tree):
        raise SkipFile("no readable text: the page holds only scripts, styles or markup")
    meta = _metadata(tree)
    reason = _page_kind_reason(tree, meta)
    if reason:
        raise SkipFile(reason)
    body = _body(tree, meta, text)  # last: trafilatura prunes the tree it is given
    if len(_WORD.findall(body)) < MIN_BODY_WORDS:
        raise SkipFile("not an article: no article text found (front page, list of links or stub)")
    return Article(
        id=article_id(path, 0),
        path=path,
        title=meta["title"],
        body=body,
        format="html",
        url=meta["url"],
        date=meta["date"],
        source=meta["source"],
        author=meta["author"],
    )


# ---------------------------------------------------------------------------------------------
# Decoding and parsing
# ---------------------------------------------------------------------------------------------


def _declared_charset(data: bytes) -> str | None:
    """The charset an XML declaration, ``<meta charset>`` or ``http-equiv`` tag declares, if any."""
    return EncodingDetector.find_declared_encoding(data[:4096], is_html=True)


# Tags kept when a page nests too deeply for libxml2 (max depth 255) and must be flattened.
_FLAT_KEEP = re.compile(
    r"</?(?!(?:html|head|title|meta|link|script|style|body|p|h[1-6]|br|li|time|a|blockquote)\b)[a-z][^>]*>",
    re.I,
)


def _parse(text: str) -> lxml.html.HtmlElement | None:
    text = _INVALID_XML_CHARS.sub("", _XML_DECL.sub("", text, count=1))
    if not text.strip():
        return None
    tree, too_deep = _fromstring(text)
    if too_deep:
        # libxml2 drops everything past depth 255: flatten the markup and parse again.
        tree, too_deep = _fromstring(_FLAT_KEEP.sub(" ", text))
    if too_deep:
        tree, _ = _fromstring(re.sub(r"<(?!/?(?:p|title|script|style)\b)[^>]*>", " ", text, flags=re.I))
    return tree


def _fromstring(text: str) -> tuple[lxml.html.HtmlElement | None, bool]:
    """The parsed page, and whether libxml2 hit its nesting limit (dropping what lies deeper)."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None, False
    return tree, any("depth" in str(entry.message).lower() for entry in parser.error_log)


_VISIBLE_TEXT = lxml.etree.XPath(
    "boolean(//body//text()[normalize-space()]"
    "[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)])"
)


def _has_visible_text(tree) -> bool:
    return bool(_VISIBLE_TEXT(tree))


def _has_ancestor(node, tags) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _text(node) -> str:
    return _clean(node.text_content()) if node is not None else ""


def _clean(value) -> str:
    if not isinstance(value, str):
        return ""
    return _WS.sub(" ", unicodedata.normalize("NFC", value)).strip()


# ---------------------------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------------------------


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
    day_first = not _writes_month_first(tree, metas)
    date = None
    for source_of_date in (
        lambda: ld["date"],
        *(lambda key=key: metas.get(key) for key in _DATE_META),
        lambda: parsely.get("pub_date"),
        lambda: _time_element_date(tree),
        lambda: _byline_date(bylines()),
        lambda: _url_date(url),
        lambda: ld["modified"],
        *(lambda key=key: metas.get(key) for key in _MODIFIED_META),
    ):
        value = source_of_date()
        date = find_date(value, day_first=day_first) if isinstance(value, str) else None
        if date:
            break
    author = _first(
        _join_names(ld["authors"]),
        *(_author_meta(metas.get(key)) for key in _AUTHOR_META),
        _join_names(parsely.get("authors") or []),
    ) or _byline_author(tree, bylines())
    return {
        "title": title,
        "url": url,
        "date": date,
        "author": author,
        "source": source or title_site,
        "description": _first(metas.get("og:description"), metas.get("description"), ld["description"]),
        "og_type": (metas.get("og:type") or "").lower(),
        "ld_types": ld["types"],
        "is_article_ld": ld["is_article"],
        "has_published_meta": any(metas.get(key) for key in _DATE_META),
        "headings": [_text(node) for node in tree.iter("h1")],
    }


def _writes_month_first(tree, metas: dict) -> bool:
    """Whether the page declares a United States locale, whose numeric dates are month first (``03/04/2023``
    is 4 March there). Any other page, ``lang="en"`` included, reads them day first, as the rest of the
    world writes them."""
    declared = (tree.get("lang"), metas.get("og:locale"), metas.get("content-language"))
    return any((value or "").strip().replace("_", "-").lower() == "en-us" for value in declared)


_DATE_META = (
    "article:published_time", "og:article:published_time", "article.published", "published_time",
    "datepublished", "article:published", "pubdate", "publishdate", "publish-date", "publish_date",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.date", "dcterms.issued",
    "dcterms.created", "dc.date.created", "citation_publication_date", "citation_date", "date",
    "article_date_original", "originalpublicationdate", "cxenseparse:recs:publishtime", "displaydate",
)
# Last resort, after the page's own dates and the URL's: when it was changed.
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified",
)
_AUTHOR_META = (
    "article:author", "author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator",
    "citation_author", "byl", "og:article:author", "cxenseparse:author", "twitter:creator:name",
)


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


# --- title -----------------------------------------------------------------------------------


def _title(tree, metas: dict, ld: dict, parsely: dict, site: str, url: str) -> tuple[str, str]:
    """The headline, and a site name found next to it in ``<title>`` (used when no other is known)."""
    title_tag = _clean(tree.findtext(".//title") or "")
    headings = _headings(tree)
    for value in (ld["title"], metas.get("og:title"), metas.get("twitter:title"), parsely.get("title"),
                  metas.get("parsely-title"), metas.get("sailthru.title"), metas.get("dc.title")):
        value = _clean(value)
        if value:
            return _strip_site(value, site, headings, url)[0], ""
    if title_tag:
        return _strip_site(title_tag, site, headings, url)
    return (headings[0][0] if headings[0] else ""), ""


_LOGO_MARKS = re.compile(r"logo|site-?title|site-?name|blog-?title|brand|masthead", re.I)


def _headings(tree) -> tuple[list[str], list[str]]:
    """Headline candidates (``<h1>``, then h2/h3 marked title or headline) and site-logo headings."""
    headlines: list[str] = []
    logos: list[str] = []
    nodes = list(tree.iter("h1"))
    for tag in ("h2", "h3"):
        nodes += [node for node in tree.iter(tag) if re.search("title|headline", _marks(node), re.I)]
    for node in nodes:
        text = _text(node)
        if not text:
            continue
        parent = node.getparent()
        marks = _marks(node) + (" " + _marks(parent) if parent is not None else "")
        hrefs = [a.get("href") or "" for a in node.iter("a")]
        home_link = any(urlsplit(href).path in ("", "/") and not href.startswith("#") for href in hrefs)
        (logos if _LOGO_MARKS.search(marks) or home_link else headlines).append(text)
    return headlines, logos


def _strip_site(
    title: str, site: str, headings: tuple[list[str], list[str]], url: str = ""
) -> tuple[str, str]:
    """Drop a site name before or after the headline in a page title; returns (headline, site)."""
    seps = list(_TITLE_SEPARATORS.finditer(title))
    key = _fold(title)
    headlines, logos = headings
    folded_headlines = [_fold(text) for text in headlines]
    if not seps or key in folded_headlines:
        return title, ""
    first, last = seps[0], seps[-1]
    options = (  # (headline, site part) when the site name is the suffix, then when it is the prefix
        (title[: last.start()], title[last.end():]),
        (title[first.end():], title[: first.start()]),
    )
    # 1. A site-logo heading is one side of the title; else a headline heading is.
    folded_logos = {_fold(text) for text in logos}
    for headline, site_part in options:
        if _fold(site_part) in folded_logos:
            same = [text for text, folded in zip(headlines, folded_headlines, strict=True)
                    if folded == _fold(headline)]
            return (same[0] if same else _clean(headline)), _clean(site_part)
    for headline, site_part in options:
        for text, folded in zip(headlines, folded_headlines, strict=True):
            if folded == _fold(headline):
                return text, _clean(site_part)
    # 2. One side names the site (og:site_name, publisher, or the host of the page's URL).
    sites = {_squash(site), _squash(urlsplit(url).hostname or "").removeprefix("www")} - {""}
    for headline, site_part in options:
        part = _squash(site_part)
        if part and any(part in known or known in part for known in sites):
            return _clean(headline), _clean(site_part)
    # 3. No known site name: drop a short last segment that reads like one ("Headline - Daily Post").
    headline, site_part = options[0]
    if len(site_part.split()) <= 4 and len(site_part) < len(title) / 2:
        return _clean(headline), _clean(site_part)
    return title, ""


def _squash(text: str) -> str:
    """Letters and digits only, lower case: "Global Voices Online" and globalvoicesonline.org meet."""
    text = re.sub(r"\W+|_", "", _fold(text))
    return re.sub(r"(com|org|net|co|uk|de|fr)$", "", text) if "." not in text else text


def _fold(text: str) -> str:
    """The key that headlines, site names and link texts are matched by: folded, spaces collapsed."""
    return " ".join(fold(text or "").split())


# --- dates -----------------------------------------------------------------------------------

_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")


def _time_element_date(tree) -> str | None:
    """``datetime`` of the page's publication ``<time>``: marked as such if any, else the first."""
    first = None
    for node in tree.iter("time"):
        value = node.get("datetime") or node.text_content()
        if not value or _in_comments(node):
            continue
        marks = f"{node.get('class', '')} {node.get('itemprop', '')} {node.get('id', '')}".lower()
        if node.get("pubdate") is not None or "publish" in marks or "created" in marks:
            return value
        if "modif" not in marks and "update" not in marks and first is None:
            first = value
    for node in tree.xpath('//*[@itemprop="datePublished"]'):
        value = node.get("content") or node.get("datetime") or node.text_content()
        if value:
            return value
    return first


# Class or id tokens of bylines and publication lines ("byline", "post-author", "entry-date", ...).
_BYLINE_MARKS = re.compile(
    r"(?:^|[\s_-])(?:byline|author|authors|author-?name|posted-?by|posted-?on|dateline|published|pubdate|"
    r"post-?meta|entry-?meta|article-?meta|story-?meta|date|timestamp|publish-?date)(?:$|[\s_-])",
    re.I,
)
_AUTHOR_MARKS = re.compile(r"(?:^|[\s_-])(?:byline|author|authors|author-?name|posted-?by)(?:$|[\s_-])", re.I)
_MARKED = lxml.etree.XPath("//body//*[@class or @id]")
_BYLINE_HINT = re.compile(r"byline|author|posted|dateline|publish|meta|date|timestamp", re.I)
_COMMENT_MARKS = re.compile(r"comment|respon|reply|disqus|sidebar|widget|related", re.I)


def _marks(node) -> str:
    return f"{node.get('class', '')} {node.get('id', '')}"


def _in_comments(node) -> bool:
    while node is not None:
        if isinstance(node.tag, str) and _COMMENT_MARKS.search(_marks(node)):
            return True
        node = node.getparent()
    return False


_NOT_BYLINE_TAGS = ("body", "html", "article", "main", "script", "style", "img")


def _byline_nodes(tree) -> list:
    """Elements whose class or id marks a byline or publication line, outside comments."""
    return [
        node for node in _MARKED(tree)
        if _BYLINE_HINT.search(_marks(node)) and node.tag not in _NOT_BYLINE_TAGS
        and _BYLINE_MARKS.search(_marks(node)) and not _in_comments(node)
    ]


def _byline_date(bylines: list) -> str | None:
    for node in bylines:
        text = _text(node)
        if 6 <= len(text) <= 200 and find_date(text):
            return text
    return None


def _url_date(url: str) -> str | None:
    match = _URL_DATE.search(urlsplit(url).path) if url else None
    return "-".join(match.groups()) if match else None


# --- authors ---------------------------------------------------------------------------------

_BY = re.compile(
    r"^(?:(?:written|posted|story|text|words|analysis|opinion|commentary|review|reporting)\s+)?by[:\s]+", re.I
)
_AUTHOR_JUNK = re.compile(r"https?://|www\.|@|\d{3}|\bupdated\b|\bpublished\b", re.I)


_NOT_NAMES = {"author", "authors", "by", "contributor", "contributors", "about the author", "posted", "share",
              "more", "admin", "administrator", "anonymous", "unknown", "none", "null"}


def _author_meta(value) -> str:
    value = _clean(value)
    if not value or value.lower().startswith(("http://", "https://", "www.")):
        return ""
    return _clean_author(value)


def _clean_author(value: str) -> str:
    value = _clean(_BY.sub("", _clean(value)))
    value = re.split(r"\s+(?:\||·|•|–|—)\s+|\s{2,}|,\s*(?:updated|published|posted)", value)[0]
    value = value.strip(" ,;:|-")
    if not value or len(value) > 80 or len(value.split()) > 10 or _AUTHOR_JUNK.search(value):
        return ""
    if value.lower() in _NOT_NAMES:
        return ""
    return value


def _join_names(names) -> str:
    if isinstance(names, str):
        names = [names]
    cleaned = []
    for name in names:
        name = _author_meta(name) if isinstance(name, str) else ""
        if name and name not in cleaned:
            cleaned.append(name)
    return ", ".join(cleaned)


def _byline_author(tree, bylines: list) -> str:
    for node in tree.xpath('//*[@rel="author" or @itemprop="author"]'):
        if _in_comments(node):
            continue
        name = node.xpath('.//*[@itemprop="name"]')
        text = _clean_author(_text(name[0]) if name else _text(node))
        if text:
            return text
    for node in bylines:
        if not _AUTHOR_MARKS.search(_marks(node)):
            continue
        links = node.xpath('.//a[contains(@href, "/author/") or contains(@href, "/authors/")'
                           ' or contains(@href, "/profile/") or contains(@href, "/by/")]')
        names = [_clean_author(_text(link)) for link in links]
        names = [name for name in names if name]
        if names:
            return ", ".join(dict.fromkeys(names))
        text = _text(node)
        match = re.search(r"\bby[:\s]+(.+)", text, re.I)
        if match:
            text = match.group(1)
        elif len(text.split()) > 5:
            continue
        text = _clean_author(text)
        if text and not find_date(text):
            return text
    return ""


# ---------------------------------------------------------------------------------------------
# Page kind: articles versus front pages, section pages, lists and error pages
# ---------------------------------------------------------------------------------------------

# WordPress and similar CMSs mark index pages on <body>; "single"/"singular" marks an article.
_LIST_BODY_CLASSES = re.compile(r"(?<![\w-])(home|archive|category|tag|search|search-results|paged)(?![\w-])")
_SINGLE_BODY_CLASSES = re.compile(r"(?<![\w-])(single|singular|single-post|postid-\d+)(?![\w-])")


# Headings that are links to other pages: the teasers of a front or section page.
_TEASER_LINKS = lxml.etree.XPath(
    "//body//*[self::h2 or self::h3 or self::h4]//a[@href and not(starts-with(@href, '#'))]"
    "[string-length(normalize-space(.)) > 20]"
)
_MIN_TEASERS = 4


# Error-page titles ("404", "Page not found", "Error 500"), not headlines that merely contain "404".
_ERROR_TITLE = re.compile(
    r"^\W*(?:404|410|500)\b|\bpage (?:was )?not found\b|^\W*not found\b|\berror (?:40[0-9]|50[0-9])\b"
    r"|\b404\W+(?:error|not found)\b",
)


def _page_kind_reason(tree, meta: dict) -> str:
    title = meta["title"].lower()
    body = tree.find("body")
    body_classes = (body.get("class") or "") if body is not None else ""
    if _ERROR_TITLE.search(title) or "error404" in body_classes:
        return "not an article: error page (page not found)"
    if meta["is_article_ld"] or meta["has_published_meta"]:
        return ""
    path = urlsplit(meta["url"]).path if meta["url"] else None
    if path is not None and meta["url"].startswith(("http://", "https://")) and path.strip("/") in (
        "", "index.html", "index.htm", "index.php", "home", "en", "news",
    ):
        return "not an article: front page or list of links"
    if _LIST_BODY_CLASSES.search(body_classes) and not _SINGLE_BODY_CLASSES.search(body_classes):
        return "not an article: front page or list of links"
    ld_types = meta["ld_types"]
    if ld_types & _LIST_TYPES and not ld_types & _ARTICLE_TYPES and meta["og_type"] != "article":
        return "not an article: front page or list of links"
    if meta["date"] is None and meta["og_type"] != "article" and len(_TEASER_LINKS(tree)) >= _MIN_TEASERS:
        return "not an article: front page or list of links"
    return ""


# ---------------------------------------------------------------------------------------------
# Body
# ---------------------------------------------------------------------------------------------

# Short blocks that are page furniture, not article text.
_FURNITURE = re.compile(
    r"^(?:read more|read also|also read|see more|see also|more from|more on|related|recommended|"
    r"don'?t miss|must read|also on|watch|listen|advertisement|sponsored|share (?:this|on|via)|"
    r"like this (?:story|article)|follow (?:us|@)|sign up|subscribe|get (?:the|our) .{0,40}newsletter|"
    r"thanks? (?:you )?for (?:signing up|subscribing|reading)|click here|"
    r"copyright|©|\(c\) ?\d{4}|all rights reserved|photo(?:graph)?s?:|image:|credit:|"
    r"(?:photo|image|picture|video)s? (?:by|courtesy|credit)|more news|other news|top stories|"
    r"trending|most (?:read|popular|viewed)|you may also like|you might also like|"
    r"an error has occurred|there was an error|this article has been sent|print article|order reprints)\b",
    re.I,
)
_FURNITURE_MAX_WORDS = 30


_PROMO = re.compile(
    r"\b(?:newsletters?|subscribe|subscription|sign up|signing up|follow (?:us|@?\w+(?: \w+)?) on "
    r"(?:twitter|facebook|instagram)|click here|terms of use|privacy policy)\b",
    re.I,
)
_PROMO_MAX_WORDS = 40
_DATE_LINE = re.compile(r"^(?:(?:first |last )?(?:published|updated|posted|modified)(?: on| at)?:?\s)?", re.I)
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")


def _body(tree, meta: dict, page_text: str) -> str:
    """The article text, paragraphs separated by blank lines; boilerplate blocks left out."""
    anchors = _anchor_texts(tree)
    blocks = _trafilatura_blocks(tree, anchors)
    if blocks is None:
        fresh = _parse(page_text)
        blocks = _fallback_blocks(fresh) if fresh is not None else []
    headline_keys = {_fold(meta["title"]), *(_fold(h) for h in meta["headings"][:2])} - {""}
    description_key = _fold(meta["description"])
    kept: list[str] = []
    after_title = False
    for kind, text, link_share in blocks:
        words = len(text.split())
        folded = _fold(text)
        if not words:
            continue
        if not kept and folded in headline_keys:
            after_title = True
            continue  # the headline repeated at the top of the body
        if after_title and not kept and folded == description_key:
            continue  # the standfirst under the headline: page furniture, also in the description
        per_line = words / (text.count("\n") + 1)
        if kind == "list" and link_share >= _LINK_LIST_SHARE and per_line >= _LINK_LIST_WORDS:
            continue  # related-links list
        if kind != "list" and link_share >= 0.9 and _LONE_LINK_MIN_WORDS <= words <= 20:
            continue  # a lone headline link
        if words <= _FURNITURE_MAX_WORDS and _FURNITURE.match(text):
            continue
        if words <= _PROMO_MAX_WORDS and _PROMO.search(text):
            continue
        if kind != "list":
            text = _strip_menu_runs(text)
            if not text:
                continue
        if _URL_LINE.match(text):
            continue
        if words <= 10 and _is_date_line(text):
            continue
        kept.append(text)
    return "\n\n".join(kept)


_MENU_RUN = 8
_LINK_LIST_SHARE = 0.5  # lists whose lines mostly open with link texts ...
_LINK_LIST_WORDS = 4  # ... of headline length (words per line on average) are related-link lists
_LONE_LINK_MIN_WORDS = 4  # shorter linked lines are product or place names, not headlines


def _strip_menu_runs(text: str) -> str:
    """Drop runs of many short unpunctuated lines (a menu flattened into the block)."""
    lines = text.split("\n")
    if len(lines) < _MENU_RUN:
        return text
    kept: list[str] = []
    run: list[str] = []
    for line in [*lines, None]:
        if line is not None and len(line.split()) <= 6 and not line.rstrip().endswith((".", "!", "?", ":")):
            run.append(line)
            continue
        if len(run) < _MENU_RUN:
            kept.extend(run)
        run = []
        if line is not None:
            kept.append(line)
    return "\n".join(kept)


def _is_date_line(text: str) -> bool:
    rest = _DATE_LINE.sub("", text, count=1)
    if not find_date(rest):
        return False
    # Nothing but the date (and its time) may remain.
    leftover = _DATE_WORDS.sub(" ", rest)
    leftover = re.sub(r"\b(?:" + "|".join(_MONTH_NAMES) + r")[a-z]*\.?", " ", leftover, flags=re.I)
    return not leftover.strip()


_DATE_WORDS = re.compile(
    r"[\d:.,/\-@|]+|\b(?:am|pm|a\.m\.|p\.m\.|at|on|[a-z]{3,9}day|utc|gmt|[a-z]{2,4}t)\b", re.I
)
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _anchor_texts(tree) -> set[str]:
    """Folded texts of the page's links long enough to be headlines."""
    texts = set()
    for node in tree.iter("a"):
        text = _fold(node.text_content())
        if len(text) >= 12:
            texts.add(text)
    return texts


def _link_share(lines: list[str], anchors: set[str]) -> float:
    """Share of the characters of ``lines`` that open with the text of a link on the page.

    Trafilatura's own link markup changes what it extracts, so links are matched by text.
    """
    total = linked = 0
    for line in lines:
        folded = _fold(line)
        total += len(folded)
        if not anchors or len(folded) < 12:
            continue
        if folded in anchors:
            linked += len(folded)
            continue
        words = folded.split(" ")
        for end in range(len(words) - 1, 2, -1):
            head = " ".join(words[:end])
            if head in anchors:
                linked += len(head)
                break
    return linked / total if total else 0.0


def _trafilatura_blocks(tree, anchors: set[str]) -> list[tuple[str, str, float]] | None:
    """(kind, text, share of text in links) for each top-level block trafilatura keeps."""
    try:
        document = trafilatura.bare_extraction(
            tree, fast=True, include_comments=False, include_tables=True, include_images=False,
            include_links=False, include_formatting=False, with_metadata=False,
        )
    except Exception:  # noqa: BLE001 - any trafilatura failure falls back to the simple extractor
        return None
    if document is None or getattr(document, "body", None) is None:
        return None
    blocks = []
    for node in document.body:
        if not isinstance(node.tag, str):
            continue
        kind = node.tag
        if kind == "list":
            lines = [_block_text(item) for item in node.iter("item")]
            text = "\n".join(line for line in lines if line)
        elif kind == "table":
            rows = []
            for row in node.iter("row"):
                cells = [_block_text(cell) for cell in row.iter("cell")]
                rows.append(" | ".join(cell for cell in cells if cell))
            text = "\n".join(row for row in rows if row)
        elif kind == "graphic":
            continue
        else:
            text = _block_text(node)
        blocks.append((kind, text, _link_share(text.split("\n"), anchors)))
    return blocks


def _block_text(node) -> str:
    parts = []
    for piece in node.iter():
        if piece.tag == "lb":
            parts.append("\n")
        if piece.text and piece.tag != "lb":
            parts.append(piece.text)
        if piece is not node and piece.tail:
            parts.append(piece.tail)
    lines = (_clean(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


_BLOCK_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote", "pre", "td")


def _fallback_blocks(tree) -> list[tuple[str, str, float]]:
    """Paragraph text of the page when trafilatura finds nothing (or is missing)."""
    blocks = []
    for node in tree.iter(*_BLOCK_TAGS):
        if _has_ancestor(node, ("nav", "footer", "aside", "header", "script", "style", "form", *_BLOCK_TAGS)):
            continue
        if _in_comments(node):
            continue
        text = _text(node)
        if len(text.split()) < 8:
            continue
        links = sum(len(_text(a)) for a in node.iter("a"))
        blocks.append(("p", text, links / len(text)))
    return blocks
