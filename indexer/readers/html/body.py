"""The article text: trafilatura's main-content blocks (or plain paragraphs when it finds none), with
title repeats, related-link lists, share and newsletter prompts, captions and date lines left out."""

from __future__ import annotations

import logging
import re

import trafilatura

from indexer.readers.html.tree import _clean, _fold, _has_ancestor, _in_comments, _parse, _text
from indexer.text.dates import find_date

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

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
