"""The commands and the web app on the OpenSearch backend: `--backend opensearch --url URL` (or the
environment) gives the same JSON, stats and pages as the embedded index over the same files, a
reindex is picked up by a running app, and a cluster that cannot be used is said plainly, never
with its password.

The cluster is the session's (conftest.py ``opensearch_url``); without Java and Maven those tests skip.
The tests of an unreachable cluster and of the options need no cluster.
"""

from __future__ import annotations

import json
import logging
import shutil
import time

import pytest
from click.testing import CliRunner
from helpers import SEED_FILES, drop_opensearch_alias, wire_stories

from indexer.cli import main
from indexer.index.reindex import EXIT_FATAL
from indexer.search import OpenSearchUnavailable, open_backend, shown_url
from webui import create_app

ALIAS = "cli-tests"
UNREACHABLE = "https://user:secret@127.0.0.1:1"


@pytest.fixture
def runner():
    return CliRunner()


def opensearch(url: str, alias: str = ALIAS) -> list[str]:
    return ["--backend", "opensearch", "--url", url, "--alias", alias]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """A copy of corpus/ (the two seed articles), indexed by both backends with the CLI."""
    folder = tmp_path_factory.mktemp("cli-opensearch") / "corpus"
    folder.mkdir()
    for seed in SEED_FILES:
        shutil.copy2(seed, folder / seed.name)
    return folder


