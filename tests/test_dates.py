import pytest

from indexer.dates import normalise_date


@pytest.mark.parametrize("raw, expected", [
    ("2023-05-01", "2023-05-01"),
    ("2023-05-01T08:30:00+07:00", "2023-05-01T08:30:00"),
    ("2023-05-01 08:30", "2023-05-01T08:30:00"),
    ("May 1, 2023", "2023-05-01"),
    ("1 May 2023", "2023-05-01"),
    ("Sept 3rd, 2021", "2021-09-03"),
    ("26-FEB-1987 15:01:01", "1987-02-26T15:01:01"),
    ("Mon, 01 May 2023 10:00:00 GMT", "2023-05-01T10:00:00"),
    ("2023-13-45", None),
    ("yesterday", None),
    ("", None),
    (None, None),
])
def test_normalise_date(raw, expected):
    assert normalise_date(raw) == expected
