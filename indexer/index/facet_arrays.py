"""Facet arrays: every (document, value) pair of each facet field, and every document's date, written
once per generation by the reindex and memory-mapped by every process that searches it.

Read out of Whoosh's postings and date column, these took seconds to build at a few hundred thousand
articles, in every serving process, and each process held its own copy. As files they open in
milliseconds, and the page cache holds one copy for every process (indexer/search/facets.py).

Per facet field ``F``: ``facet-F.labels.json`` (the display values; a value's id is its place in the
list), ``facet-F.docs`` and ``facet-F.values`` (uint32: the pairs, sorted by document, each once). Per
document: ``facet-dates`` (int64: the date column's sortable value, -1 when undated) and
``facet-months`` (int64: ``year * 12 + month - 1``, -1 when undated).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import numpy as np
from whoosh.util.times import datetime_to_long

from indexer.index.postings import doc_ids, map_array
from indexer.index.schema import FacetField
from indexer.index.store import StaleIndex, write_atomically

DATE_FIELD = "date"
_MICROSECONDS_PER_DAY = 86_400_000_000
_LATEST = datetime_to_long(datetime.max)
_UNDATED = np.iinfo(np.uint64).max


class FacetArraysMissing(StaleIndex):
    """The generation's facet arrays are missing or do not fit it: it must be rebuilt."""

    def __init__(self, generation: Path, detail: str):
        super().__init__(f"the index at {Path(generation).parent.parent} is damaged ({detail}): rebuild it with "
                         "`newsdex reindex DIR`")


def write_facet_arrays(generation: Path, reader, aliases: dict[str, dict[str, str | None]]) -> None:
    """Write the arrays of every facet field of the schema and the dates, from ``reader`` (every document of
    the generation). ``aliases``, per field, maps a stored variant to the name it counts as, or to None for
    a value neither shown nor counted (a firm's name); variants merged into one name count once."""
    generation = Path(generation)
    doc_count = reader.doc_count_all()
    for field, kind in reader.schema.items():
        if isinstance(kind, FacetField):
            labels, docs, values = _keyword_pairs(reader, field, aliases.get(field, {}))
            write_atomically(generation / f"facet-{field}.docs", docs.astype(np.uint32).tobytes())
            write_atomically(generation / f"facet-{field}.values", values.astype(np.uint32).tobytes())
            write_atomically(generation / f"facet-{field}.labels.json", json.dumps(
                {"doc_count": doc_count, "labels": labels}, ensure_ascii=False).encode("utf-8"))
    dates, months = _dates(reader)
    write_atomically(generation / "facet-dates", dates.tobytes())
    write_atomically(generation / "facet-months", months.tobytes())


def read_pairs(generation: Path, field: str, doc_count: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """``(labels, pair documents, pair values)`` of ``field``, the pairs memory-mapped."""
    try:
        meta = json.loads((Path(generation) / f"facet-{field}.labels.json").read_text("utf-8"))
        docs = map_array(Path(generation) / f"facet-{field}.docs", np.uint32)
        values = map_array(Path(generation) / f"facet-{field}.values", np.uint32)
    except (OSError, ValueError) as exc:
        raise FacetArraysMissing(generation, f"facet arrays of {field!r}: {exc}") from exc
    labels = meta.get("labels")
    if (meta.get("doc_count") != doc_count or not isinstance(labels, list) or len(docs) != len(values)
            or (len(values) and int(values.max()) >= len(labels)) or (len(docs) and int(docs[-1]) >= doc_count)):
        raise FacetArraysMissing(generation, f"the facet arrays of {field!r} do not fit it")
    return labels, docs, values


def read_dates(generation: Path, doc_count: int) -> tuple[np.ndarray, np.ndarray]:
    """``(dates, months)`` per document, memory-mapped."""
    try:
        dates = map_array(Path(generation) / "facet-dates", np.int64)
        months = map_array(Path(generation) / "facet-months", np.int64)
    except (OSError, ValueError) as exc:
        raise FacetArraysMissing(generation, f"dates: {exc}") from exc
    if len(dates) != doc_count or len(months) != doc_count:
        raise FacetArraysMissing(generation, "the dates do not fit it")
    return dates, months


def _keyword_pairs(reader, field: str, aliases: dict[str, str | None]) -> tuple[list[str], np.ndarray, np.ndarray]:
    labels: list[str] = []
    ids: dict[str, int] = {}
    docs, values = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    if field in reader.indexed_field_names():
        for term in reader.lexicon(field):
            stored = term.decode("utf-8")
            label = aliases.get(stored, stored)
            if label is None:
                continue
            value_id = ids.setdefault(label, len(labels))
            if value_id == len(labels):
                labels.append(label)
            term_docs = np.frombuffer(doc_ids(reader.postings(field, term)), dtype=np.uint32)
            docs.append(term_docs.astype(np.int64))
            values.append(np.full(len(term_docs), value_id, dtype=np.int64))
    # Each (document, value) once, sorted by document: variants merged into one name count once.
    width = max(len(labels), 1)
    keys = np.unique(np.concatenate(docs) * width + np.concatenate(values))
    pair_docs, pair_values = np.divmod(keys, width)
    return labels, pair_docs, pair_values


def _dates(reader) -> tuple[np.ndarray, np.ndarray]:
    raw = np.full(reader.doc_count_all(), _UNDATED, dtype=np.uint64)
    if reader.has_column(DATE_FIELD):
        # Raw column values: an undated article holds a sentinel that is no datetime.
        raw = np.array(reader.column_reader(DATE_FIELD, translate=False).load(), dtype=np.uint64)
    days = np.where(raw <= _LATEST, raw // _MICROSECONDS_PER_DAY, 0).astype("timedelta64[D]")
    moments = np.datetime64("0001-01-01", "D") + days
    years = moments.astype("datetime64[Y]").astype(np.int64) + 1970
    dated = (raw <= _LATEST) & (years > 1)
    dates = np.where(dated, raw.astype(np.int64, casting="unsafe"), -1)
    months = np.where(dated, moments.astype("datetime64[M]").astype(np.int64) + 1970 * 12, -1)
    return dates.astype(np.int64), months.astype(np.int64)
