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

from indexer.index.postings import doc_ids
from indexer.search.registry import FacetDefinition, top_values


class Facet:
    """One facet: its definition, display values, and every (document, value id) pair as two parallel arrays."""

    def __init__(self, definition: FacetDefinition):
        self.definition = definition
        self.name = definition.name
        self.labels: list[str] = []
        self.ids: dict[str, int] = {}
        self.doc_count = 0
        self.pair_docs = np.zeros(0, dtype=np.int64)
        self.pair_values = np.zeros(0, dtype=np.int64)

    stored = False  # whether a hit carries the values, from the document's stored fields

    def load(self, reader) -> None:
        raise NotImplementedError

    def shown_values(self, stored: dict) -> list[str]:
        """The document's values as a hit shows them, from its ``stored`` fields."""
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

    def top(self, counts: np.ndarray, limit: int, selected: Iterable[str] = ()
            ) -> list[tuple[str, int]]:
        """The ``limit`` first values that count above zero, in the facet's order, then any ``selected``
        value not among them (so a chosen filter stays visible to remove, even at zero)."""
        values = np.flatnonzero(counts)
        if len(values) > limit and not self.definition.newest_first:
            # Only values tied with the limit-th count or above can be among the first.
            cut = len(values) - limit
            values = values[counts[values] >= np.partition(counts[values], cut)[cut]]
        shown = top_values(self.definition, ((self.labels[v], int(counts[v])) for v in values), limit)
        present = {label for label, _ in shown}
        shown += [(label, int(counts[self.ids[label]]) if label in self.ids else 0)
                  for label in selected if label not in present]
        return shown

    def _set_pairs(self, docs: np.ndarray, values: np.ndarray) -> None:
        """Keep each (document, value) once, sorted by document: variants merged into one name count once."""
        keys = np.unique(docs.astype(np.int64) * max(len(self.labels), 1) + values)
        self.pair_docs, self.pair_values = np.divmod(keys, max(len(self.labels), 1))

    def _intern(self, label: str) -> int:
        if label not in self.ids:
            self.ids[label] = len(self.labels)
            self.labels.append(label)
        return self.ids[label]


def make_facet(definition: FacetDefinition, aliases: dict[str, str | None]) -> Facet:
    """The facet of ``definition``; ``aliases`` (stored variant -> merged name) apply where it is aliased."""
    if definition.field == "date":
        return YearFacet(definition)
    return FieldFacet(definition, aliases=aliases if definition.aliased else None)


class FieldFacet(Facet):
    """Values of a multi-valued keyword field (person, country, source).

    ``aliases`` maps a stored variant to the name it is shown and counted as,
    so variants of one person count once and filter together; or to None, for
    a name the reindex found to be a firm's (indexer/entities/merge.py): it is
    neither shown nor counted.
    """

    def __init__(self, definition: FacetDefinition, aliases: dict[str, str | None] | None = None):
        super().__init__(definition)
        self.aliases = aliases or {}

    stored = True

    def shown_values(self, stored: dict) -> list[str]:
        value = stored.get(self.definition.field)
        values = [] if value is None else [value] if isinstance(value, str) else list(value)
        if self.definition.aliased:  # variants merged into one name are shown once
            values = [v for v in dict.fromkeys(self.aliases.get(v, v) for v in values) if v is not None]
        return values

    def load(self, reader) -> None:
        self.doc_count = reader.doc_count_all()
        field = self.definition.field
        docs, values = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        if field in reader.indexed_field_names():
            for term in reader.lexicon(field):
                label = self.aliases.get(term.decode("utf-8"), term.decode("utf-8"))
                if label is None:
                    continue
                value_id = self._intern(label)
                ids = np.frombuffer(doc_ids(reader.postings(field, term)), dtype=np.uint32)
                docs.append(ids.astype(np.int64))
                values.append(np.full(len(ids), value_id, dtype=np.int64))
        self._set_pairs(np.concatenate(docs), np.concatenate(values))


class YearFacet(Facet):
    """The publication year, from the sortable date column.

    Also keeps, per document, ``dates``: the date as a sortable int (-1 when
    undated), which the search module sorts "newest first" by; and ``months``:
    ``year * 12 + month - 1`` (-1 when undated), for timelines.
    """

    def __init__(self, definition: FacetDefinition):
        super().__init__(definition)
        self.dates = np.zeros(0, dtype=np.int64)
        self.months = np.zeros(0, dtype=np.int64)

    def load(self, reader) -> None:
        count = self.doc_count = reader.doc_count_all()
        raw = np.full(count, _UNDATED, dtype=np.uint64)
        if reader.has_column(self.definition.field):
            # Raw column values: an undated article holds a sentinel that is no datetime.
            raw = np.array(reader.column_reader(self.definition.field, translate=False).load(), dtype=np.uint64)
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
