"""Dates and authors found in the page itself (``<time>``, bylines, the URL), and the cleaning of author
names from any source."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.etree

from indexer.readers.html.tree import _OTHERS_WRITING, _clean, _fold, _in_comments, _marks, _text, _within
from indexer.text.dates import find_date

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

# Byline prefixes before the name: "By", "Written by", "Author:", and author-page link texts
# ("View all posts by").
_BY = re.compile(
    r"^(?:(?:(?:written|posted|story|text|words|analysis|opinion|commentary|review|reporting)\s+)?by[:\s]+"
    r"|authors?:\s*|(?:view|see|more)\s+(?:all\s+)?(?:posts|articles|stories)\s+by\s+)",
    re.I,
)
_LETTER = re.compile(r"[^\W\d_]")
_AUTHOR_JUNK = re.compile(r"https?://|www\.|@|\d{3}|\bupdated\b|\bpublished\b", re.I)


_NOT_NAMES = {"author", "authors", "by", "contributor", "contributors", "about the author", "posted", "share",
              "more", "admin", "administrator", "anonymous", "unknown", "none", "null"}


def _author_meta(value) -> str:
    return _clean_author(_clean(value))  # a URL given as the author is junk to _clean_author too


def _clean_author(value: str) -> str:
    value = _clean(_BY.sub("", _clean(value)))
    value = re.split(r"\s+(?:\||·|•|–|—|-)\s+|,\s*(?:updated|published|posted)", value)[0]
    value = value.strip(" ,;:|-\"“”")
    if not value or len(value) > 80 or len(value.split()) > 10 or _AUTHOR_JUNK.search(value):
        return ""
    if not _LETTER.search(value):
        return ""  # a count or a rating in a byline ("10", "4.5")
    if value.lower() in _NOT_NAMES:
        return ""
    return value


def _pieces(node) -> str:
    """A byline's text with its elements kept apart: a name and the role or date in the element after
    it are written as one line ("Mateusz Haberny" + "Founder at Oakywood" reads "Mateusz
    HabernyFounder at Oakywood" as plain text), so the cleaning keeps the name, the first piece."""
    pieces = (_clean(piece) for piece in node.itertext() if isinstance(piece, str))
    return " | ".join(piece for piece in pieces if piece)


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
        text = _clean_author(_text(name[0]) if name else _pieces(node))
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
        text = _pieces(node)
        match = re.search(r"\bby[:\s]+(.+)", text, re.I)
        if match:
            text = match.group(1)
        elif len(text.split()) > 5:
            text = _author_box_name(text)
        text = _clean_author(text)
        if text and not find_date(text):
            return text
    return _unmarked_byline(tree) or _author_page_link(tree)


def _author_box_name(text: str) -> str:
    """The name an author box starts with, before the biography ("Lauren Vetter | Lauren Vetter is a
    growth-focused marketing professional ..."); "" for other long text."""
    first = text.split(" | ")[0]
    return first if _PERSON_NAME.fullmatch(first) and first.istitle() else ""


_BY_ONLY = re.compile(r"^(?i:(?:(?:written|posted|words|story|text)\s+)?by:?)$")
_BY_NAME = re.compile(r"^(?i:(?:(?:written|posted|words|story|text)\s+)?by:?\s+)((?:[A-Z][\w'.-]*\s*){1,4})$")


def _unmarked_byline(tree) -> str:
    """An element that starts "Written by <Name>", or "Written by" with the name in its next piece or
    in the element after it: a byline without byline markup. The name is one piece of text, so a
    second name or a role in the next element stays out."""
    for node in _after_headline_first(tree, tree.iter("p", "div", "span", "h3", "h4", "h5", "h6", "li")):
        own = (node.text or "").strip()
        if not own or len(own) > 60 or not own[:1].isalpha() or "by" not in own.lower():
            continue
        pieces = _pieces(node).split(" | ")
        if len(" ".join(pieces)) > 200:
            continue
        if _BY_ONLY.match(pieces[0]):
            following = pieces[1:]
            if not following and node.getnext() is not None:
                following = _pieces(node.getnext()).split(" | ")
            match = _BY_NAME.match(f"by {following[0]}") if following else None
        else:
            match = _BY_NAME.match(pieces[0])
        name = _clean_author(match.group(1)) if match else ""
        if name and not _within(node, _OTHERS_WRITING):
            return name
    return ""


# The address of an author's own page: /author/jane-doe, /authors/jane-doe/, /people/jane-doe-2,
# /author/jane-doe.html.
_AUTHOR_PAGE = re.compile(
    r"/(?:author|authors|people|staff|contributors?|writers?|profiles?)/([^/]+?)(?:-\d+)?(?:\.html?|\.php)?/?$", re.I,
)


def _author_page_link(tree) -> str:
    """The name on the first link to an author's page whose address spells that name (``<a
    href="/authors/emily-walker/">Emily Walker</a>``), after the headline when there is one: a byline
    without any byline markup. The name and the address must agree, so "More stories" or a menu's
    "Our writers" is no author."""
    for link in _after_headline_first(tree, (link for link in tree.iter("a") if link.get("href"))):
        match = _AUTHOR_PAGE.search(urlsplit(link.get("href")).path)
        if not match or _in_comments(link):
            continue
        name = _clean_author(_text(link))
        if name and _letters(name) == _letters(match.group(1)):
            return name
    return ""


def _after_headline_first(tree, nodes) -> list:
    """``nodes`` in document order, those after the page's first <h1> first."""
    nodes = list(nodes)
    headline = next(tree.iter("h1"), None)
    if headline is None:
        return nodes
    order = {node: i for i, node in enumerate(tree.iter())}
    start = order[headline]
    return [node for node in nodes if order[node] > start] + [node for node in nodes if order[node] < start]


def _letters(text: str) -> str:
    """Letters only, folded as the index folds them: "José García" meets /authors/jose-garcia."""
    return re.sub(r"[\W\d_]+", "", _fold(text))


# Two to four words ("Julian K. Arni").
_PERSON_NAME = re.compile(r"(?:[^\W\d_][\w'.-]*\s+){1,3}[^\W\d_][\w'.-]*")
