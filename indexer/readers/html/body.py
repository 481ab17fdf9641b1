"""The article text: trafilatura's main-content blocks (or plain paragraphs when it finds none), with
the headline repeat (and what sits above it), short furniture lines and date lines left out.

Each cleaning step is kept only while it helps on every benchmark half (``bench/extraction.py
--ablation``; the table is in ``docs/extraction.md``)."""

from __future__ import annotations

import logging
import re

import trafilatura

from indexer.readers.html.page_kind import _running_chars
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
_DATE_LINE = re.compile(r"^(?:(?:first |last )?(?:published|updated|posted|modified)(?: on| at)?:?\s)?", re.I)
# The headline is looked for among the first blocks only: further down, a line equal to it is text.
_HEADLINE_WITHIN = 3

# The cleaning steps, by name; ``bench/extraction.py --ablation`` turns each off in turn.
FILTERS = ("headline", "furniture", "date_line")
# trafilatura's options (``bare_extraction`` keywords). The full mode (its fallback extractors
# compared with its own result) and ``favor_recall`` won on the wcxb-dev pages of other sites
# than the benchmark's; see the ablation table.
EXTRACTION = {"fast": False, "favor_recall": True, "include_tables": True}


def _body(tree, meta: dict, page_text: str, filters=FILTERS, extraction=None) -> str:
    """The article text, paragraphs separated by blank lines; boilerplate blocks left out.

    ``filters`` names the cleaning steps to apply (default all of ``FILTERS``) and ``extraction``
    the trafilatura options (default ``EXTRACTION``): switches for the ablation bench.
    """
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown body filters: {sorted(unknown)}; known: {', '.join(FILTERS)}")
    options = EXTRACTION if extraction is None else extraction
    recall_first = options.get("favor_recall", False)
    running = _running_chars(tree) if recall_first else 0  # before trafilatura prunes the tree
    blocks = _trafilatura_blocks(tree, options)
    if recall_first and blocks is not None and _chars(blocks) < _FAR_SHORT * running:
        blocks = _longer_without_favor_recall(blocks, page_text, options)
    if blocks is None:
        fresh = _parse(page_text)
        blocks = _fallback_blocks(fresh) if fresh is not None else []
    blocks = [block for block in blocks if block.split()]
    if "headline" in filters:
        blocks = _below_headline(blocks, meta)
    kept = []
    for text in blocks:
        words = len(text.split())
        if "furniture" in filters and words <= _FURNITURE_MAX_WORDS and _FURNITURE.match(text):
            continue
        if "date_line" in filters and words <= 10 and _is_date_line(text):
            continue
        kept.append(text)
    return "\n\n".join(kept)


# ``favor_recall`` wins on average (the ablation table) but on a few pages keeps a fraction of the
# article, where trafilatura's default keeps it all. When its text is under this share of the page's
# running text, the default extraction is run as well and taken if this result is under the same
# share of it. Written on wcxb-dev half A (docs/extraction.md).
_FAR_SHORT = 0.35


def _longer_without_favor_recall(blocks: list[str], page_text: str, options: dict) -> list[str]:
    fresh = _parse(page_text)
    plain = _trafilatura_blocks(fresh, {**options, "favor_recall": False}) if fresh is not None else None
    return plain if plain and _chars(blocks) < _FAR_SHORT * _chars(plain) else blocks


def _chars(blocks: list[str]) -> int:
    return sum(len(block) for block in blocks)


def _below_headline(blocks: list[str], meta: dict) -> list[str]:
    """The blocks after the headline when one of the first blocks repeats it: what sits above it
    (kicker, breadcrumbs, section label) is page furniture too."""
    keys = {_fold(meta["title"]), *(_fold(h) for h in meta["headings"][:2])} - {""}
    for i, text in enumerate(blocks[:_HEADLINE_WITHIN]):
        if _fold(text) in keys:
            return blocks[i + 1:]
    return blocks


def _is_date_line(text: str) -> bool:
    rest = _DATE_LINE.sub("", text, count=1)
    if not find_date(rest):
        return False
    # Nothing but the date (and its time) may remain.
    leftover = _DATE_WORDS.sub(" ", rest)
    leftover = re.sub(r"\b(?:" + "|".join(_MONTH_NAMES) + r")[a-z]*\.?", " ", leftover, flags=re.I)
    return not leftover.strip()


_DATE_WORDS = re.compile(
    r"[\d:.,/\-@|]+|\b(?:am|pm|a\.m\.|p\.m\.|at|on|[a-z]{3,9}day|utc|gmt|[a-z]{2,4}t)(?:(?<=\W)|\b)", re.I
)
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _trafilatura_blocks(tree, extraction: dict) -> list[str] | None:
    """The text of each top-level block trafilatura keeps (None when it fails or finds nothing)."""
    try:
        document = trafilatura.bare_extraction(
            tree, include_comments=False, include_images=False, include_links=False,
            include_formatting=False, with_metadata=False, **extraction,
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
        if kind == "table":
            rows = []
            for row in node.iter("row"):
                cells = [_block_text(cell) for cell in row.iter("cell")]
                rows.append(" | ".join(cell for cell in cells if cell))
            text = "\n".join(row for row in rows if row)
        elif kind == "graphic":
            continue
        else:
            text = _block_text(node)
        blocks.append(text)
    return blocks


def _block_text(node) -> str:
    parts: list[str] = []
    _gather_text(node, parts)
    lines = (_clean(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


# Elements of trafilatura's output that stand on lines of their own inside a block (paragraphs in a
# table cell, a list inside a list item).
_LINE_PIECES = {"p", "head", "list", "item", "quote", "code", "table", "row"}


def _gather_text(node, parts: list[str]) -> None:
    """``node``'s text in document order: its text, then each child's text followed by the child's tail."""
    if node.tag == "lb":
        parts.append("\n")
    elif node.text:
        parts.append(node.text)
    for child in node:
        own_line = child.tag in _LINE_PIECES
        if own_line:
            parts.append("\n")
        _gather_text(child, parts)
        if own_line:
            parts.append("\n")
        if child.tail:
            parts.append(child.tail)


_BLOCK_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote", "pre", "td")


def _fallback_blocks(tree) -> list[str]:
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
        blocks.append(text)
    return blocks
