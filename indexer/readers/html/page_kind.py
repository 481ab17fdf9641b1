"""Pages that are not articles: front pages, section pages, lists of links and error pages."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import NamedTuple
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
_MIN_TEASER_HEADINGS = 4

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


# Repeated teasers: three or more sibling elements of one kind (tag and class), each holding a link and
# under 400 characters of text: the story tiles of a front page, a shop's product tiles, the entries of
# a list. Where twelve or more of them hold most of a page's text, the page is a list; an article's
# "related stories" block is a small share of its text. Menus, asides and the page's own header and
# footer are not counted (an article's <header> is). A date or og:type "article" asks for more: a
# section front carries its teasers' dates, but a short article amid many teasers has a date too, and
# running text of its own (300 characters, as an undated page needs). Written on wcxb-dev half A, where
# among pages with twelve teasers or more the articles' share stops at 63% with a date and at 32%
# without one, and the listings' reaches 100%: 70% and 40% report 14 more of its 106 listing pages
# (9 dated, 5 undated) and skip no article. The AEB has one short dated article amid teasers (70%).
_MIN_TEASER_SIBLINGS = 3
_MAX_TEASER_CHARS = 400
# Four siblings in five: a tile without a link (an advert, a spacer) does not break a row of teasers.
_MIN_LINKED_SIBLINGS = 0.8
_MIN_TEASERS = 12
_MIN_TEASER_SHARE_DATED = 0.7
_MIN_TEASER_SHARE_UNDATED = 0.4
_UNSEEN = {"script", "style", "noscript", "template", "select", "option", "svg", "iframe"}
# Inline text is no teaser (a paragraph's links, a run of emphasis), but a link that wraps a card is.
_INLINE = {"a", "span", "b", "strong", "i", "em", "small", "font", "img", "code", "sup", "sub", "abbr", "time",
           "label", "u", "mark", "cite", "q"}


class _Teasers(NamedTuple):
    count: int  # the outermost teasers
    share: float  # of the page's text
    elements: set  # every teaser, nested ones too


def _page_chrome(body) -> set:
    """Menus, asides and the page's header and footer (not an article's, nor a header that holds the page)."""
    chrome = set(body.iter("nav", "aside"))
    for node in body.iter("header", "footer"):
        in_content = any(ancestor.tag in ("article", "main") for ancestor in node.iterancestors())
        if not in_content and next(node.iter("main"), None) is None:
            chrome.add(node)
    return chrome


def _text_length(text: str | None) -> int:
    return len(" ".join(text.split())) if text else 0


def _running_chars(tree) -> int:
    return sum(_text_length(text) for text in _RUNNING_TEXT(tree))


def _teasers(body) -> _Teasers:
    """The page's teasers, in one pass from the leaves up: an element's counts are its own text's and
    link's plus its children's."""
    chrome = _page_chrome(body)
    # per element: (characters of text, links, characters in teasers, teasers)
    counts: dict = {}
    elements: set = set()
    for node in reversed(list(body.iter(lxml.etree.Element))):
        if node.tag in _UNSEEN or node in chrome:
            counts[node] = (0, 0, 0, 0)
            continue
        chars, links = _text_length(node.text), int(node.tag == "a" and _is_page_link(node.get("href")))
        teaser_chars = teasers = 0
        if len(node):
            found = _teaser_children([child for child in node if child in counts], counts)
            elements |= found
            for child in node:
                child_chars, child_links, child_teaser_chars, child_teasers = counts.get(child, (0, 0, 0, 0))
                chars += child_chars + _text_length(child.tail)
                links += child_links
                teaser_chars += child_chars if child in found else child_teaser_chars
                teasers += 1 if child in found else child_teasers
        counts[node] = (chars, links, teaser_chars, teasers)
    chars, _, teaser_chars, teasers = counts[body]
    return _Teasers(teasers, teaser_chars / chars if chars else 0.0, elements)


def _is_page_link(href: str | None) -> bool:
    """A link to another page, not to a place on this one (a table of contents)."""
    return bool(href) and not href.startswith("#")


def _teaser_children(children: list, counts: dict) -> set:
    """The children that are teasers: siblings of one tag and class, nearly all short and linked."""
    if len(children) < _MIN_TEASER_SIBLINGS:
        return set()
    kinds = defaultdict(list)
    for child in children:
        kinds[(child.tag, child.get("class") or "")].append(child)
    teasers = set()
    for siblings in kinds.values():
        linked = [node for node in siblings if _may_be_teaser(node, *counts[node][:2])]
        if len(siblings) >= _MIN_TEASER_SIBLINGS and len(linked) >= _MIN_LINKED_SIBLINGS * len(siblings):
            teasers.update(linked)
    return teasers


def _may_be_teaser(node, chars: int, links: int) -> bool:
    is_block = node.tag not in _INLINE or (node.tag == "a" and len(node) > 0)
    return is_block and links > 0 and chars <= _MAX_TEASER_CHARS


def _running_chars_outside(tree, elements: set) -> int:
    """Characters of running text that are not in any of ``elements``."""
    total = 0
    for text in _RUNNING_TEXT(tree):
        holder = text.getparent()  # a tail is text of the holder's parent
        start = holder.getparent() if text.is_tail else holder
        if start is not None and start not in elements and not any(a in elements for a in start.iterancestors()):
            total += _text_length(text)
    return total


def _teaser_reason(tree, dated: bool) -> str:
    body = tree.find("body")
    if body is None:
        return ""
    teasers = _teasers(body)
    if teasers.count < _MIN_TEASERS:
        return ""
    if dated:
        is_list = (teasers.share >= _MIN_TEASER_SHARE_DATED
                   and _running_chars_outside(tree, teasers.elements) < _MIN_RUNNING_CHARS)
    else:
        is_list = teasers.share >= _MIN_TEASER_SHARE_UNDATED
    return f"{_LISTING} ({teasers.count} repeated teasers hold {teasers.share:.0%} of its text)" if is_list else ""


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
    if meta["is_article_ld"]:
        return ""
    if meta["has_published_meta"]:
        return _teaser_reason(tree, dated=True)
    path = urlsplit(meta["url"]).path if meta["url"] else None
    if path is not None and meta["url"].startswith(("http://", "https://")) and path.strip("/") in (
        "", "index.html", "index.htm", "index.php", "home", "en", "news",
    ):
        return f"{_LISTING} (its address is the site's home page)"
    if _LIST_BODY_CLASSES.search(body_classes) and not _SINGLE_BODY_CLASSES.search(body_classes):
        return f"{_LISTING} (the page marks itself as a home, archive, category, tag or search page)"
    if meta["date_is_explicit"] or meta["og_type"] == "article":
        return _teaser_reason(tree, dated=True)
    running = _running_chars(tree)
    links = int(_CONTENT_LINKS(tree))
    per_link = (_MIN_CHARS_PER_LINK_WITH_TEASERS if len(_TEASER_LINKS(tree)) >= _MIN_TEASER_HEADINGS
                else _MIN_CHARS_PER_LINK)
    if running < _MIN_RUNNING_CHARS or running < per_link * (links + 1):
        return f"{_LISTING} (no date, {running} characters of running text beside {links} links)"
    return _teaser_reason(tree, dated=False)
