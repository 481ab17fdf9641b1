"""Pages that are not articles: front pages, section pages, lists of links and error pages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.etree

from indexer.readers.html.metadata import _ARTICLE_TYPES

# JSON-LD types of index pages (a bare "WebSite" node is on many article pages too, so it is not one).
_LIST_TYPES = {"collectionpage", "itemlist", "searchresultspage", "profilepage"}

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
