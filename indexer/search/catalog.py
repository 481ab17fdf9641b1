"""Browsing by entity: every value of the facets that have entity pages, with its count and URL slug.

Built once per index generation from the facet arrays (``EntityCatalog``), or from a search
cluster's counts (indexer/search/opensearch/backend.py): both answer from the same tables
(``entity_table``, ``EntityTables``). The web UI and the API read them through plain dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from indexer.search.contract import EntityList, EntityProfile, EntityRow
from indexer.search.facets import Facet, YearFacet
from indexer.search.registry import FacetDefinition, entity_facets, top_values
from indexer.text import fold, slugify


@dataclass
class _Table:
    counts: dict[str, int] = field(default_factory=dict)  # ranked: most articles first, ties by folded name
    slugs: dict[str, str] = field(default_factory=dict)  # label -> slug
    by_slug: dict[str, str] = field(default_factory=dict)  # slug -> label
    folded_words: dict[str, tuple[str, ...]] = field(default_factory=dict)


def entity_table(definition: FacetDefinition, counted: Iterable[tuple[str, int, int]]) -> _Table:
    """The table of one facet from its ``(label, value id, articles)`` with articles above zero; the value id
    (a number of its own per label) tells apart two names that have one slug."""
    table = _Table()
    counts = []
    for label, value_id, articles in counted:
        slug = slugify(label) or f"id-{value_id}"
        if slug in table.by_slug:  # two names with one slug: keep both reachable
            slug = f"{slug}-{value_id}"
        table.slugs[label] = slug
        table.by_slug[slug] = label
        table.folded_words[label] = tuple(fold(label).replace("-", " ").split())
        counts.append((label, articles))
    table.counts = dict(top_values(definition, counts, name_key=fold))
    return table


class EntityTables:
    """What every backend's entity browser answers from the tables alone (all but ``profile``)."""

    def __init__(self, tables: dict[str, _Table]):
        self._tables = tables

    def slugs(self) -> dict[str, dict[str, str]]:
        """Per entity facet, label -> slug: the links from a hit or an article to its entity pages."""
        return {name: table.slugs for name, table in self._tables.items()}

    def label(self, facet: str, slug: str) -> str | None:
        return self._tables[facet].by_slug.get(slug)

    def ranked(self, facet: str) -> list[EntityRow]:
        """Every value, most articles first."""
        table = self._tables[facet]
        return [EntityRow(label, n, table.slugs[label]) for label, n in table.counts.items()]

    def list(self, facet: str, *, needle: str = "", sort: str = "count", page: int = 1,
             page_size: int = 100) -> EntityList:
        """Values whose folded name contains the folded ``needle``, by count or (``sort="name"``) by name."""
        rows = self.ranked(facet)
        if sort == "name":
            rows.sort(key=lambda row: fold(row.label))
        if needle:
            folded = fold(needle)
            rows = [row for row in rows if folded in fold(row.label)]
        pages = max(1, -(-len(rows) // page_size))
        return EntityList(rows=rows[(page - 1) * page_size: page * page_size], total=len(rows),
                          all_count=len(self._tables[facet].counts), page=page, pages=pages)

    def match_prefix(self, facet: str, prefix: str) -> list[EntityRow]:
        """Values where every word of ``prefix`` starts some word of the name, accent-insensitively."""
        wanted = fold(prefix).replace("-", " ").split()
        if not wanted:
            return []
        table = self._tables[facet]
        return [EntityRow(label, n, table.slugs[label]) for label, n in table.counts.items()
                if all(any(word.startswith(w) for word in table.folded_words[label]) for w in wanted)]


class EntityCatalog(EntityTables):
    """The entity facets' values over the live documents of one generation."""

    def __init__(self, facets: dict[str, Facet], live: np.ndarray):
        self._facets = facets
        self._live = live
        super().__init__({definition.name: self._table(facets[definition.name]) for definition in entity_facets()
                          if definition.name in facets})

    def _table(self, facet: Facet) -> _Table:
        counts = facet.counts(self._live)
        return entity_table(facet.definition, ((facet.labels[v], v, int(counts[v]))
                                               for v in np.flatnonzero(counts).tolist()))

    def profile(self, facet: str, label: str, *, related_limit: int) -> EntityProfile:
        own = self._facets[facet]
        docs = own.documents_with(own.value_ids([label])) & self._live
        related = {}
        for name, table in self._tables.items():
            other = self._facets[name]
            counts = other.counts(docs)
            if name == facet:
                counts[other.ids[label]] = 0
            related[name] = [EntityRow(value, n, table.slugs.get(value))
                             for value, n in other.top(counts, limit=related_limit)]
        dates = next(f for f in self._facets.values() if isinstance(f, YearFacet))
        month_numbers = dates.months[docs]
        numbers, counts = np.unique(month_numbers[month_numbers >= 0], return_counts=True)
        months = {f"{m // 12:04d}-{m % 12 + 1:02d}": n for m, n in zip(numbers.tolist(), counts.tolist(), strict=True)}
        articles = int(docs.sum())
        return EntityProfile(facet=facet, label=label, articles=articles, related=related, months=months,
                             undated=articles - sum(months.values()))
