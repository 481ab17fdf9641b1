"""Facet counting from per-document value arrays, cached once per index generation.

Whoosh's own ``groupedby`` re-reads values for every search; here each facet
keeps, for every document number, the ids of its values, built once from the
postings when a generation is opened. Counting is then one pass over the
matching documents, and multi-select (each facet counted with every filter but
its own) costs that same single pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import chain

from whoosh.util.times import long_to_datetime


class Facet:
    """One facet: a name, display values, and each document's values as small ints."""

    name: str = ""

    def __init__(self):
        self.labels: list[str] = []
        self.ids: dict[str, int] = {}
        self.doc_values: list[tuple[int, ...]] = []

    def load(self, reader) -> None:
        raise NotImplementedError

    def value_ids(self, labels: Iterable[str]) -> frozenset[int]:
        return frozenset(self.ids[label] for label in labels if label in self.ids)

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


class YearFacet(Facet):
    """The publication year, from the sortable date column.

    Also keeps ``dates``: every document's date as a sortable int (-1 when
    undated), which the search module sorts "newest first" by.
    """

    name = "year"

    def __init__(self):
        super().__init__()
        self.dates: list[int] = []

    def load(self, reader) -> None:
        count = reader.doc_count_all()
        self.doc_values, self.dates = [()] * count, [-1] * count
        if not reader.has_column("date"):
            return
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


def count(facets: list[Facet], docs: Iterable[int], selected: dict[str, frozenset[int]]
          ) -> tuple[list[int], dict[str, Counter]]:
    """Count every facet's values over ``docs`` in one pass.

    Returns the documents that pass every selected filter, and per facet a
    Counter of value ids over the documents that pass every filter except that
    facet's own (so a selected country still shows what the others would add).
    """
    counters = {facet.name: Counter() for facet in facets}
    active = [(facet, selected[facet.name]) for facet in facets if selected.get(facet.name)]
    if not active:
        docs = list(docs)
        for facet in facets:
            counters[facet.name].update(chain.from_iterable(map(facet.doc_values.__getitem__, docs)))
        return docs, counters
    passing: list[int] = []
    for doc in docs:
        failed = None
        failures = 0
        for facet, wanted in active:
            if wanted.isdisjoint(facet.doc_values[doc]):
                failures += 1
                failed = facet
                if failures > 1:
                    break
        if failures == 0:
            passing.append(doc)
            for facet in facets:
                counters[facet.name].update(facet.doc_values[doc])
        elif failures == 1:
            counters[failed.name].update(failed.doc_values[doc])
    return passing, counters
