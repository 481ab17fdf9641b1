"""Normalise the many ways sources write a date to sortable ISO 8601 text."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%a, %d %b %Y %H:%M:%S",
    "%d-%b-%Y %H:%M:%S",
)
_ISO_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?")
_YEAR_MONTH_DAY = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def normalise_date(value: object) -> str | None:
    """Return ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS`` (local time as written), or None.

    Time zones are dropped rather than converted: news is filed in the
    newsroom's local time and readers expect to see that date.
    """
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text:
        return None
    match = _ISO_PREFIX.match(text)
    if match:
        day, clock = match.groups()
        try:
            datetime.strptime(day, "%Y-%m-%d")
        except ValueError:
            return None
        if not clock:
            return day
        return f"{day}T{clock if len(clock) == 8 else clock + ':00'}"
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text).replace("Sept ", "Sep ")
    cleaned = re.sub(r"\s*(GMT|UTC|[+-]\d{2}:?\d{2}|Z)$", "", cleaned)
    for fmt in _FORMATS:
        try:
            parsed = datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        if parsed.hour or parsed.minute or parsed.second:
            return parsed.isoformat()
        return parsed.date().isoformat()
    return None


def date_span(text: str) -> tuple[date, date] | None:
    """The first and last day of the year, month or day ``text`` names: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    None when ``text`` is none of these or names no real day (``2023-02-29``, ``2023-13``).
    """
    match = _YEAR_MONTH_DAY.fullmatch(text)
    if not match:
        return None
    year, month, day = match.groups()
    first = normalise_date(f"{year}-{month or '01'}-{day or '01'}")
    if first is None:
        return None
    start = date.fromisoformat(first)
    if day:
        return start, start
    if month:
        return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start, start.replace(month=12, day=31)
