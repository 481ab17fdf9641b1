"""Parsing a page into an lxml tree, and reading clean text off its nodes."""

from __future__ import annotations

import re
import unicodedata

import lxml.etree
import lxml.html
from bs4.dammit import EncodingDetector

from indexer.text.fold import fold

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WS = re.compile(r"\s+")
# Classes and ids of comments, replies and the boxes beside an article. "respond" and "responses",
# not "respon": a theme's "responsive" is no reply. "sidebar" and "widget" only open a class name
# ("sidebar-left", "widget_recent"): "elementor-widget-container" holds every block of an Elementor
# page, and "newspaper-x-sidebar" or "content-sidebar-wrap" the article itself.
_OTHERS_WRITING_MARKS = r"comment|respond|responses|reply|disqus|related"
_COMMENT_MARKS = re.compile(_OTHERS_WRITING_MARKS + r"|(?:^|\s)(?:sidebar|widget)", re.I)
# Other people's writing alone: comments, replies and related stories, not the boxes beside the article,
# which hold the author's own box as often.
_OTHERS_WRITING = re.compile(_OTHERS_WRITING_MARKS, re.I)


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


# A node's text and its line breaks, in document order.
_TEXT_AND_BREAKS = lxml.etree.XPath("descendant::text() | descendant::br")


def _text(node) -> str:
    """``node``'s text, a ``<br>`` read as the space it shows: "(US)<br>Your Guide" is two words."""
    if node is None:
        return ""
    return _clean("".join(piece if isinstance(piece, str) else " " for piece in _TEXT_AND_BREAKS(node)))


def _clean(value) -> str:
    if not isinstance(value, str):
        return ""
    return _WS.sub(" ", unicodedata.normalize("NFC", value)).strip()


def _marks(node) -> str:
    return f"{node.get('class', '')} {node.get('id', '')}"


def _in_comments(node) -> bool:
    return _within(node, _COMMENT_MARKS)


def _within(node, marks: re.Pattern) -> bool:
    """Whether ``node`` or an element around it, inside ``<body>``, has a class or id that ``marks``
    finds. The page's own ``<body>`` and ``<html>`` classes describe the whole page ("has-sidebar",
    "comments-open"), not a part of it."""
    while node is not None and node.tag not in ("body", "html"):
        if isinstance(node.tag, str) and marks.search(_marks(node)):
            return True
        node = node.getparent()
    return False


def _fold(text: str) -> str:
    """The key that headlines, site names and link texts are matched by: folded, spaces collapsed."""
    return " ".join(fold(text or "").split())
