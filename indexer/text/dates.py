"""Normalise the many ways sources write a date to sortable ISO 8601 text: the one date parser.

``normalise_date`` reads a value that is only a date (a metadata field, a Reuters ``<DATE>``);
``find_date`` finds the first date written in a line of text (a page's meta value, a byline,
"Published 5 Sept 2018, 12:30"); ``date_span`` and ``written_span`` read the period a search asks for
(``2023-03``, ``march 2023``, ``03/04/2023``). The first two give ``YYYY-MM-DD`` when only the day is written, else
``YYYY-MM-DDTHH:MM:SS`` (a written time is kept, midnight included), in the local time as written:
time zones are dropped rather than converted, since news is filed in the newsroom's local time and
readers expect to see that date.

The order of day and month in an all-numeric date follows one rule: a number over 12 is the day;
when both could be the month, ``day_first`` decides (``03/04/2023`` is 3 April with it, 4 March
without). Dotted dates (``03.04.2023``) are always day first. See docs/extraction.md for which
reader passes what.
"""

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
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%a, %d %b %Y %H:%M:%S",
    "%d-%b-%Y %H:%M:%S",
)
_ISO_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?")
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_YEAR_MONTH_DAY = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def normalise_date(value: object, *, day_first: bool = True) -> str | None:
    """``value`` (all of it a date) as ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS``, or None."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text:
        return None
    match = _ISO_PREFIX.match(text)
    if match:
        day, clock = match.groups()
        stamp = f"{day}T{clock if len(clock) == 8 else clock + ':00'}" if clock else day
        try:
            # The day and the time must both exist: "24:00" would fail the index's own parse of the date.
            datetime.fromisoformat(stamp)
        except ValueError:
            return None
        return stamp
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text).replace("Sept ", "Sep ")
    cleaned = re.sub(r"\s*(GMT|UTC|[+-]\d{2}:?\d{2}|Z)$", "", cleaned)
    # Tried before the zone is cut too: "-2023" in "03-04-2023" is not an offset.
    match = _NUMERIC.fullmatch(text) or _NUMERIC.fullmatch(cleaned)
    if match:
        first, separator, second, year = match.groups()
        month, day = _month_and_day(first, second, day_first=day_first or separator == ".")
        try:
            return date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return None
    for fmt in _FORMATS:
        try:
            parsed = datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        return parsed.isoformat() if "%H" in fmt else parsed.date().isoformat()
    return None


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_TIME = r"(?:\s*(?:,|@|at|-|–|\|)?\s*(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?"
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_COMPACT = re.compile(r"\b((?:19|20)\d{2})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?\b")
_MDY = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME, re.I)
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?" + _MONTH + r",?\s+(\d{4})" + _TIME, re.I)
_DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME, re.I)
_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})" + _TIME, re.I)


def find_date(text: str, *, day_first: bool = True) -> str | None:
    """The first date written in ``text``, in any common notation, or None.

    Years outside 1900 to next year are taken for something else (a number, a product code).
    """
    text = text.strip()
    if not text:
        return None
    match = _ISO.search(text)
    if match:
        return _format(*match.groups())
    match = _MDY.search(text)
    if match:
        month, day, year, hour, minute, second, ampm = match.groups()
        return _format(year, _MONTHS[month.lower()[:3]], day, hour, minute, second, ampm)
    match = _DMY.search(text)
    if match:
        day, month, year, hour, minute, second, ampm = match.groups()
        return _format(year, _MONTHS[month.lower()[:3]], day, hour, minute, second, ampm)
    match = _DOTTED.search(text)
    if match:
        day, month, year, hour, minute, second, ampm = match.groups()
        return _format(year, month, day, hour, minute, second, ampm)
    match = _SLASHED.search(text)
    if match:
        first, second, year, hour, minute, seconds, ampm = match.groups()
        month, day = _month_and_day(first, second, day_first=day_first)
        return _format(year, month, day, hour, minute, seconds, ampm)
    match = _COMPACT.search(text)
    if match:
        return _format(*match.groups())
    return None


def written_day_first(text: str) -> bool | None:
    """Whether the numeric dates in ``text`` put the day first (True) or the month first (False), where
    one of them says so by a number over 12 (``16/03/2023``, ``12/16/2025``) and none says the other;
    else None."""
    pairs = ((int(first), int(second)) for first, second in _SLASHED_PAIRS.findall(text))
    orders = {first > 12 for first, second in pairs if (first > 12) != (second > 12)}
    return orders.pop() if len(orders) == 1 else None


_SLASHED_PAIRS = re.compile(r"\b(\d{1,2})/(\d{1,2})/(?:19|20)\d{2}\b")


def _month_and_day(first: str, second: str, *, day_first: bool) -> tuple[str, str]:
    """(month, day) of a numeric date written ``first/second/year``: a number over 12 is the day."""
    if int(first) > 12:
        return second, first
    if int(second) > 12:
        return first, second
    return (second, first) if day_first else (first, second)


def _format(year, month, day, hour=None, minute=None, second=None, ampm=None) -> str | None:
    try:
        year, month, day = int(year), int(month), int(day)
        stamp = datetime(year, month, day)
        if not 1900 <= year <= datetime.now().year + 1:
            return None
        if hour is None:
            return stamp.strftime("%Y-%m-%d")
        hour = int(hour)
        if ampm:
            hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
        stamp = stamp.replace(hour=hour, minute=int(minute), second=int(second or 0))
    except (TypeError, ValueError):
        return None
    return stamp.strftime("%Y-%m-%dT%H:%M:%S")


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
        return start, _month_end(start)
    return start, start.replace(month=12, day=31)


_MONTH_YEAR = re.compile(_MONTH + r",?\s+(\d{4})", re.I)


def written_span(text: str, *, day_first: bool = True) -> tuple[date, date] | None:
    """The first and last day of the period ``text`` writes out in full: what ``date_span`` reads, a month
    and year (``march 2023``) or any date ``normalise_date`` reads (``17 March 2023``, ``03/04/2023``).

    None when ``text`` leaves out the year or is no date; relative dates (``yesterday``) are not read here.
    """
    text = " ".join(text.split())
    days = date_span(text)
    if days:
        return days
    match = _MONTH_YEAR.fullmatch(text)
    if match:
        start = date(int(match.group(2)), _MONTHS[match.group(1).lower()[:3]], 1)
        return start, _month_end(start)
    day = normalise_date(text, day_first=day_first)
    if day is None:
        return None
    start = date.fromisoformat(day[:10])
    return start, start


def _month_end(start: date) -> date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])
