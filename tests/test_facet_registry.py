"""A facet added to the registry, and nothing else, shows in the API, the search page, the CLI and the feed."""

import json
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from indexer.cli import main
from indexer.index.reindex import reindex
from indexer.search import registry as facet_registry
from indexer.search.registry import FacetDefinition, values_holding
from indexer.text import fold
from webui import create_app

ARTICLES = [
    {"title": "Trade talks in Hanoi", "text": "Vietnam and Japan discussed trade.", "date": "2023-05-02",
     "source": "VNA"},
    {"title": "Trade figures", "text": "Vietnam reported trade growth.", "date": "2023-06-01", "source": "VNA"},
    {"title": "Trade with Seoul", "text": "Japan and South Korea discussed trade.", "date": "2022-01-10",
     "source": "Kyodo"},
    {"title": "Weather", "text": "Rain in Tokyo.", "date": "2022-02-10", "source": "Kyodo"},
]
OUTLET = FacetDefinition("outlet", "Outlets", "Outlet", "outlets", field="source", summarised=True,
                         feed_category=True, filter_help="Only articles from this outlet.")


@pytest.fixture
def index_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(facet_registry, "FACETS", (*facet_registry.FACETS, OUTLET))
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(article) for article in ARTICLES), encoding="utf-8")
    reindex([tmp_path / "a.jsonl"], tmp_path / "index", jobs=1, progress=False)
    return str(tmp_path / "index")


def expected_outlets(word: str) -> list[list]:
    """The outlets of the articles with ``word``, most articles first."""
    counts = {}
    for article in ARTICLES:
        if word in article["text"].lower():
            counts[article["source"]] = counts.get(article["source"], 0) + 1
    return sorted(([name, n] for name, n in counts.items()), key=lambda item: (-item[1], item[0]))


def test_a_registered_facet_reaches_api_page_cli_and_feed(index_dir):
    client = create_app({"TESTING": True, "INDEX_DIR": index_dir}).test_client()
    outlets = expected_outlets("trade")
    assert len(outlets) == 2

    document = client.get("/api/search?q=trade").get_json()
    assert document["facets"]["outlet"] == outlets
    filtered = client.get("/api/search?q=trade&outlet=Kyodo").get_json()
    assert filtered["filters"] == {"outlet": ["Kyodo"]} and filtered["total"] == dict(map(tuple, outlets))["Kyodo"]

    soup = BeautifulSoup(client.get("/search?q=trade&outlet=Kyodo").get_data(as_text=True), "html.parser")
    section = soup.select_one('section.facet[data-facet="outlet"]')
    assert section.h3.get_text() == "Outlets"
    assert [box["value"] for box in section.select('input[name="outlet"]')] == [name for name, _ in outlets]
    assert section.select_one('input[value="Kyodo"]').has_attr("checked")
    assert "Outlet:" in soup.select_one(".chips").get_text()

    runner = CliRunner()
    output = runner.invoke(main, ["search", "trade", "--index", index_dir]).output
    assert "\noutlet: " + ", ".join(f"{name} ({n})" for name, n in outlets) in output
    stats = json.loads(runner.invoke(main, ["stats", "--index", index_dir, "--json"]).output)
    assert stats["outlets"] == len({article["source"] for article in ARTICLES})
    assert stats["top_outlets"] == sorted(stats["top_outlets"], key=lambda item: (-item[1], item[0]))

    feed = ET.fromstring(client.get("/search.atom?q=trade&outlet=VNA").data)
    categories = [category.get("term") for category in feed.iter("{http://www.w3.org/2005/Atom}category")
                  if category.get("scheme") == "urn:newsdex:outlet"]
    assert categories == ["VNA"] * dict(map(tuple, outlets))["VNA"]


