from datetime import date, datetime

import pytest

from indexer.text.dates import date_span, find_date, normalise_date, written_day_first, written_span


@pytest.mark.parametrize("raw, expected", [
    ("2023-05-01", "2023-05-01"),
    ("2023-05-01T08:30:00+07:00", "2023-05-01T08:30:00"),
    ("2023-05-01 08:30", "2023-05-01T08:30:00"),
    ("May 1, 2023", "2023-05-01"),
    ("1 May 2023", "2023-05-01"),
    ("Sept 3rd, 2021", "2021-09-03"),
    ("26-FEB-1987 15:01:01", "1987-02-26T15:01:01"),
    ("9-APR-1987 00:00:00", "1987-04-09T00:00:00"),  # a written midnight is kept, as in ISO text
    ("Mon, 01 May 2023 10:00:00 GMT", "2023-05-01T10:00:00"),
    ("03/04/2023", "2023-04-03"),
    ("03-04-2023", "2023-04-03"),
    ("03.04.2023", "2023-04-03"),
    ("03/04/2023 GMT", "2023-04-03"),
    ("11/19/2019", "2019-11-19"),  # 19 cannot be the month
    ("13/25/2023", None),
    ("2023-13-45", None),
    ("yesterday", None),
    ("", None),
    (None, None),
])
def test_normalise_date(raw, expected):
    assert normalise_date(raw) == expected


@pytest.mark.parametrize("text, expected", [
    ("2019-11-20T13:05:09+02:00", "2019-11-20T13:05:09"),
    ("2019-11-20T13:05:09.123Z", "2019-11-20T13:05:09"),
    ("2019-11-20", "2019-11-20"),
    ("Thursday, June 11th, 2009 @ 10:57 UTC", "2009-06-11T10:57:00"),
    ("Nov. 19, 2019 4:05 pm", "2019-11-19T16:05:00"),
    ("19 November 2019", "2019-11-19"),
    ("Published 5 Sept 2018, 12:30", "2018-09-05T12:30:00"),
    ("11/19/2019 08:15 PM", "2019-11-19T20:15:00"),
    ("19/11/2019", "2019-11-19"),
    ("Posted 03/04/2023 by Staff", "2023-04-03"),
    ("no date here", None),
    ("2019-13-45", None),
    ("1899-05-01", None),  # outside the years news is from: a number, not a date
])
def test_find_date(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize("text, day_first, expected", [
    ("03/04/2023", True, "2023-04-03"),
    ("03/04/2023", False, "2023-03-04"),
    ("13/04/2023", False, "2023-04-13"),  # 13 cannot be the month, whatever the order
    ("04/13/2023", True, "2023-04-13"),
    ("12/05/2023", False, "2023-12-05"),  # 12 can be the month: the order asked decides
    ("05/12/2023", True, "2023-12-05"),
])
def test_day_first_decides_only_when_both_numbers_could_be_the_month(text, day_first, expected):
    assert find_date(text, day_first=day_first) == expected
    assert normalise_date(text, day_first=day_first) == expected


def test_dotted_dates_are_day_first_whatever_the_order_asked():
    assert normalise_date("03.04.2023", day_first=False) == "2023-04-03"
    assert find_date("03.04.2023", day_first=False) == "2023-04-03"


# Every notation normalise_date reads, each with a day over 12 so that a day and month read the wrong
# way round give no date or another one, never the same.
@pytest.mark.parametrize("raw, expected", [
    ("2023-11-17", "2023-11-17"),
    ("2023-11-17T08:30", "2023-11-17T08:30:00"),
    ("2023-11-17 08:30:15", "2023-11-17T08:30:15"),
    ("2023-11-17T08:30:15Z", "2023-11-17T08:30:15"),
    ("2023-5-17", "2023-05-17"),  # a month of one digit: not ISO text, still year-month-day
    ("2023-5-17 08:30:15", "2023-05-17T08:30:15"),
    ("2023-5-17T08:30", "2023-05-17T08:30:00"),
    ("2023-5-17T08:30:15", "2023-05-17T08:30:15"),
    ("2023/11/17", "2023-11-17"),
    ("November 17, 2023", "2023-11-17"),
    ("Nov 17, 2023", "2023-11-17"),
    ("November 17th, 2023", "2023-11-17"),
    ("Sept 17, 2023", "2023-09-17"),
    ("17 November 2023", "2023-11-17"),
    ("17 Nov 2023", "2023-11-17"),
    ("17th November 2023", "2023-11-17"),
    ("17 Nov 2023 UTC", "2023-11-17"),
    ("Friday, November 17, 2023", "2023-11-17"),
    ("Fri, 17 Nov 2023 10:00:00 GMT", "2023-11-17T10:00:00"),
    ("Fri, 17 Nov 2023 10:00:00 +0700", "2023-11-17T10:00:00"),
    ("Fri, 17 Nov 2023 10:00:00 -05:00", "2023-11-17T10:00:00"),
    ("17-NOV-2023 15:01:01", "2023-11-17T15:01:01"),
    ("17/11/2023", "2023-11-17"),
    ("11/17/2023", "2023-11-17"),
    ("17.11.2023", "2023-11-17"),
    ("17-11-2023", "2023-11-17"),
    ("  17 Nov\n 2023 ", "2023-11-17"),  # spaces and line breaks inside a metadata value
])
def test_normalise_date_reads_every_notation_with_the_day_in_its_place(raw, expected):
    assert normalise_date(raw) == expected


@pytest.mark.parametrize("raw", [
    "2023-02-30", "2023-02-29", "31/02/2023", "30.02.2023", "2023-11-17 24:00", "2023-11-17T08:61:00",
    "November 31, 2023", "17 Nov", "2023",
])
def test_normalise_date_refuses_days_and_times_that_do_not_exist(raw):
    assert normalise_date(raw) is None


def test_normalise_date_takes_date_and_datetime_values():
    assert normalise_date(date(2023, 11, 17)) == "2023-11-17"
    assert normalise_date(datetime(2023, 11, 17, 8, 30)) == "2023-11-17T08:30:00"


@pytest.mark.parametrize("text, expected", [
    ("Updated 2019/11/20", "2019-11-20"),
    ("2019.11.20 13:05", "2019-11-20T13:05:00"),
    ("2019-11-20 13:05:09", "2019-11-20T13:05:09"),
    ("IMG 20191120 at the summit", "2019-11-20"),
    ("20191120T130509", "2019-11-20T13:05:09"),
    ("20191120T1305", "2019-11-20T13:05:00"),
    ("November 17, 2023", "2023-11-17"),
    ("Sept 17th 2023", "2023-09-17"),
    ("Nov 17, 2023 12:05 am", "2023-11-17T00:05:00"),  # 12 am is just after midnight
    ("Nov 17, 2023 12:30 pm", "2023-11-17T12:30:00"),  # and 12 pm just after noon
    ("Nov 17, 2023 4:05 p.m.", "2023-11-17T16:05:00"),
    ("Nov 17, 2023 9:05 AM", "2023-11-17T09:05:00"),
    ("17th of November, 2023", "2023-11-17"),
    ("17 Nov. 2023 14h30", "2023-11-17T14:30:00"),
    ("on 17 Sept 2018, 12:30:45", "2018-09-17T12:30:45"),
    ("Thursday 17.11.2023", "2023-11-17"),
    ("17.11.2023 13:05", "2023-11-17T13:05:00"),
    ("17/11/2023", "2023-11-17"),
    ("17/11/2023 08:15 PM", "2023-11-17T20:15:00"),
    ("   ", None),
    ("November 31, 2023", None),
    ("1900-01-17", "1900-01-17"),
])
def test_find_date_reads_every_notation_with_the_day_in_its_place(text, expected):
    assert find_date(text) == expected


def test_find_date_takes_years_from_1900_to_next_year():
    next_year = datetime.now().year + 1
    assert find_date(f"{next_year}-11-17") == f"{next_year}-11-17"
    assert find_date(f"{next_year + 1}-11-17") is None, "a year after next is a number, not a date"
    assert find_date("1899-12-17") is None


@pytest.mark.parametrize("name, month", [
    ("January", 1), ("Feb", 2), ("March", 3), ("Apr.", 4), ("May", 5), ("June", 6), ("Jul", 7),
    ("August", 8), ("Sep", 9), ("Sept", 9), ("October", 10), ("Nov", 11), ("December", 12),
])
def test_find_date_knows_every_month_by_name_and_abbreviation(name, month):
    assert find_date(f"17 {name} 2023") == f"2023-{month:02d}-17"
    assert find_date(f"{name} 17, 2023") == f"2023-{month:02d}-17"


@pytest.mark.parametrize("text, span", [
    ("2023", (date(2023, 1, 1), date(2023, 12, 31))),
    ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),  # a leap year's February
    ("2023-02", (date(2023, 2, 1), date(2023, 2, 28))),
    ("2023-11", (date(2023, 11, 1), date(2023, 11, 30))),
    ("2023-11-17", (date(2023, 11, 17), date(2023, 11, 17))),
    ("2023-02-29", None),
    ("2023-13", None),
    ("2023-11-17x", None),
    ("2023-1", None),
    ("november", None),
])
def test_date_span_is_the_first_and_last_day_named(text, span):
    assert date_span(text) == span


