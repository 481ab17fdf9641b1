"""Facet counting from per-document value arrays, cached once per index generation.

Whoosh's own ``groupedby`` re-reads values for every search; here each facet
keeps every (document, value id) pair as two arrays, built once from the
postings when a generation is opened. Counting a facet is then one vectorised
pass over those pairs, masked by the matching documents; multi-select (each
facet counted with every filter but its own) only changes the mask.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import numpy as np
from whoosh.util.times import datetime_to_long

from indexer.postings import doc_ids


class Facet:
    """One facet: a name, display values, and every (document, value id) pair as two parallel arrays."""

    name: str = ""

    def __init__(self):
        self.labels: list[str] = []
        self.ids: dict[str, int] = {}
        self.doc_count = 0
        self.pair_docs = np.zeros(0, dtype=np.int64)
        self.pair_values = np.zeros(0, dtype=np.int64)

    def load(self, reader) -> None:
        raise NotImplementedError

    def value_ids(self, labels: Iterable[str]) -> frozenset[int]:
        return frozenset(self.ids[label] for label in labels if label in self.ids)

    def documents_with(self, value_ids: Iterable[int]) -> np.ndarray:
        """A mask over document numbers: True where the document has any of the values."""
        mask = np.zeros(self.doc_count, dtype=bool)
        mask[self.pair_docs[np.isin(self.pair_values, list(value_ids))]] = True
        return mask

    def counts(self, documents: np.ndarray) -> np.ndarray:
        """Per value id, how many documents of the mask ``documents`` have it."""
        return np.bincount(self.pair_values[documents[self.pair_docs]], minlength=len(self.labels))

    def _set_pairs(self, docs: np.ndarray, values: np.ndarray) -> None:
        """Keep each (document, value) once, sorted by document: variants merged into one name count once."""
        keys = np.unique(docs.astype(np.int64) * max(len(self.labels), 1) + values)
        self.pair_docs, self.pair_values = np.divmod(keys, max(len(self.labels), 1))

    def _intern(self, label: str) -> int:
        if label not in self.ids:
            self.ids[label] = len(self.labels)
            self.labels.append(label)
        return self.ids[label]


class FieldFacet(Facet):
    """Values of a multi-valued keyword field (person, country, source).

    ``aliases`` maps a stored variant to the name it is shown and counted as,
    so variants of one person count once and filter together.
    """

    def __init__(self, name: str, aliases: dict[str, str] | None = None):
        super().__init__()
        self.name = name
        self.aliases = aliases or {}

    def load(self, reader) -> None:
        self.doc_count = reader.doc_count_all()
        docs, values = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        if self.name in reader.indexed_field_names():
            for term in reader.lexicon(self.name):
                label = term.decode("utf-8")
                value_id = self._intern(self.aliases.get(label, label))
                ids = np.frombuffer(doc_ids(reader.postings(self.name, term)), dtype=np.uint32)
                docs.append(ids.astype(np.int64))
                values.append(np.full(len(ids), value_id, dtype=np.int64))
        self._set_pairs(np.concatenate(docs), np.concatenate(values))


class YearFacet(Facet):
    """The publication year, from the sortable date column.

    Also keeps, per document, ``dates``: the date as a sortable int (-1 when
    undated), which the search module sorts "newest first" by; and ``months``:
    ``year * 12 + month - 1`` (-1 when undated), for timelines.
    """

    name = "year"

    def __init__(self):
        super().__init__()
        self.dates = np.zeros(0, dtype=np.int64)
        self.months = np.zeros(0, dtype=np.int64)

    def load(self, reader) -> None:
        count = self.doc_count = reader.doc_count_all()
        raw = np.full(count, _UNDATED, dtype=np.uint64)
        if reader.has_column("date"):
            # Raw column values: an undated article holds a sentinel that is no datetime.
            raw = np.array(reader.column_reader("date", translate=False).load(), dtype=np.uint64)
        days = np.where(raw <= _LATEST, raw // _MICROSECONDS_PER_DAY, 0).astype("timedelta64[D]")
        moments = np.datetime64("0001-01-01", "D") + days
        years = moments.astype("datetime64[Y]").astype(np.int64) + 1970
        dated = (raw <= _LATEST) & (years > 1)
        self.dates = np.where(dated, raw.astype(np.int64, casting="unsafe"), -1)
        self.months = np.where(dated, moments.astype("datetime64[M]").astype(np.int64) + 1970 * 12, -1)
        present = np.unique(years[dated])
        for year in present:  # ascending, so a year's value id is its place in ``present``
            self._intern(str(year))
        docs = np.flatnonzero(dated)
        self._set_pairs(docs, np.searchsorted(present, years[docs]))


_MICROSECONDS_PER_DAY = 86_400_000_000
_LATEST = datetime_to_long(datetime.max)
_UNDATED = np.iinfo(np.uint64).max


def count(facets: list[Facet], documents: np.ndarray, selected: dict[str, frozenset[int]]
          ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Count every facet's values over ``documents`` (a mask over document numbers).

    Returns the documents (ascending doc numbers) that pass every selected
    filter, and per facet an array of counts by value id over the documents
    that pass every filter except that facet's own (so a selected country still
    shows what the others would add).
    """
    passes = {facet.name: facet.documents_with(selected[facet.name]) for facet in facets if selected.get(facet.name)}
    counts = {}
    for facet in facets:
        mask = documents
        for name, passing in passes.items():
            if name != facet.name:
                mask = mask & passing
        counts[facet.name] = facet.counts(mask)
    passing = documents
    for mask in passes.values():
        passing = passing & mask
    return np.flatnonzero(passing), counts
