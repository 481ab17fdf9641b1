"""Pages that are not articles: front pages, section pages, lists of links and error pages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.etree

# JSON-LD types of index pages (a bare "WebSite" node is on many article pages too, so it is not one).
_LIST_TYPES = {"collectionpage", "itemlist", "searchresultspage", "profilepage"}

# WordPress and similar CMSs mark index pages on <body>; "single"/"singular" marks an article.
_LIST_BODY_CLASSES = re.compile(r"(?<![\w-])(home|archive|category|tag|search|search-results|paged)(?![\w-])")
_SINGLE_BODY_CLASSES = re.compile(r"(?<![\w-])(single|singular|single-post|postid-\d+)(?![\w-])")

_OUTSIDE_CHROME = "not(ancestor::nav or ancestor::header or ancestor::footer)"

# Headings that are links to other pages: the teasers of a front or section page.
_TEASER_LINKS = lxml.etree.XPath(
    "//body//*[self::h2 or self::h3 or self::h4]//a[@href and not(starts-with(@href, '#'))]"
    "[string-length(normalize-space(.)) > 20]"
)
_MIN_TEASERS = 4

# Links with a headline-long text outside the site's menus: teasers, product tiles, list entries.
_CONTENT_LINKS = lxml.etree.XPath(
    f"count(//body//a[@href][string-length(normalize-space(.)) > 20][{_OUTSIDE_CHROME}])"
)
# Running text: text nodes of a sentence or more (80+ characters) that are not link texts, menus or
# scripts. A <br>-separated article counts as well as one in <p>; product tiles and teasers do not.
_RUNNING_TEXT = lxml.etree.XPath(
    "//body//text()[string-length(normalize-space(.)) >= 80][not(ancestor::a or ancestor::script"
    " or ancestor::style or ancestor::noscript or ancestor::template or ancestor::option or ancestor::button"
    f" or ancestor::form or ancestor::aside) and {_OUTSIDE_CHROME}]"
)
# A page with no date and no article markup is a list when its running text is under this many
# characters, or under this many per content link. Written on wcxb-dev half A and the AEB, where
# articles have a median 660 characters per link and listing pages 34; among such undated pages of
# half A, listings reach 43 characters a link and articles start at 55 (one at 29), hence 45. When
# headings hold four or more links (teasers), a headline and a one-sentence standfirst per link,
# some 120 characters, is a list.
_MIN_RUNNING_CHARS = 300
_MIN_CHARS_PER_LINK = 45
_MIN_CHARS_PER_LINK_WITH_TEASERS = 120


# A shop's list of products has a buy button per product; an article links a product or two to a shop.
# Written on wcxb-dev half A, where 3 or more took 3 more listing pages and no article (docs/extraction.md).
_SHOP_BUTTON = re.compile(r"^\W*(?:add to (?:cart|bag|basket)|quick (?:view|shop|add))\W*$", re.I)
_MIN_SHOP_BUTTONS = 3


def _shop_buttons(tree) -> int:
    count = 0
    for node in tree.iter("button", "a", "input"):
        label = " ".join((node.get("value") or "" if node.tag == "input" else node.text_content()).split())
        count += bool(len(label) < 40 and _SHOP_BUTTON.match(label))
    return count


# Error-page titles ("404", "Page not found", "Error 500"), not headlines that merely contain "404".
_ERROR_TITLE = re.compile(
    r"^\W*(?:404|410|500)\b|\bpage (?:was )?not found\b|^\W*not found\b|\berror (?:40[0-9]|50[0-9])\b"
    r"|\b404\W+(?:error|not found)\b",
)

_LISTING = "not an article: front page or list of links"


def _page_kind_reason(tree, meta: dict) -> str:
    """Why the page is not an article ("" when it may be one)."""
    title = meta["title"].lower()
    body = tree.find("body")
    body_classes = (body.get("class") or "") if body is not None else ""
    if _ERROR_TITLE.search(title) or "error404" in body_classes:
        return "not an article: error page (page not found)"
    if meta["og_type"] == "product.group":
        return f"{_LISTING} (Open Graph type {meta['og_type']})"
    buttons = _shop_buttons(tree)
    if buttons >= _MIN_SHOP_BUTTONS:
        return f"{_LISTING} (a shop's list: {buttons} add-to-cart buttons)"
    ld_types = meta["ld_types"]
    if ld_types & _LIST_TYPES and not meta["is_article_ld"]:
        # before the dates: a section front carries its teasers' dates, and many CMSs give every
        # page og:type "article"
        return f"{_LISTING} (schema.org {', '.join(sorted(ld_types & _LIST_TYPES))})"
    if meta["is_article_ld"] or meta["has_published_meta"]:
        return ""
    path = urlsplit(meta["url"]).path if meta["url"] else None
    if path is not None and meta["url"].startswith(("http://", "https://")) and path.strip("/") in (
        "", "index.html", "index.htm", "index.php", "home", "en", "news",
    ):
        return f"{_LISTING} (its address is the site's home page)"
    if _LIST_BODY_CLASSES.search(body_classes) and not _SINGLE_BODY_CLASSES.search(body_classes):
        return f"{_LISTING} (the page marks itself as a home, archive, category, tag or search page)"
    if meta["date_is_explicit"] or meta["og_type"] == "article":
        return ""
    running = sum(len(" ".join(text.split())) for text in _RUNNING_TEXT(tree))
    links = int(_CONTENT_LINKS(tree))
    per_link = (_MIN_CHARS_PER_LINK_WITH_TEASERS if len(_TEASER_LINKS(tree)) >= _MIN_TEASERS
                else _MIN_CHARS_PER_LINK)
    if running < _MIN_RUNNING_CHARS or running < per_link * (links + 1):
        return f"{_LISTING} (no date, {running} characters of running text beside {links} links)"
    return ""