@pytest.mark.parametrize("text, span", [
    ("2023-11", (date(2023, 11, 1), date(2023, 11, 30))),  # what date_span reads, unchanged
    ("november 2023", (date(2023, 11, 1), date(2023, 11, 30))),
    ("Feb 2024", (date(2024, 2, 1), date(2024, 2, 29))),
    ("Sept. 2023", (date(2023, 9, 1), date(2023, 9, 30))),
    ("17 March 2023", (date(2023, 3, 17), date(2023, 3, 17))),
    ("March 17, 2023", (date(2023, 3, 17), date(2023, 3, 17))),
    ("03/04/2023", (date(2023, 4, 3), date(2023, 4, 3))),  # day first
    ("04/13/2023", (date(2023, 4, 13), date(2023, 4, 13))),  # 13 can only be the day
    ("2023-03-17T23:30:00", (date(2023, 3, 17), date(2023, 3, 17))),
    ("  17   March  2023 ", (date(2023, 3, 17), date(2023, 3, 17))),
    (" november  2023 ", (date(2023, 11, 1), date(2023, 11, 30))),
    ("november", None),  # no year: left to the reader's today
    ("17 march", None),
    ("31/02/2023", None),
    ("yesterday", None),
])
def test_written_span_reads_dates_written_out_with_their_year(text, span):
    assert written_span(text) == span


def test_written_span_day_first_can_be_turned_off():
    assert written_span("03/04/2023", day_first=False) == (date(2023, 3, 4), date(2023, 3, 4))


@pytest.mark.parametrize(("text", "expected"), [
    ("Posted 16/03/2023, updated 05/04/2023", True),
    ("Posted 3/16/2023, updated 05/04/2023", False),
    ("05/04/2023 and 01/02/2020", None),  # every one readable both ways
    ("16/03/2023 and 3/16/2023", None),  # the page says both
    ("no dates here", None),
    ("16/13/2023", None),  # no date either way
    ("version 16/3/1875", None),  # not a year of news
    ("116/03/2023", None),  # part of a longer number
])
def test_written_day_first_reads_the_order_off_numbers_over_twelve(text, expected):
    assert written_day_first(text) is expected