@pytest.fixture(scope="module")
def embedded_index(seeds, tmp_path_factory):
    index = str(tmp_path_factory.mktemp("cli-embedded") / "index")
    result = CliRunner().invoke(main, ["reindex", str(seeds), "--index", index, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return index


@pytest.fixture(scope="module")
def cluster_alias(seeds, opensearch_url):
    """The seeds indexed into the cluster by `newsdex reindex --backend opensearch`."""
    result = CliRunner().invoke(main, ["reindex", str(seeds), *opensearch(opensearch_url), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "2 articles in" in result.output and f"(alias {ALIAS})" in result.output
    yield opensearch_url
    drop_opensearch_alias(opensearch_url, ALIAS)


def as_compared(document: dict) -> dict:
    """The search JSON without what may differ between backends: the time taken, and the order and
    scores of the hits (OpenSearch's BM25 is not the embedded BM25F)."""
    compared = {key: value for key, value in document.items() if key not in ("seconds", "hits")}
    compared["hits"] = sorted(json.dumps({k: v for k, v in hit.items() if k != "score"}, sort_keys=True)
                              for hit in document["hits"])
    return compared


def searched(runner, *args) -> dict:
    result = runner.invoke(main, ["search", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("query", [["vietnam"], ["kishida", "--country", "Japan"], []])
def test_search_json_is_the_embedded_backends(runner, cluster_alias, embedded_index, query):
    ours = searched(runner, *query, *opensearch(cluster_alias))
    theirs = searched(runner, *query, "--index", embedded_index)
    assert ours["total"] == theirs["total"] > 0
    assert as_compared(ours) == as_compared(theirs)


def test_search_text_output_is_the_embedded_backends(runner, cluster_alias, embedded_index):
    ours = runner.invoke(main, ["search", "vietnam", *opensearch(cluster_alias)])
    theirs = runner.invoke(main, ["search", "vietnam", "--index", embedded_index])
    assert ours.exit_code == theirs.exit_code == 0
    # The first line holds the time taken; the hits may come in another order.
    assert sorted(ours.output.splitlines()[1:]) == sorted(theirs.output.splitlines()[1:])


def test_stats_on_both_backends(runner, cluster_alias, embedded_index):
    ours = json.loads(runner.invoke(main, ["stats", *opensearch(cluster_alias), "--json"]).output)
    theirs = json.loads(runner.invoke(main, ["stats", "--index", embedded_index, "--json"]).output)
    assert ours["articles"] == theirs["articles"] == 2
    assert {k: v for k, v in ours.items() if k not in ("index", "size_bytes")} == \
        {k: v for k, v in theirs.items() if k not in ("index", "size_bytes")}
    assert ours["index"].startswith(f"{cluster_alias}/{ALIAS}-") and ours["size_bytes"] > 0
    text = runner.invoke(main, ["stats", *opensearch(cluster_alias)])
    assert text.exit_code == 0 and text.output.startswith("2 articles, ")


def test_batch_on_the_cluster(runner, cluster_alias, embedded_index, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text("vietnam\nkishida\nnothing-like-this\n", encoding="utf-8")
    ours = runner.invoke(main, ["batch", str(queries), *opensearch(cluster_alias), "--top", "0"])
    theirs = runner.invoke(main, ["batch", str(queries), "--index", embedded_index, "--top", "0"])
    assert ours.exit_code == theirs.exit_code == 0
    assert ours.stdout == theirs.stdout


def test_the_environment_chooses_the_backend(runner, cluster_alias, embedded_index, monkeypatch):
    monkeypatch.setenv("NEWSDEX_BACKEND", "opensearch")
    monkeypatch.setenv("NEWSDEX_OPENSEARCH_URL", cluster_alias)
    monkeypatch.setenv("NEWSDEX_OPENSEARCH_ALIAS", ALIAS)
    ours = searched(runner, "vietnam")
    monkeypatch.delenv("NEWSDEX_BACKEND")
    assert as_compared(ours) == as_compared(searched(runner, "vietnam", "--index", embedded_index))
    monkeypatch.setenv("NEWSDEX_BACKEND", "opensearch")
    stats = json.loads(runner.invoke(main, ["stats", "--json"]).output)
    assert stats["articles"] == 2 and stats["index"].startswith(cluster_alias)


def test_a_password_is_sent_and_never_shown(runner, cluster_alias):
    # The test cluster has no security plugin: it ignores the credentials, and the output must not show them.
    url = cluster_alias.replace("http://", "http://reader:s3cr%2Fet@")
    result = runner.invoke(main, ["stats", *opensearch(url), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["index"].startswith(cluster_alias.replace("http://", "http://reader:***@"))
    assert "s3cr" not in result.output


def test_a_red_index_is_said_plainly(runner, cluster_alias, monkeypatch):
    from opensearchpy.client.cluster import ClusterClient

    monkeypatch.setattr(ClusterClient, "health", lambda self, **kwargs: {
        "status": "red", "unassigned_shards": 1, "number_of_nodes": 2})
    result = runner.invoke(main, ["search", "vietnam", *opensearch(cluster_alias)])
    assert result.exit_code == EXIT_FATAL
    assert "is red" in result.stderr and "1 shard(s) unassigned" in result.stderr and "Traceback" not in result.output


def test_no_alias_yet_says_how_to_fill_it(runner, opensearch_url):
    result = runner.invoke(main, ["stats", *opensearch(opensearch_url, "cli-tests-never-indexed")])
    assert result.exit_code == EXIT_FATAL
    assert "no index behind the alias 'cli-tests-never-indexed'" in result.stderr
    assert "newsdex reindex DIR --backend opensearch" in result.stderr


# No cluster needed ------------------------------------------------------------------------------

def test_shown_url_hides_the_password_only():
    assert shown_url("https://user:pass@host:9200") == "https://user:***@host:9200"
    assert shown_url("https://user:p%40ss@host:9200/x") == "https://user:***@host:9200/x"
    assert shown_url("https://user@host:9200") == "https://user@host:9200"
    assert shown_url("http://127.0.0.1:9201") == "http://127.0.0.1:9201"
    assert (shown_url("https://user:pass@a:9200, https://user:pass@b:9200,http://c:9200")
            == "https://user:***@a:9200,https://user:***@b:9200,http://c:9200")


def test_the_password_of_every_node_is_hidden_in_a_message():
    from indexer.index.opensearch_schema import without_password

    url = "https://ann:first@a:9200,https://bob:sec%40ond@b:9200"
    message = without_password(f"refused by https://ann:first@a:9200 then https://bob:sec%40ond@b:9200 "
                               f"(sec@ond); asked {url}", url)
    assert "first" not in message and "sec" not in message
    assert "https://ann:***@a:9200" in message and "https://bob:***@b:9200" in message


@pytest.mark.parametrize("command", [["search", "vietnam"], ["stats"], ["reindex", "corpus"],
                                     ["batch", "QUERIES"], ["serve", "--port", "0"]])
def test_an_unreachable_cluster_is_said_plainly_without_the_password(runner, command, caplog, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text("vietnam\n", encoding="utf-8")
    command = [str(queries) if arg == "QUERIES" else arg for arg in command]
    with caplog.at_level(logging.DEBUG):
        result = runner.invoke(main, [*command, "--backend", "opensearch", "--url", UNREACHABLE])
    assert result.exit_code == EXIT_FATAL, result.output
    assert "cannot reach OpenSearch at https://user:***@127.0.0.1:1" in result.stderr
    assert "Traceback" not in result.output
    assert "secret" not in result.output and "secret" not in caplog.text
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_options_go_together(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSDEX_OPENSEARCH_URL", raising=False)
    result = runner.invoke(main, ["stats", "--backend", "opensearch"])
    assert result.exit_code == 2 and "--backend opensearch needs the cluster's --url" in result.output
    result = runner.invoke(main, ["stats", "--url", "http://127.0.0.1:9201"])
    assert result.exit_code == 2 and "give --backend opensearch with it" in result.output
    result = runner.invoke(main, ["stats", "--backend", "opensearch", "--url", "http://127.0.0.1:1",
                                  "--index", str(tmp_path)])
    assert result.exit_code == 2 and "--index is the embedded index's folder" in result.output
    result = runner.invoke(main, ["stats", "--backend", "opensearch", "--url", "http://127.0.0.1:1",
                                  "--ca-file", str(tmp_path / "missing.pem")])
    assert result.exit_code == 2 and "missing.pem" in result.output


def test_an_environment_url_alone_leaves_the_embedded_backend(runner, vna_index, monkeypatch):
    monkeypatch.delenv("NEWSDEX_BACKEND", raising=False)
    monkeypatch.setenv("NEWSDEX_OPENSEARCH_URL", UNREACHABLE)
    result = runner.invoke(main, ["stats", "--index", str(vna_index), "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["articles"] == 2


def test_open_backend_refuses_what_it_cannot_open():
    with pytest.raises(ValueError, match="unknown search backend 'solr'"):
        open_backend("solr")
    with pytest.raises(ValueError, match="needs the cluster's URL"):
        open_backend("opensearch")
    handle = open_backend("opensearch", url=UNREACHABLE)  # nothing is sent before get()
    with pytest.raises(OpenSearchUnavailable, match=r"https://user:\*\*\*@127\.0\.0\.1:1") as raised:
        handle.get()
    assert "secret" not in str(raised.value) and raised.value.__cause__ is None


def test_the_web_app_says_plainly_that_the_cluster_is_down(caplog):
    app = create_app({"TESTING": True, "BACKEND": "opensearch", "OPENSEARCH_URL": UNREACHABLE})
    with caplog.at_level(logging.DEBUG):
        api = app.test_client().get("/api/search?q=vietnam")
        page = app.test_client().get("/?q=vietnam")
    assert api.status_code == page.status_code == 503
    assert "cannot be used right now" in api.get_json()["error"]
    assert b"Search unavailable" in page.data
    assert "cannot reach OpenSearch at https://user:***@127.0.0.1:1" in caplog.text
    assert "secret" not in caplog.text and b"secret" not in api.data + page.data


# The web app --------------------------------------------------------------------------------------

def api_search(app, query: str) -> dict:
    response = app.test_client().get(f"/api/search?q={query}")
    assert response.status_code == 200, response.data
    return response.get_json()


def test_the_web_app_serves_the_cluster_and_follows_a_reindex(opensearch_url, seeds, embedded_index, tmp_path,
                                                              monkeypatch):
    alias = "cli-tests-web"
    runner = CliRunner()
    assert runner.invoke(main, ["reindex", str(seeds), *opensearch(opensearch_url, alias), "--jobs", "1"]
                         ).exit_code == 0
    try:
        app = create_app({"TESTING": True, "BACKEND": "opensearch", "OPENSEARCH_URL": opensearch_url,
                          "OPENSEARCH_ALIAS": alias})
        embedded = create_app({"TESTING": True, "INDEX_DIR": embedded_index})
        ours, theirs = api_search(app, "vietnam"), api_search(embedded, "vietnam")
        assert ours["total"] == theirs["total"] == 2
        assert as_compared(ours) == as_compared(theirs)
        assert app.test_client().get("/?q=vietnam").status_code == 200
        first = app.extensions["newsdex"]["handle"].get().index

        more = tmp_path / "more"
        shutil.copytree(seeds, more)
        (more / "story.jsonl").write_text(json.dumps(wire_stories([(
            "2023-03-01", "Vietnam and Japan sign a trade pact", "Vietnam and Japan signed a trade pact in Hanoi.",
        )])[0]), encoding="utf-8")
        assert runner.invoke(main, ["reindex", str(more), *opensearch(opensearch_url, alias), "--jobs", "1"]
                             ).exit_code == 0
        time.sleep(1.1)  # the handle looks where the alias points at most once a second
        assert api_search(app, "vietnam")["total"] == 3
        assert app.extensions["newsdex"]["handle"].get().index != first
    finally:
        drop_opensearch_alias(opensearch_url, alias)


def test_the_web_app_reads_the_environment(opensearch_url, cluster_alias, monkeypatch):
    monkeypatch.setenv("NEWSDEX_BACKEND", "opensearch")
    monkeypatch.setenv("NEWSDEX_OPENSEARCH_URL", cluster_alias)
    monkeypatch.setenv("NEWSDEX_OPENSEARCH_ALIAS", ALIAS)
    assert api_search(create_app({"TESTING": True}), "vietnam")["total"] == 2


def test_an_incremental_reindex_of_the_cluster_reads_only_what_changed(runner, opensearch_url, seeds, tmp_path):
    alias = "cli-tests-incremental"
    folder = tmp_path / "corpus"
    shutil.copytree(seeds, folder)
    command = ["reindex", str(folder), *opensearch(opensearch_url, alias), "--jobs", "1", "--incremental", "--json"]
    try:
        first = json.loads(runner.invoke(main, command).output)
        assert (first["added"], first["unchanged"], first["articles"]) == (2, 0, 2)
        (folder / "story.jsonl").write_text(json.dumps(wire_stories([(
            "2023-03-01", "Vietnam and Japan sign a trade pact", "Vietnam and Japan signed a trade pact in Hanoi.",
        )])[0]), encoding="utf-8")
        result = runner.invoke(main, command[:-1])
        assert result.exit_code == 0, result.output
        assert "added 1, updated 0, deleted 0, unchanged 2, failed 0" in result.output
        assert "3 articles in" in result.output
    finally:
        drop_opensearch_alias(opensearch_url, alias)
