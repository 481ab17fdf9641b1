"""A facet added to the registry, and nothing else, shows in the API, the search page, the CLI and the feed."""

import json
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from indexer.cli import main
from indexer.index.reindex import reindex
from indexer.search import registry as facet_registry
from indexer.search.registry import FacetDefinition
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
