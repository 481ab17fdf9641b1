"""Snippets: the passage of an article that best shows why it matched, matched words marked.

Words are found with the analyzer's own token pattern and turned into index
terms by the analyzer's own filter chain (``analysis.term_of``), so a word is
marked exactly when it is the indexed form of a query word: ``meetings``
matches ``meeting``, ``Trọng`` matches ``Trong``.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import regex
from markupsafe import escape

from indexer.text.analysis import term_of, word_matches, words_opening_at

SNIPPET_CHARS = 240
# A snippet is looked for in an article's first SCAN_CHARS characters, and in the rest only when they
# hold no query word: a 20 MB file's snippet would otherwise cost seconds on every search it ranks in.
# Articles are shorter than this (Reuters' longest story is 12,338 characters), so theirs are unchanged.
SCAN_CHARS = 100_000
# How far before the first matched word a snippet starts, to show its context.
_LEAD_IN = 40


def make_snippet(text: str, terms: frozenset[str] | set[str], maxchars: int = SNIPPET_CHARS) -> str:
    """HTML: the best window of ``text`` (about ``maxchars`` long), escaped, query words in ``<mark>``."""
    matched = _matched(text, terms) if terms else []
    if not matched:
        return _window(text, 0, maxchars, [])
    matches = [m for m, _ in matched]
    best_start = _best_window_start(matches, [term for _, term in matched], maxchars - _LEAD_IN)
    return _window(text, _start_before(text, best_start), maxchars, matches)


def _matched(text: str, terms) -> list:
    """The query words of ``text`` with their terms: those of its first ``SCAN_CHARS`` characters, or, when
    these hold none, the first ones after (one pass: nothing is read twice)."""
    if text.isascii():
        # Only a word opening with a query term's first letters can be one of its forms (lower-casing and
        # stemming keep a word's first letters; accent folding, the one step that changes them, does
        # nothing to ASCII): the words read are the few that open so, not all of them.
        openings = (found.start() for found in _word_openings(frozenset(terms)).finditer(text))
        candidates = words_opening_at(text, openings)
    else:
        candidates = word_matches(text)
    matched = []
    for match in candidates:
        term = term_of(match.group())
        if term in terms:
            if matched and match.start() >= SCAN_CHARS:
                break
            matched.append((match, term))
    return matched


# How many first letters of a term every word it comes from shares with it.
_OPENING = 3


@lru_cache(maxsize=4096)
def _word_openings(terms: frozenset[str]) -> regex.Pattern:
    """Every place that a term's first letters start (a look-ahead: places inside words too)."""
    openings = sorted({term[:_OPENING] for term in terms}, key=len, reverse=True)
    return regex.compile("(?=" + "|".join(map(regex.escape, openings)) + ")", regex.IGNORECASE)


def _best_window_start(matches, terms: list[str], width: int) -> int:
    """The start of the first match opening the best window of ``width`` characters: the most
    different query terms, then the most matches, that end inside it.

    One pass: the window's matches are ``matches[first:after]``, and as its first match moves on,
    its end does too, so each match enters and leaves the window once (scoring every window
    against every later match took time growing with the square of the matches).
    """
    best_start, best_score = 0, -1
    in_window: Counter[str] = Counter()
    after = 0
    for first, match in enumerate(matches):
        after = max(after, first)
        while after < len(matches) and matches[after].end() <= match.start() + width:
            in_window[terms[after]] += 1
            after += 1
        score = 10 * len(in_window) + after - first
        if score > best_score:
            best_start, best_score = match.start(), score
        if after > first:
            in_window[terms[first]] -= 1
            if not in_window[terms[first]]:
                del in_window[terms[first]]
    return best_start


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
