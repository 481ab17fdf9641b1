"""Facet counting from per-document value arrays, cached once per index generation.

Whoosh's own ``groupedby`` re-reads values for every search; here each facet
keeps every (document, value id) pair as two arrays, built once from the
postings when a generation is opened. Counting a facet is then one vectorised
pass over those pairs, masked by the matching documents; multi-select (each
facet counted with every filter but its own) only changes the mask.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from whoosh.util.times import long_to_datetime


class Facet:
    """One facet: a name, display values, and each document's values as small ints.

    ``doc_values[d]`` holds document d's value ids; ``pair_docs`` and
    ``pair_values`` hold the same as parallel arrays, for counting.
    """

    name: str = ""

    def __init__(self):
        self.labels: list[str] = []
        self.ids: dict[str, int] = {}
        self.doc_values: list[tuple[int, ...]] = []
        self.pair_docs = np.zeros(0, dtype=np.int64)
        self.pair_values = np.zeros(0, dtype=np.int64)

    def load(self, reader) -> None:
        raise NotImplementedError

    def value_ids(self, labels: Iterable[str]) -> frozenset[int]:
        return frozenset(self.ids[label] for label in labels if label in self.ids)

    def documents_with(self, value_ids: Iterable[int]) -> np.ndarray:
        """A mask over document numbers: True where the document has any of the values."""
        mask = np.zeros(len(self.doc_values), dtype=bool)
        mask[self.pair_docs[np.isin(self.pair_values, list(value_ids))]] = True
        return mask

    def counts(self, documents: np.ndarray) -> np.ndarray:
        """Per value id, how many documents of the mask ``documents`` have it."""
        return np.bincount(self.pair_values[documents[self.pair_docs]], minlength=len(self.labels))

    def _pairs_from_doc_values(self) -> None:
        sizes = np.fromiter(map(len, self.doc_values), dtype=np.int64, count=len(self.doc_values))
        self.pair_docs = np.repeat(np.arange(len(self.doc_values)), sizes)
        self.pair_values = np.fromiter((v for values in self.doc_values for v in values), dtype=np.int64,
                                       count=int(sizes.sum()))

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
        per_doc: list[list[int]] = [[] for _ in range(reader.doc_count_all())]
        if self.name in reader.indexed_field_names():
            for term in reader.lexicon(self.name):
                label = term.decode("utf-8")
                value_id = self._intern(self.aliases.get(label, label))
                for docnum in reader.postings(self.name, term).all_ids():
                    per_doc[docnum].append(value_id)
        self.doc_values = [tuple(dict.fromkeys(values)) for values in per_doc]
        self._pairs_from_doc_values()


class YearFacet(Facet):
    """The publication year, from the sortable date column.

    Also keeps ``dates``: every document's date as a sortable int (-1 when
    undated), which the search module sorts "newest first" by.
    """

    name = "year"

    def __init__(self):
        super().__init__()
        self.dates = np.zeros(0, dtype=np.int64)

    def load(self, reader) -> None:
        count = reader.doc_count_all()
        self.doc_values, self.dates = [()] * count, np.full(count, -1, dtype=np.int64)
        if reader.has_column("date"):
            self._read_dates(reader, count)
        self._pairs_from_doc_values()

    def _read_dates(self, reader, count: int) -> None:
        # Raw column values: articles without a date hold a sentinel that
        # Whoosh's own translation cannot turn into a datetime.
        column = reader.column_reader("date", translate=False)
        for docnum in range(count):
            raw = column[docnum]
            try:
                year = long_to_datetime(raw).year
            except (OverflowError, TypeError, ValueError):
                continue
            if year > 1:
                self.doc_values[docnum] = (self._intern(str(year)),)
                self.dates[docnum] = raw


def default_facets() -> list[Facet]:
    return [FieldFacet("person"), FieldFacet("country"), YearFacet(), FieldFacet("source")]


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
