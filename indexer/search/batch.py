"""Batch search: a list of queries run at once with the same filters, one row per query.

A batch is text with one query per line, or CSV whose query column is named ``query``, ``q`` or
``name`` in its header (any case), else is its first column. Blank lines and lines starting with
``#`` are skipped. Each query is searched with the same request (filters, sort) and gives a row:
its hit count and best hits, or the message saying why it could not be searched. A query that
cannot be searched never stops the batch. The output columns are documented in docs/api.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer.search.contract import Hit, QueryError, SearchBackend, SearchRequest
from indexer.search.export import HIT_COLUMNS, csv_lines, hit_row, jsonl_lines

QUERY_COLUMN_NAMES = ("query", "q", "name")
DEFAULT_TOP = 3  # best hits kept per query
MAX_TOP = 100
COMMENT = "#"


class BatchError(ValueError):
    """A batch that cannot be read at all; the message says why and where."""


@dataclass(frozen=True)
class BatchQuery:
    text: str
    line: int  # where the query is in its file (1 is the first line), to find it again


@dataclass
class BatchRow:
    """What one query of a batch found: its count and best hits, or why it could not be searched."""

    query: BatchQuery
    count: int | None = None  # None when the query could not be searched
    hits: list[Hit] = field(default_factory=list)
    error: str | None = None

    def to_json(self, columns: Sequence[str] = HIT_COLUMNS) -> dict:
        """The JSON-lines object of this row: ``line``, ``query``, ``count``, ``error`` and ``hits``."""
        return {"line": self.query.line, "query": self.query.text, "count": self.count, "error": self.error,
                "hits": [hit_row(hit, columns) for hit in self.hits]}


def read_file(path: str | Path) -> list[BatchQuery]:
    """The queries of a batch file: CSV when its name ends in ``.csv``, else one query per line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BatchError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return read_queries(data, is_csv=path.suffix.lower() == ".csv", source=str(path))


def read_queries(data: bytes | str, *, is_csv: bool = False, source: str = "the batch") -> list[BatchQuery]:
    """The queries of a batch given as UTF-8 bytes or text; raises ``BatchError`` when there are none,
    when the bytes are not UTF-8 or when the CSV cannot be parsed. ``source`` names it in messages."""
    text = decode(data, source) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    queries = _csv_queries(text, source) if is_csv else _line_queries(text)
    if not queries:
        raise BatchError(f"{source} holds no query: every line is blank or a {COMMENT} comment")
    return queries


def decode(data: bytes, source: str = "the batch") -> str:
    """The text of a batch file: UTF-8, with or without a byte order mark; else ``BatchError``."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BatchError(f"{source} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start:,}); "
                         "save it as UTF-8") from exc


def _line_queries(text: str) -> list[BatchQuery]:
    return [BatchQuery(line.strip(), number) for number, line in enumerate(text.splitlines(), 1)
            if _is_query(line)]


def _csv_queries(text: str, source: str) -> list[BatchQuery]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)  # a stray quote is an error, not a guess
    queries: list[BatchQuery] = []
    column = None  # known from the first row that is not blank or a comment: a header, or the first query
    read_to = 0  # the last line of the last record read: the next one starts after it
    try:
        for row in reader:
            read_to = reader.line_num
            if not any(cell.strip() for cell in row) or row[0].strip().startswith(COMMENT):
                continue
            if column is None:
                column = _header_column(row)
                if column is not None:
                    continue
                column = 0
            if column < len(row) and _is_query(row[column]):
                # A query is one line: the line breaks of a quoted cell become spaces.
                queries.append(BatchQuery(" ".join(row[column].split()), reader.line_num))
    except csv.Error as exc:
        # The csv module's words for a quote left open; its other messages say what they mean.
        reason = "a quoted cell starts there and is never closed" if "unexpected end of data" in str(exc) else exc
        raise BatchError(f"{source} is not readable CSV: line {read_to + 1:,}: {reason}") from exc
    return queries


def _header_column(row: list[str]) -> int | None:
    """The position of the query column when ``row`` is a header naming it."""
    names = [cell.strip().lower() for cell in row]
    return next((names.index(name) for name in QUERY_COLUMN_NAMES if name in names), None)


def _is_query(cell: str) -> bool:
    text = cell.strip()
    return bool(text) and not text.startswith(COMMENT)


def run(backend: SearchBackend, queries: Iterable[BatchQuery], request: SearchRequest = SearchRequest(),
        top: int = DEFAULT_TOP) -> Iterator[BatchRow]:
    """Search each query with ``request``'s filters and sort, in order, a row each as it is done.

    ``top``: the best hits kept per query (0 for counts only). A query the backend refuses
    (``QueryError``) gives a row with its message and the batch goes on."""
    if not 0 <= top <= MAX_TOP:
        raise ValueError(f"top must be from 0 to {MAX_TOP}")
    shared = replace(request, page=1, page_size=max(top, 1), snippets=top > 0, suggest=False)
    return _each_row(backend, queries, shared, top)


def _each_row(backend: SearchBackend, queries: Iterable[BatchQuery], shared: SearchRequest, top: int
              ) -> Iterator[BatchRow]:
    for query in queries:
        try:
            result = backend.search(replace(shared, q=query.text))
        except QueryError as exc:
            yield BatchRow(query, error=str(exc))
            continue
        yield BatchRow(query, count=result.total, hits=result.hits[:top])


BATCH_COLUMNS = ("line", "query", "count", "error", "rank")


def csv_records(rows: Iterable[BatchRow], columns: Sequence[str] = HIT_COLUMNS) -> Iterator[dict]:
    """Flat records for CSV: one per best hit of each query (its ``rank`` from 1), or one without a
    hit for a query that found none or could not be searched."""
    for row in rows:
        shared = {"line": row.query.line, "query": row.query.text, "count": row.count, "error": row.error}
        if not row.hits:
            yield shared
        for rank, hit in enumerate(row.hits, 1):
            yield {**shared, "rank": rank, **hit_row(hit, columns)}


def batch_lines(rows: Iterable[BatchRow], format: str, columns: Sequence[str] = HIT_COLUMNS, *,
                byte_order_mark: bool = False) -> Iterator[str]:
    """The rows as lines of ``format``: ``csv`` (``BATCH_COLUMNS`` then ``columns``, a record per
    best hit) or ``jsonl`` (an object per query, its best hits in ``hits``)."""
    if format == "csv":
        return csv_lines(csv_records(rows, columns), (*BATCH_COLUMNS, *columns), byte_order_mark=byte_order_mark)
    if format == "jsonl":
        return jsonl_lines(row.to_json(columns) for row in rows)
    raise ValueError(f"unknown batch format {format!r}: use csv or jsonl")

