"""The matching articles over time, and the date filter, from the year facet's per-document date arrays.

Both work on whole arrays: the date filter is one comparison over every document's date, and the
timeline one ``bincount`` over the passing documents' years, months or days, so neither costs a
Python step per article. The finest granularity whose buckets still fit is chosen, so selecting a
year shows its months and selecting a month shows its days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np

from indexer.search.contract import DateRange, Timeline
from indexer.search.facets import YearFacet

# The most buckets a timeline draws at each granularity: about two months of days, four years of months.
MOST_DAYS = 62
MOST_MONTHS = 48

# The year facet's ``dates`` are Whoosh's sortable longs: microseconds since 0001-01-01 (-1: undated).
_MICROSECONDS_PER_DAY = 86_400_000_000


def dated_within(years: YearFacet, dates: DateRange) -> np.ndarray:
    """A mask over document numbers: True where the article is dated within ``dates``, both days included."""
    dated = years.dates >= 0
    if dates.first_day is not None:
        dated &= years.dates >= _day_number(dates.first_day) * _MICROSECONDS_PER_DAY
    if dates.last_day is not None:
        dated &= years.dates < (_day_number(dates.last_day) + 1) * _MICROSECONDS_PER_DAY
    return dated


def timeline_of(years: YearFacet, passing: np.ndarray) -> Timeline:
    """The timeline of the documents ``passing`` (document numbers): days, months or years, whichever is
    the finest that spans their dates in at most ``MOST_DAYS`` days or ``MOST_MONTHS`` months."""
    stamps = years.dates[passing]
    dated = stamps >= 0
    undated = int(np.count_nonzero(~dated))
    if not dated.any():
        return Timeline("year", [], undated)
    days = stamps[dated] // _MICROSECONDS_PER_DAY
    months = years.months[passing][dated]
    if days.max() - days.min() < MOST_DAYS:
        first = int(days.min())
        return Timeline("day", _buckets(days - first, lambda n: date.fromordinal(first + n + 1).isoformat()),
                        undated)
    if months.max() - months.min() < MOST_MONTHS:
        first = int(months.min())
        return Timeline("month", _buckets(months - first, lambda n: _month_label(first + n)), undated)
    year_numbers = months // 12
    first = int(year_numbers.min())
    return Timeline("year", _buckets(year_numbers - first, lambda n: f"{first + n:04d}"), undated)


def _buckets(offsets: np.ndarray, label: Callable[[int], str]) -> list[tuple[str, int]]:
    """Every bucket from offset 0 to the largest, empty ones included, as (``label(offset)``, count)."""
    counts = np.bincount(offsets)
    return [(label(offset), int(n)) for offset, n in enumerate(counts.tolist())]


def _month_label(month_number: int) -> str:
    """``year * 12 + month - 1`` (the year facet's ``months``) as ``YYYY-MM``."""
    return f"{month_number // 12:04d}-{month_number % 12 + 1:02d}"


def _day_number(day: date) -> int:
    """Days since 0001-01-01, as the year facet's dates count them."""
    return day.toordinal() - 1
