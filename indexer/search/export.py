"""Search results taken away as CSV or JSON lines: one row shape for exports and batch searches.

A hit becomes a row of plain values (``hit_row``); the writers turn an iterator of rows into an
iterator of lines, so an export of every match is written as it is read, in memory that does not
grow with the number of rows. The columns are documented in docs/api.md.

CSV is written for spreadsheets (RFC 4180, CRLF line ends): a cell that a spreadsheet would run as a
formula is written as text (``safe_cell``). JSON lines carry the values as they are.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence

from indexer.search.contract import Hit, SearchBackend, SearchRequest

FORMATS = ("csv", "jsonl")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}

HIT_COLUMNS = ("id", "title", "date", "source", "url", "path", "persons", "countries", "score", "snippet")
# ``path`` names a folder of the machine that indexed the files: the web server keeps it to itself.
HIT_COLUMNS_WITHOUT_PATH = tuple(column for column in HIT_COLUMNS if column != "path")

LIST_SEPARATOR = "; "  # between the people (or the countries) of one CSV cell
# Spreadsheets run a cell starting with one of these as a formula (=, +, - and @), or strip the tab or
# carriage return that would hide one (the OWASP list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"  # what spreadsheets read as "the rest of this cell is text"

_MARK_TAGS = re.compile(r"</?mark>")


def hit_row(hit: Hit, columns: Sequence[str] = HIT_COLUMNS) -> dict:
    """The export row of a hit, with the ``columns`` asked for (in ``HIT_COLUMNS``), in their order.

    ``persons`` and ``countries`` are lists; ``score`` is None when the hits are not ranked by
    relevance; ``snippet`` is plain text (the HTML snippet without its marks, unescaped)."""
    values = {
        "id": hit.id, "title": hit.title, "date": hit.date, "source": hit.source, "url": hit.url,
        "path": hit.path, "persons": hit.persons, "countries": hit.countries,
        "score": round(hit.score, 4) if hit.score else None, "snippet": plain_text(hit.snippet),
    }
    return {column: values[column] for column in columns}


def plain_text(snippet: str) -> str:
    """A hit's HTML snippet as plain text: ``<mark>`` tags dropped, entities unescaped."""
    return html.unescape(_MARK_TAGS.sub("", snippet))


def safe_cell(value) -> str:
    """The text of a CSV cell that a spreadsheet shows as written and never runs.

    None is an empty cell and a list is its items joined by ``LIST_SEPARATOR``; a text starting
    with a character of ``FORMULA_STARTS`` gets a leading apostrophe, which spreadsheets read as
    "text follows"."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    text = str(value)
    return TEXT_MARK + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(rows: Iterable[dict], columns: Sequence[str], *, byte_order_mark: bool = False) -> Iterator[str]:
    """The header of ``columns``, then one CSV record per row (each ending in CRLF), every cell made
    safe. ``byte_order_mark``: start with U+FEFF, which spreadsheets need to read the file as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def record(cells) -> str:
        writer.writerow(cells)
        line = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return line

    yield ("\ufeff" if byte_order_mark else "") + record(columns)
    for row in rows:
        yield record(safe_cell(row.get(column)) for column in columns)


def jsonl_lines(rows: Iterable[dict]) -> Iterator[str]:
    """One JSON object per line (UTF-8 text, not escaped to ASCII), each ending in a newline."""
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def export_lines(backend: SearchBackend, request: SearchRequest, format: str,
                 columns: Sequence[str] = HIT_COLUMNS, *, byte_order_mark: bool = False) -> Iterator[str]:
    """Every hit of ``request`` as lines of ``format`` (``csv`` or ``jsonl``), in the request's order.

    The request is searched now, so a ``QueryError`` is raised by this call, before any line; the
    lines are then made as they are taken."""
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}: use one of {', '.join(FORMATS)}")
    hits = backend.hits(request)
    rows = (hit_row(hit, columns) for hit in hits)
    if format == "csv":
        return csv_lines(rows, columns, byte_order_mark=byte_order_mark)
    return jsonl_lines(rows)
