"""Snippets: the passage of an article that best shows why it matched, matched words marked.

Words are found with the analyzer's own token pattern and turned into index
terms by the analyzer's own filter chain (``analysis.term_of``), so a word is
marked exactly when it is the indexed form of a query word: ``meetings``
matches ``meeting``, ``Trọng`` matches ``Trong``.
"""

from __future__ import annotations

import re

from markupsafe import escape

from indexer.analysis import WORD_PATTERN, term_of

SNIPPET_CHARS = 240
_WORD = re.compile(WORD_PATTERN)
# How far before the first matched word a snippet starts, to show its context.
_LEAD_IN = 40


def make_snippet(text: str, terms: frozenset[str] | set[str], maxchars: int = SNIPPET_CHARS) -> str:
    """HTML: the best window of ``text`` (about ``maxchars`` long), escaped, query words in ``<mark>``."""
    matches = [m for m in _WORD.finditer(text) if term_of(m.group()) in terms] if terms else []
    if not matches:
        return _window(text, 0, maxchars, [])
    best_start, best_score = 0, -1
    for i, first in enumerate(matches):
        inside = [m for m in matches[i:] if m.end() <= first.start() + maxchars - _LEAD_IN]
        score = 10 * len({term_of(m.group()) for m in inside}) + len(inside)
        if score > best_score:
            best_start, best_score = first.start(), score
    start = _word_start(text, max(0, best_start - _LEAD_IN))
    return _window(text, start, maxchars, matches)


def _word_start(text: str, position: int) -> int:
    if position == 0:
        return 0
    space = text.rfind(" ", 0, position)
    return space + 1 if space >= 0 and position - space < 20 else position


def _window(text: str, start: int, maxchars: int, matches) -> str:
    end = min(len(text), start + maxchars)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    parts = ["… "] if start > 0 else []
    cursor = start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        parts.append(str(escape(text[cursor:match.start()])))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        cursor = match.end()
    parts.append(str(escape(text[cursor:end])))
    if end < len(text):
        parts.append(" …")
    return "".join(parts).replace("\n\n", " ").replace("\n", " ")