def test_the_facets_their_keys_fields_and_words():
    """Keys as the API, URLs and CLI options spell them (docs/api.md), in display order; the headings shown."""
    assert facet_registry.names() == ("person", "country", "year", "source")
    assert [(d.name, d.field, d.title, d.singular, d.plural) for d in facet_registry.facets()] == [
        ("person", "person", "People", "Person", "people"), ("country", "country", "Countries", "Country", "countries"),
        ("year", "date", "Year", "Year", "years"), ("source", "source", "Source", "Source", "sources")]
    assert [facet_registry.facet(name).name for name in ("source", "person")] == ["source", "person"]
    assert facet_registry.FACET_LIMIT == 50, "top 50 values per facet (docs/api.md)"


def test_which_facets_have_pages_feed_categories_summaries_merged_names_and_date_order():
    definitions = facet_registry.facets()
    assert [d.name for d in facet_registry.entity_facets()] == ["person", "country"]  # /people, /countries
    assert [d.feed_scheme for d in definitions if d.feed_category] == ["urn:newsdex:person", "urn:newsdex:country"]
    assert [d.name for d in definitions if d.summarised] == ["person", "country"]  # newsdex stats
    assert [d.name for d in definitions if d.aliased] == ["person"]  # variants of a name merged
    assert [d.name for d in definitions if d.newest_first] == ["year"]


def test_every_filter_option_says_what_it_keeps_and_that_it_repeats():
    for definition in facet_registry.facets():
        assert definition.filter_help.startswith("Only articles "), definition.name
        assert "(repeat: any of them)" in definition.filter_help, definition.name


@pytest.mark.parametrize("value, accepted", [
    ("2023", True), ("987", True), ("2023-03", False), ("20231", False), ("", False), ("twenty", False)])
def test_a_year_filter_takes_only_a_year(value, accepted):
    year = facet_registry.facet("year")
    assert year.accepts(value) is accepted
    assert "date:2023-03" in year.invalid_value, "the message says how to ask for a month"


def test_other_filters_take_any_value():
    assert all(facet_registry.facet(name).accepts(value) for name in ("person", "country", "source")
               for value in ("Fumio Kishida", "2023-03", ""))


def test_values_most_articles_first_ties_by_name_years_newest_first():
    top_values, facet = facet_registry.top_values, facet_registry.facet
    counted = [("Laos", 2), ("Vietnam", 5), ("Japan", 2), ("Cambodia", 1)]
    assert top_values(facet("country"), counted) == [("Vietnam", 5), ("Japan", 2), ("Laos", 2), ("Cambodia", 1)]
    assert top_values(facet("country"), counted, limit=2) == [("Vietnam", 5), ("Japan", 2)]
    assert top_values(facet("country"), counted, limit=0) == []
    names = [("Eo", 1), ("Đoàn", 1), ("Dang", 1)]
    assert top_values(facet("person"), names) == [("Dang", 1), ("Eo", 1), ("Đoàn", 1)]
    assert top_values(facet("person"), names, name_key=fold) == [("Dang", 1), ("Đoàn", 1), ("Eo", 1)]
    years = [("2019", 5), ("2023", 1), ("2021", 2)]
    assert top_values(facet("year"), years) == [("2023", 1), ("2021", 2), ("2019", 5)]
    assert top_values(facet("year"), years, limit=2) == [("2023", 1), ("2021", 2)]


def test_a_fielded_clause_holds_the_values_whose_names_have_every_word():
    people = ["Fumio Kishida", "Fumio Tanaka", "José María Aznar", "Jean-Marie Le Pen", "Kishidan"]
    assert values_holding(people, "kishida") == ["Fumio Kishida"]  # a whole word, not a prefix
    assert values_holding(people, "Fumio Kishida") == ["Fumio Kishida"]  # every word, not any
    assert values_holding(people, "KISHIDA fumio") == ["Fumio Kishida"]  # in any order and case
    assert values_holding(people, "jose aznar") == ["José María Aznar"]  # accents aside
    assert values_holding(people, "marie") == ["Jean-Marie Le Pen"]  # hyphens part words
    assert values_holding(people, "jean-marie") == ["Jean-Marie Le Pen"]
    assert values_holding(people, "fumio") == ["Fumio Kishida", "Fumio Tanaka"]
