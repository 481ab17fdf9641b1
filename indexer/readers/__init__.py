"""Readers: one module per source format, each turning a file's bytes into `Article` records.

Every reader module exposes ``read(path, data) -> list[Article]`` and raises
``SkipFile`` with a one-line reason for a file it cannot index.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import stat

from indexer.article import Article
from indexer.readers import html, jsonl, sgml, text
from indexer.readers.errors import NotAnArticle, SkipFile

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")

READERS = {
    ".txt": text.read,
    ".html": html.read,
    ".htm": html.read,
    ".sgm": sgml.read,
    ".sgml": sgml.read,
    ".json": jsonl.read,
    ".jsonl": jsonl.read,
}

__all__ = ["DEFAULT_MAX_BYTES", "READERS", "NotAnArticle", "SkipFile", "is_supported", "parse_bytes", "read_bytes",
           "read_file"]


def is_supported(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in READERS


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    """Read every article in the file at ``path``.

    Raises ``SkipFile`` with a reason a user can act on when the file yields
    nothing: unsupported type, unreadable, too large, empty, or not parseable.
    """
    return parse_bytes(path, read_bytes(path, max_bytes))


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The contents of a supported, regular, non-empty file within the size limit, else ``SkipFile``."""
    _reader_for(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or device named like an article would block the read (or never end).
            raise SkipFile("not a regular file")
        size = info.st_size
        if size > max_bytes:
            # Rounded up: a limit of the size shown is enough for this file.
            raise SkipFile(f"file is {size:,} bytes ({_megabytes(size, math.ceil)} MB), {_over_the_limit(max_bytes)}")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SkipFile(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise SkipFile(f"file is {_over_the_limit(max_bytes)}")
    if not data.strip():
        raise SkipFile("empty file")
    return data


def _over_the_limit(max_bytes: int) -> str:
    return f"over the {_megabytes(max_bytes, round)} MB limit: raise it with --max-file-mb"


def _megabytes(size: int, rounding) -> str:
    """``size`` in MB (of 2**20 bytes, as ``--max-file-mb`` counts), to two places at most, by ``rounding``."""
    return f"{rounding(size / 2**20 * 100) / 100:,.2f}".rstrip("0").rstrip(".")


def parse_bytes(path: str, data: bytes) -> list[Article]:
    """The articles in ``data``, the contents of the file at ``path``, read by the reader for its type."""
    reader = _reader_for(path)
    try:
        articles = reader(path, data)
    except SkipFile:
        raise
    except RecursionError as exc:
        raise SkipFile("markup nested too deeply to parse") from exc
    except Exception as exc:  # a reader bug must cost one file, never the whole run
        raise SkipFile(f"reader failed: {type(exc).__name__}: {exc}") from exc
    if not articles:
        raise SkipFile("no article found in file")
    for article in articles:
        _scrub_surrogates(article)
    return articles


def _reader_for(path: str):
    reader = READERS.get(os.path.splitext(path)[1].lower())
    if reader is None:
        raise SkipFile(f"unsupported file type {os.path.splitext(path)[1] or '(no extension)'!r}")
    return reader


def _scrub_surrogates(article: Article) -> None:
    """Lone surrogates (a JSON ``"\\ud800"`` escape) cannot be encoded as UTF-8, which Whoosh,
    the web pages and the CLI's output all need: they become U+FFFD here."""
    for item in dataclasses.fields(article):
        value = getattr(article, item.name)
        if isinstance(value, str) and not value.isascii():
            setattr(article, item.name, _SURROGATE.sub("\ufffd", value))
