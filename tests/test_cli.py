import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import CORPUS, ONLINE_TALKS_SEED, REPO, TALKS_SEED

from indexer.cli import main
from indexer.index.reindex import (
    EXIT_FATAL,
    EXIT_NOTHING_TO_INDEX,
    EXIT_OK,
    EXIT_REINDEX_RUNNING,
    EXIT_SOME_FILES_FAILED,
)
from indexer.index.store import IndexStore


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
    assert result.exit_code == 0 and result.output.startswith("1 article (")

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
    good = CORPUS / TALKS_SEED
    records = json.loads(runner.invoke(main, ["extract", str(good), str(bad), "--json"]).output)
    article, skipped = records
    assert article["title"] == "Vietnam sees Japan as important strategic partner: Party official"
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


def stats_articles(runner, index) -> int:
    return json.loads(runner.invoke(main, ["stats", "--index", str(index), "--json"]).output)["articles"]


def test_reindex_of_a_mistyped_path_keeps_the_live_index(runner, vna_index, tmp_path):
    result = runner.invoke(main, ["reindex", str(tmp_path / "no-such-dir"), "--index", str(vna_index)])
    assert result.exit_code == EXIT_NOTHING_TO_INDEX, result.output
    assert str(tmp_path / "no-such-dir") in result.output
    assert "--allow-empty" in result.output and "unchanged (2 articles)" in result.output
    assert "Traceback" not in result.output
    assert stats_articles(runner, vna_index) == 2


def test_reindex_without_paths_where_there_is_no_corpus_keeps_the_live_index(runner, vna_index, tmp_path,
                                                                             monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = runner.invoke(main, ["reindex", "--index", str(vna_index)])
    assert result.exit_code == EXIT_NOTHING_TO_INDEX, result.output
    assert str(elsewhere / "corpus") in result.output and "no PATH" in result.output
    assert stats_articles(runner, vna_index) == 2


def test_reindex_allow_empty_replaces_the_index(runner, vna_index, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(main, ["reindex", str(empty), "--index", str(vna_index), "--allow-empty"])
    assert result.exit_code == EXIT_OK, result.output
    assert stats_articles(runner, vna_index) == 0


def test_reindex_with_one_mistyped_path_indexes_the_others(runner, vna_corpus, tmp_path):
    index = tmp_path / "index"
    result = runner.invoke(main, ["reindex", str(vna_corpus), str(tmp_path / "typo"), "--index", str(index)])
    assert result.exit_code == EXIT_SOME_FILES_FAILED, result.output
    assert f"missing: {tmp_path / 'typo'}: no such file or directory" in result.output
    assert stats_articles(runner, index) == 2


def test_counts_of_one_are_singular(runner, vna_corpus, tmp_path):
    (vna_corpus / ONLINE_TALKS_SEED).unlink()
    index = str(tmp_path / "index")
    output = runner.invoke(main, ["reindex", str(vna_corpus), "--index", index, "--jobs", "1"]).output
    assert f"1 article in {index} (1 file, " in output
    assert runner.invoke(main, ["search", "Kishida", "--index", index]).output.startswith("1 article (")
    stats = runner.invoke(main, ["stats", "--index", index]).output
    assert stats.startswith("1 article, ")
    assert " articles" not in stats.splitlines()[0] and " files" not in output


def test_search_reads_lucene_syntax_and_refuses_what_it_does_not_offer(runner, vna_index):
    # Both articles name Kishida, one edit from Kishda; the word found is marked in the snippets.
    found = json.loads(runner.invoke(main, ["search", "Kishda~1", "--index", str(vna_index), "--json"]).output)
    assert found["total"] == 2 and all("<mark>Kishida</mark>" in hit["snippet"] for hit in found["hits"])
    refused = runner.invoke(main, ["search", "/kish.da/", "--index", str(vna_index)])
    assert refused.exit_code == 2 and "regular expressions are not supported" in refused.output


def test_extract_exits_non_zero_when_no_file_gives_an_article(runner, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 50)
    result = runner.invoke(main, ["extract", str(bad), str(tmp_path / "missing.txt")])
    assert result.exit_code == EXIT_NOTHING_TO_INDEX, result.output
    assert "skipped: binary data" in result.output
    assert runner.invoke(main, ["extract", str(bad), "--json"]).exit_code == EXIT_NOTHING_TO_INDEX
    good = CORPUS / TALKS_SEED
    assert runner.invoke(main, ["extract", str(good), str(bad)]).exit_code == EXIT_OK


def test_commands_over_an_index_of_another_format_say_how_to_rebuild_it(runner, vna_corpus, tmp_path):
    root = tmp_path / "index"
    assert runner.invoke(main, ["reindex", str(vna_corpus), "--index", str(root), "--jobs", "1"]).exit_code == 0
    (IndexStore(root).current() / "format.json").write_text('{"format": 1}')
    for command in (["search", "Kishida"], ["stats"], ["serve", "--port", "0"]):
        result = runner.invoke(main, [*command, "--index", str(root)])
        assert result.exit_code == EXIT_FATAL, (command, result.output)
        assert "built by another version of Newsdex" in result.output and "newsdex reindex DIR" in result.output
        assert "Traceback" not in result.output
    assert runner.invoke(main, ["reindex", str(vna_corpus), "--index", str(root), "--jobs", "1"]).exit_code == 0
    assert json.loads(runner.invoke(main, ["search", "Kishida", "--index", str(root), "--json"]).output)["total"] == 2


def test_the_first_reindex_says_it_prepares_the_name_lists_once(runner, vna_corpus, tmp_path, monkeypatch, caplog):
    from indexer.entities import people

    caplog.set_level("INFO")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    people.known_given_names.cache_clear()
    people.known_family_names.cache_clear()
    try:
        result = runner.invoke(main, ["reindex", str(vna_corpus), "--index", str(tmp_path / "i"), "--jobs", "1"])
        assert result.exit_code == 0, result.output
        # Said through the log, which the CLI prints on stderr ("%(message)s").
        for kind in ("given", "family"):
            assert f"preparing the list of {kind} names from names-dataset" in caplog.text
            assert list((tmp_path / "cache" / "newsdex").glob(f"{kind}-names-*.txt"))
    finally:
        people.known_given_names.cache_clear()
        people.known_family_names.cache_clear()
