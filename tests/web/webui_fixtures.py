"""The small corpus the web UI tests index: unmistakable people and countries over two years.

Ten JSON-lines stories and two plain-text ones (one undated), plus one hostile
article that carries markup and script in its title and text.
"""

from __future__ import annotations

import json

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"

JSONL_ARTICLES = [
    {"id": "a1", "title": "Kishida meets Trong in Hanoi on trade",
     "text": "Prime Minister Fumio Kishida of Japan met Party General Secretary Nguyen Phu Trong in Hanoi "
             "on Monday. The two leaders agreed to expand trade between Japan and Vietnam.\n\n"
             "Officials said new agreements on investment would follow later this year.",
     "date": "2023-05-02", "source": "VNA", "url": "https://example.com/a1", "author": "Lan Anh"},
    {"id": "a2", "title": "Japan and South Korea hold summit",
     "text": "Prime Minister Fumio Kishida travelled to Seoul to meet President Yoon Suk Yeol. "
             "Japan and South Korea pledged closer security ties.",
     "date": "2023-03-16", "source": "Kyodo", "url": "https://example.com/a2"},
    {"id": "a3", "title": "Vietnam economy grows",
     "text": "Vietnam reported strong growth in exports. Party General Secretary Nguyen Phu Trong praised "
             "the results.", "date": "2022-12-30", "source": "VNA", "url": "https://example.com/a3"},
    {"id": "a4", "title": "Election campaign begins in Japan",
     "text": "Campaigning began across Japan on Tuesday. Prime Minister Fumio Kishida urged voters "
             "to turn out.",
     "date": "2022-06-22", "source": "Kyodo", "url": "https://example.com/a4"},
    {"id": "a5", "title": "South Korea exports rise",
     "text": "South Korea said exports to Vietnam rose sharply. President Yoon Suk Yeol welcomed "
             "the figures.",
     "date": "2023-08-01", "source": "Yonhap", "url": "https://example.com/a5"},
    {"id": "a6", "title": "Kishida visits Vietnam for talks",
     "text": "Prime Minister Fumio Kishida arrived in Vietnam for talks on energy. Japan will fund a new "
             "power plant in Vietnam.", "date": "2022-05-01", "source": "Kyodo", "url": "https://example.com/a6"},
    {"id": "a7", "title": "Trong receives South Korean delegation",
     "text": "Party General Secretary Nguyen Phu Trong received a delegation from South Korea in Hanoi. "
             "Vietnam and South Korea discussed trade.", "date": "2023-09-12", "source": "VNA",
     "url": "https://example.com/a7"},
    {"id": "a8", "title": "Typhoon season ends in Japan",
     "text": "The typhoon season in Japan ended with fewer storms than usual, forecasters said.",
     "date": "2022-11-05", "source": "Kyodo", "url": "https://example.com/a8"},
    {"id": "a9", "title": "Yoon and Kishida discuss trade",
     "text": "President Yoon Suk Yeol and Prime Minister Fumio Kishida discussed trade and semiconductors. "
             "South Korea and Japan agreed to meet again.", "date": "2023-11-20", "source": "Yonhap",
     "url": "https://example.com/a9"},
    {"id": "a10", "title": f"Budget row {XSS_SCRIPT} in parliament",
     "text": f"Lawmakers in Japan argued over the budget. A reader posted {XSS_IMG} and {XSS_SCRIPT} "
             "in the comments.", "date": "2023-02-10", "source": "Kyodo", "url": "javascript:alert(1)"},
]

TEXT_ARTICLES = {
    "trong-speech.txt": "Nguyễn Phú Trọng addresses party congress\n\n"
                        "Party General Secretary Nguyễn Phú Trọng spoke to the congress in Hanoi about the "
                        "economy of Vietnam and relations with Japan.\n",
    "undated-note.txt": "Fishing season opens\n\nFishermen in Vietnam prepared their boats for the season.\n",
}


