"""Snippets: the passage of an article that best shows why it matched, matched words marked.

Words are found with the analyzer's own token pattern and turned into index
terms by the analyzer's own filter chain (``analysis.term_of``), so a word is
marked exactly when it is the indexed form of a query word: ``meetings``
matches ``meeting``, ``Trọng`` matches ``Trong``.
"""

from __future__ import annotations

from markupsafe import escape

from indexer.analysis import WORDS, term_of

SNIPPET_CHARS = 240
# How far before the first matched word a snippet starts, to show its context.
_LEAD_IN = 40


def make_snippet(text: str, terms: frozenset[str] | set[str], maxchars: int = SNIPPET_CHARS) -> str:
    """HTML: the best window of ``text`` (about ``maxchars`` long), escaped, query words in ``<mark>``."""
    matches = [m for m in WORDS.finditer(text) if term_of(m.group()) in terms] if terms else []
    if not matches:
        return _window(text, 0, maxchars, [])
    best_start, best_score = 0, -1
    for i, first in enumerate(matches):
        inside = [m for m in matches[i:] if m.end() <= first.start() + maxchars - _LEAD_IN]
        score = 10 * len({term_of(m.group()) for m in inside}) + len(inside)
        if score > best_score:
            best_start, best_score = first.start(), score
    return _window(text, _start_before(text, best_start), maxchars, matches)


def _start_before(text: str, first_match: int) -> int:
    """Where a snippet showing ``first_match`` begins: its sentence's start if near, else a word start."""
    sentence = max(text.rfind(". ", 0, first_match), text.rfind("\n", 0, first_match))
    if first_match - sentence <= 2 * _LEAD_IN:
        return 0 if sentence < 0 else sentence + (2 if text[sentence] == "." else 1)
    space = text.rfind(" ", 0, first_match - _LEAD_IN)
    return space + 1 if space >= 0 else 0


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
