import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import FIXTURES, REPO

from indexer.cli import main
from indexer.reindex import EXIT_FATAL, EXIT_REINDEX_RUNNING, EXIT_SOME_FILES_FAILED
from indexer.store import IndexStore


@pytest.fixture
def runner():
    return CliRunner()


def test_every_command_is_documented():
    documented = set(re.findall(r"^## `newsdex (\w+)", (REPO / "docs" / "cli.md").read_text(), re.M))
    assert documented == set(main.commands)


def test_reindex_search_stats_round_trip(runner, vna_corpus, tmp_path):
    index = str(tmp_path / "index")
    result = runner.invoke(main, ["reindex", str(vna_corpus), "--index", index, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "added 2" in result.output

    result = runner.invoke(main, ["search", "Kishida", "--index", index, "--json"])
    document = json.loads(result.output)
    assert document["total"] == 2
    for hit in document["hits"]:
        assert {"Japan", "Vietnam"} <= set(hit["countries"])
    assert ["Fumio Kishida", 2] in document["facets"]["person"]

    result = runner.invoke(main, ["search", "Kishida", "--index", index, "--country", "Japan", "--person",
                                  "Truong Thi Mai"])
    assert result.exit_code == 0 and result.output.startswith("1 articles")

    stats = json.loads(runner.invoke(main, ["stats", "--index", index, "--json"]).output)
    assert stats["articles"] == 2 and stats["size_bytes"] > 0


def test_index_from_environment(runner, vna_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDEX_INDEX", str(tmp_path / "env-index"))
    assert runner.invoke(main, ["reindex", str(vna_corpus), "--jobs", "1"]).exit_code == 0
    assert IndexStore(tmp_path / "env-index").exists()


def test_exit_statuses(runner, vna_corpus, tmp_path):
    (vna_corpus / "broken.json").write_text("[")
    result = runner.invoke(main, ["reindex", str(vna_corpus), "--index", str(tmp_path / "i"), "--jobs", "1"])
    assert result.exit_code == EXIT_SOME_FILES_FAILED
    assert "broken.json: invalid JSON" in result.output

    with IndexStore(tmp_path / "i").reindex_lock():
        result = runner.invoke(main, ["reindex", str(vna_corpus), "--index", str(tmp_path / "i")])
    assert result.exit_code == EXIT_REINDEX_RUNNING
    assert "another reindex" in result.output

    result = runner.invoke(main, ["search", "x", "--index", str(tmp_path / "none")])
    assert result.exit_code == EXIT_FATAL and "no index" in result.output

    assert runner.invoke(main, ["search", "x", "--sort", "oldest"]).exit_code == 2


def test_extract_json_articles_and_skips(runner, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 50)
    good = FIXTURES / "vna" / "vietnam-japan-leaders.txt"
    records = json.loads(runner.invoke(main, ["extract", str(good), str(bad), "--json"]).output)
    article, skipped = records
    assert article["title"].startswith("Party leader receives")
    assert set(article["countries"]) == {"Japan", "Vietnam"}
    assert {"path", "title", "date", "author", "source", "url", "persons", "countries", "body"} <= set(article)
    assert skipped == {"path": str(bad), "skipped": "binary data, not text (NUL bytes and no Unicode byte-order mark)"}
    text = runner.invoke(main, ["extract", str(good)]).output
    assert "countries: " in text and "source: VNA" in text


def test_installed_command_works_from_any_directory(vna_corpus, tmp_path):
    """The console script, run from an empty directory, as a user would after `pip install .`."""
    workdir = tmp_path / "empty"
    workdir.mkdir()
    newsdex = Path(sys.executable).with_name("newsdex")
    if not newsdex.exists():
        pytest.skip("newsdex console script not installed in this environment")
    env = {**os.environ, "NEWSDEX_INDEX": str(tmp_path / "idx")}
    done = subprocess.run([str(newsdex), "reindex", str(vna_corpus)], cwd=workdir, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([str(newsdex), "search", "Kishida", "--json"], cwd=workdir, env=env,
                          capture_output=True, text=True, timeout=300)
    document = json.loads(done.stdout)
    assert document["total"] == 2
    assert all({"Japan", "Vietnam"} <= set(hit["countries"]) for hit in document["hits"])