def write_corpus(folder) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "news.jsonl", "w", encoding="utf-8") as handle:
        for record in JSONL_ARTICLES:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    for name, text in TEXT_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")


def page(response):
    """The response's HTML, parsed."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def facet_counts(soup, facet: str) -> dict[str, int]:
    """{label: count} of one facet on a search page, in the order shown (hidden ones included)."""
    counts = {}
    for item in soup.select(f'section[data-facet="{facet}"] li'):
        label = item.select_one(".facet-label").get_text(strip=True)
        counts[label] = int(item.select_one(".count").contents[0].strip())
    return counts


def hit_titles(soup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select("ol.results .result-title a")]


# Duplicate stories (indexer/index/duplicates.py): a corpus of its own, so that the counts of the corpus
# above stay as they are. One story filed three times (an original, an exact repeat an hour later, another
# agency's rewrite of one sentence under a new headline), an unrelated story under the very same headline,
# a second story repeated once, and one that stands alone.
MINE_BODY = ("Prime Minister Fumio Kishida said on Thursday that Japan and Vietnam would build a gold mine "
             "together in the northern province of Quang Ninh, the first joint mining project of the two "
             "countries. The mine is expected to produce about two tonnes of gold a year from 2025, and "
             "officials said the project would create some 800 jobs in the province.")
DUPLICATE_ARTICLES = [
    {"id": "mine", "title": "Japan and Vietnam to build gold mine", "text": MINE_BODY,
     "date": "2023-03-16T09:00:00", "source": "VNA", "url": "https://example.com/mine"},
    {"id": "mine-repeat", "title": "Japan and Vietnam to build gold mine", "text": MINE_BODY,
     "date": "2023-03-16T10:30:00", "source": "VNA", "url": "https://example.com/mine-repeat"},
    {"id": "mine-rewrite", "title": "Kishida announces Quang Ninh gold mine with Vietnam",
     "text": MINE_BODY.replace("would create some 800 jobs", "will bring about 800 jobs"),
     "date": "2023-03-16T13:00:00", "source": "Kyodo", "url": "https://example.com/mine-rewrite"},
    {"id": "other-mine", "title": "Japan and Vietnam to build gold mine",
     "text": "A second gold mine, in the central highlands of Vietnam, will be built by a Japanese firm "
             "next year, its chairman told shareholders in Osaka, after three years of talks with the "
             "provincial government about water and roads.",
     "date": "2023-05-02T08:00:00", "source": "Kyodo", "url": "https://example.com/other-mine"},
    {"id": "rice", "title": "Vietnam rice exports rise",
     "text": "Vietnam exported 1.2 million tonnes of rice in the first quarter, the agriculture ministry "
             "said, as strong demand from the Philippines lifted prices to their highest level in two years.",
     "date": "2023-04-04T07:00:00", "source": "VNA", "url": "https://example.com/rice"},
    {"id": "rice-repeat", "title": "REPEAT - Vietnam rice exports rise",
     "text": "Vietnam exported 1.2 million tonnes of rice in the first quarter, the agriculture ministry "
             "said, as strong demand from the Philippines lifted prices to their highest level in two years.",
     "date": "2023-04-04T09:00:00", "source": "VNA", "url": "https://example.com/rice-repeat"},
    {"id": "typhoon", "title": "Typhoon season ends in Japan",
     "text": "The typhoon season in Japan ended with fewer storms than usual, forecasters said.",
     "date": "2022-11-05", "source": "Kyodo", "url": "https://example.com/typhoon"},
]


def duplicates_index(base):
    """The duplicate stories above, indexed under ``base`` (a fresh folder); the index root."""
    from indexer.index.reindex import reindex

    (base / "corpus").mkdir(parents=True)
    with open(base / "corpus" / "wire.jsonl", "w", encoding="utf-8") as handle:
        for record in DUPLICATE_ARTICLES:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    report = reindex([base / "corpus"], base / "index", jobs=1, progress=False)
    assert not report.failed and report.articles == len(DUPLICATE_ARTICLES), report.failed
    return base / "index"
