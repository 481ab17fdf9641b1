import pytest

from indexer.text.dates import find_date, normalise_date


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
])
def test_day_first_decides_only_when_both_numbers_could_be_the_month(text, day_first, expected):
    assert find_date(text, day_first=day_first) == expected
    assert normalise_date(text, day_first=day_first) == expected


def test_dotted_dates_are_day_first_whatever_the_order_asked():
    assert normalise_date("03.04.2023", day_first=False) == "2023-04-03"
    assert find_date("03.04.2023", day_first=False) == "2023-04-03"
