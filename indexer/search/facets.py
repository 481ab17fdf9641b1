"""Facet counting from per-document value arrays, cached once per index generation.

Whoosh's own ``groupedby`` re-reads values for every search; here each facet
keeps every (document, value id) pair as two arrays, written by the reindex
and mapped when a generation is opened. Counting a facet is then one vectorised
pass over those pairs, masked by the matching documents; multi-select (each
facet counted with every filter but its own) only changes the mask.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from indexer.index.facet_arrays import DATE_FIELD, read_dates, read_pairs
from indexer.search.registry import FacetDefinition, top_values


class Facet:
    """One facet: its definition, display values, and every (document, value id) pair as two parallel arrays
    (memory-mapped from the generation's facet arrays, indexer/index/facet_arrays.py)."""

    def __init__(self, definition: FacetDefinition, labels: list[str], pair_docs: np.ndarray,
                 pair_values: np.ndarray, doc_count: int):
        self.definition = definition
        self.name = definition.name
        self.labels = labels
        self.ids: dict[str, int] = {label: value_id for value_id, label in enumerate(labels)}
        self.doc_count = doc_count
        self.pair_docs = pair_docs
        self.pair_values = pair_values

    stored = False  # whether a hit carries the values, from the document's stored fields

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


def open_facet(definition: FacetDefinition, generation: Path, doc_count: int,
               aliases: dict[str, str | None]) -> Facet:
    """The facet of ``definition`` over the generation's facet arrays; ``aliases`` (stored variant -> merged
    name) apply to the values a hit shows where the facet is aliased (the arrays count them merged already).

    Raises ``FacetArraysMissing`` when the generation has no readable arrays."""
    if definition.field == DATE_FIELD:
        return YearFacet(definition, *read_dates(generation, doc_count))
    return FieldFacet(definition, *read_pairs(generation, definition.field, doc_count), doc_count,
                      aliases=aliases if definition.aliased else None)


class FieldFacet(Facet):
    """Values of a multi-valued keyword field (person, country, source).

    ``aliases`` maps a stored variant to the name it is shown as, so variants of
    one person show once; or to None, for a name the reindex found to be a
    firm's (indexer/entities/merge.py): it is not shown. The reindex counted
    them so in the arrays.
    """

    def __init__(self, definition: FacetDefinition, labels: list[str], pair_docs: np.ndarray,
                 pair_values: np.ndarray, doc_count: int, aliases: dict[str, str | None] | None = None):
        super().__init__(definition, labels, pair_docs, pair_values, doc_count)
        self.aliases = aliases or {}

    stored = True

    def shown_values(self, stored: dict) -> list[str]:
        value = stored.get(self.definition.field)
        values = [] if value is None else [value] if isinstance(value, str) else list(value)
        if self.definition.aliased:  # variants merged into one name are shown once
            values = [v for v in dict.fromkeys(self.aliases.get(v, v) for v in values) if v is not None]
        return values


class YearFacet(Facet):
    """The publication year, from each document's month.

    Also keeps, per document, ``dates``: the date as a sortable int (-1 when
    undated), which the search module sorts "newest first" by; and ``months``:
    ``year * 12 + month - 1`` (-1 when undated), for timelines.
    """

    def __init__(self, definition: FacetDefinition, dates: np.ndarray, months: np.ndarray):
        self.dates = dates
        self.months = months
        docs = np.flatnonzero(months >= 0)
        years = months[docs] // 12
        present = np.unique(years)  # ascending, so a year's value id is its place in ``present``
        super().__init__(definition, [str(year) for year in present.tolist()], docs,
                         np.searchsorted(present, years), len(months))


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
