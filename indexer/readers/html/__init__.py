"""HTML reader: one news article per page, with its metadata, or ``SkipFile`` for a non-article page.

The page is decoded with :func:`indexer.readers.decoding.decode` (declared charset first) and
parsed once with lxml. Metadata comes from that tree, from the most explicit source to the
least (JSON-LD, OpenGraph and ``article:`` meta, other common meta, ``<time>``, bylines,
headings, ``<title>``; a heading that is a version of the metadata title wins, as the headline the
page shows). The body is trafilatura's main-content tree, cleaned further here (the headline repeat
and what sits above it, short furniture lines, date lines) and written out with paragraphs
separated by blank lines. See ``docs/extraction.md`` for the figures.

One module per step: ``tree`` (parsing, and reading text off nodes), ``metadata`` (with ``title``
and ``bylines``), ``page_kind`` (what is not an article) and ``body`` (the article text).

Dates are the publisher's local wall-clock time, with any UTC offset dropped:
``YYYY-MM-DD`` when only the day is known, else ``YYYY-MM-DDTHH:MM:SS``.
"""

from __future__ import annotations

import re

from indexer.article import Article, article_id
from indexer.readers.decoding import decode
from indexer.readers.errors import NotAnArticle, SkipFile
from indexer.readers.html.body import _body
from indexer.readers.html.metadata import _metadata
from indexer.readers.html.page_kind import _page_kind_reason
from indexer.readers.html.tree import _declared_charset, _has_visible_text, _parse

__all__ = ["read"]

# Bodies shorter than this (in words) are not taken for an article.
MIN_BODY_WORDS = 25

_WORD = re.compile(r"\w+")


def read(path: str, data: bytes) -> list[Article]:
    """Read the article on an HTML page; ``SkipFile`` with a reason for anything else."""
    text = decode(data, _declared_charset(data))
    try:
        return [_read_text(path, text)]
    except SkipFile:
        raise
    except RecursionError as exc:
        raise SkipFile("page too deeply nested to parse") from exc
    except Exception as exc:  # noqa: BLE001 - the reader contract: a bad page is skipped, never fatal
        raise SkipFile(f"cannot parse HTML: {exc.__class__.__name__}: {exc}"[:200]) from exc


def _read_text(path: str, text: str) -> Article:
    tree = _parse(text)
    if tree is None or not _has_visible_text(tree):
        raise SkipFile("no readable text: the page holds only scripts, styles or markup")
    meta = _metadata(tree)
    reason = _page_kind_reason(tree, meta)
    if reason:
        raise NotAnArticle(reason)
    body = _body(tree, meta, text)  # last: trafilatura prunes the tree it is given
    if len(_WORD.findall(body)) < MIN_BODY_WORDS:
        raise NotAnArticle("not an article: no article text found (front page, list of links or stub)")
    return Article(
        id=article_id(path, 0),
        path=path,
        title=meta["title"],
        body=body,
        format="html",
        url=meta["url"],
        date=meta["date"],
        source=meta["source"],
        author=meta["author"],
    )
