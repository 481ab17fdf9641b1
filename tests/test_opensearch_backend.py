"""The OpenSearch backend against the embedded engine: the same files give the same matches.

Both backends index one folder (the seeds of corpus/ and a few dozen wire stories), so an article
has the same id in both, and every query form is compared by the articles it finds, the words it
reports matched, its facet counts and its timeline. Then the reindex: the mapping, a refused
document, a failed bulk request, a mistyped path and an unreachable cluster.
The cluster is the session's (conftest.py ``opensearch_url``); without Java and Maven these skip.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from helpers import SEED_FILES, drop_opensearch_alias, wire_stories

from indexer.index import opensearch_reindex
from indexer.index.duplicates import signatures
from indexer.index.opensearch_reindex import reindex_opensearch
from indexer.index.opensearch_schema import (
    OpenSearchUnavailable,
    connect,
    index_body,
    signature_of,
    terms_field,
    to_source,
)
from indexer.index.reindex import NothingToIndex
from indexer.index.schema import to_document
from indexer.search import DateRange, QueryError, SearchRequest
from indexer.search.opensearch import OpenSearchBackend
from indexer.text.analysis import index_terms

ALIAS = "backend-tests"

# Enough stories that the all-words rule (at least ``every_word_min_matches`` holding every word)
# sometimes holds and sometimes falls back to most of the words.
TRADE_STORIES = wire_stories([
    (f"2021-{month:02d}-{day:02d}", title, text)
    for month in range(1, 13)
    for day, title, text in [
        (3, f"Japan and Vietnam review trade in month {month}",
         "Prime Minister Fumio Kishida of Japan and Party General Secretary Nguyen Phu Trong reviewed trade."),
        (17, f"Rice exports report {month}",
         "Vietnam shipped rice to the Philippines; the trade ministry in Hanoi gave figures."),
    ]
]) + wire_stories([
    ("2022-01-10", "Kishida visits Germany",
     "Prime Minister Fumio Kishida met Chancellor Olaf Scholz in Berlin to talk about trade and energy."),
    ("2022-05-05", "Electricity prices climb in Germany",
     "Electricity prices in Germany climbed again, Chancellor Olaf Scholz said in Berlin."),
    ("2022-05-20", "Women in the economy",
     "A report on women and the economic outlook of Vietnam; economists and economics students met."),
    ("2023-02-09", "Online talks between Vietnam and Japan",
     "Party General Secretary Nguyen Phu Trong held online talks with Prime Minister Fumio Kishida of Japan."),
    ("2023-11-20", "Philippines and Vietnam discuss fishing",
     "Officials from the Philippines and Vietnam met in Manila to discuss fishing rights and trade."),
    ("2023-11-21", "Presidential visit to Đà Nẵng",
     "The president of the Philippines visited Đà Nẵng; the presidency said the woman leading the port met him."),
]) + [{"title": "An undated note on trade", "text": "Trade talks between Japan and Germany resumed.",
       "source": "Other Wire"}]

QUERIES = [
    "", "trade", "Trade", "rice", "prime minister", "kishida trade", "japan vietnam trade pact",
    "rice exports philippines trade", "berlin electricity kishida scholz",
    "the trade talks between japan and vietnam resumed after a long pause",
    '"prime minister"', '"minister of japan"', '"general secretary nguyen"', '"japan vietnam"~5',
    '"vietnam japan"~1', "kishda~", "kishida~1", "scholtz~2", "kish*", "econom*", "presiden*", "wom?n", "*ing",
    "japan AND NOT vietnam", "japan OR germany", "trade -japan", "+trade japan", "(rice OR fishing) AND philippines",
    "NOT trade", "japan^2 germany", "title:trade", 'title:"trade in month"', "body:berlin", "title:rice OR body:manila",
    "date:2022", "date:2021-03", "date:[2021-06 to 2022-06]", "date:{2021 to 2023}", "date:[2023 to]",
    "trade date:2023", "person:kishida", "person:\"olaf scholz\"", "country:vietnam trade", "country:germany",
    "person:nobody", "source:other trade", "vietnam", "nang",
]
FILTERS = [
    {}, {"country": ["Japan"]}, {"country": ["Japan", "Germany"]}, {"year": ["2022"]},
    {"country": ["Vietnam"], "person": ["Fumio Kishida"]}, {"source": ["Other Wire"]}, {"country": ["Atlantis"]},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("opensearch-corpus")
    for seed in SEED_FILES:
        shutil.copy2(seed, folder / seed.name)
    (folder / "stories.jsonl").write_text("\n".join(json.dumps(story) for story in TRADE_STORIES), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def embedded(corpus, tmp_path_factory):
    from indexer.index.reindex import reindex
    from indexer.search import IndexHandle

    root = tmp_path_factory.mktemp("embedded") / "index"
    reindex([corpus], root, jobs=1, progress=False)
    return IndexHandle(root).get()


@pytest.fixture(scope="module")
def cluster(corpus, opensearch_url):
    report = reindex_opensearch([corpus], opensearch_url, ALIAS, jobs=1)
    assert not report.failed and report.articles == len(TRADE_STORIES) + len(SEED_FILES)
    backend = OpenSearchBackend(opensearch_url, ALIAS)
    yield backend
    backend.close()
    drop_opensearch_alias(opensearch_url, ALIAS)


def compared(result):
    """What must be the same in both backends: the articles found, the words reported matched, the facet
    counts (in their order) and the timeline. Ranking may differ (OpenSearch's BM25 is not the embedded
    BM25F with feedback), so the articles are compared as a set."""
    return {"total": result.total, "ids": {hit.id for hit in result.hits}, "words_matched": result.words_matched,
            "facets": result.facets, "timeline": result.timeline}


@pytest.mark.parametrize("q", QUERIES)
def test_each_query_form_finds_what_the_embedded_engine_finds(embedded, cluster, q):
    request = SearchRequest(q, page_size=1000, suggest=False)
    assert compared(cluster.search(request)) == compared(embedded.search(request))


@pytest.mark.parametrize("filters", FILTERS, ids=lambda filters: json.dumps(filters))
@pytest.mark.parametrize("q", ["", "trade", "kishida trade", '"prime minister" OR rice'])
def test_filters_facet_counts_and_the_timeline_agree(embedded, cluster, q, filters):
    request = SearchRequest(q, filters=filters, page_size=1000, suggest=False)
    assert compared(cluster.search(request)) == compared(embedded.search(request))


@pytest.mark.parametrize("dates", ["2021", "2021-03", "2021-03-03..2021-05", "2022..", "..2021-06-17"])
def test_a_date_filter_agrees(embedded, cluster, dates):
    request = SearchRequest("trade", dates=DateRange.parse(dates), page_size=1000, suggest=False)
    assert compared(cluster.search(request)) == compared(embedded.search(request))


def test_the_all_words_rule_falls_back_to_most_words_as_embedded(embedded, cluster):
    # "kishida" and "rice" are never in one story: too few hold both, so each finds those holding either.
    result = cluster.search(SearchRequest("kishida rice", page_size=1000))
    assert result.words_matched == (1, 2) == embedded.search(SearchRequest("kishida rice")).words_matched
    # Twelve stories hold both "rice" and "philippines": all words needed.
    assert cluster.search(SearchRequest("rice philippines")).words_matched is None


def test_entity_pages_agree(embedded, cluster):
    for facet in ("person", "country"):
        assert [(row.label, row.count, row.slug) for row in cluster.entities.ranked(facet)] == \
            [(row.label, row.count, row.slug) for row in embedded.entities.ranked(facet)]
        assert cluster.entities.match_prefix(facet, "vi") == embedded.entities.match_prefix(facet, "vi")
    assert cluster.entities.profile("country", "Vietnam", related_limit=5) == \
        embedded.entities.profile("country", "Vietnam", related_limit=5)


def test_stats_articles_and_files_agree(embedded, cluster):
    ours, theirs = cluster.stats(), embedded.stats()
    assert ours.articles == theirs.articles
    assert [(s.definition.name, s.values, s.top) for s in ours.facets] == \
        [(s.definition.name, s.values, s.top) for s in theirs.facets]
    hit = embedded.search(SearchRequest("electricity")).hits[0]
    assert cluster.article(hit.id) == embedded.article(hit.id)
    assert cluster.article("no-such-id") is None
    assert cluster.file_modified(hit.path) == embedded.file_modified(hit.path)


def test_every_hit_of_an_export_in_order(embedded, cluster):
    request = SearchRequest("trade", sort="newest", snippets=False)
    assert [hit.id for hit in cluster.hits(request)] == [hit.id for hit in cluster.search(
        SearchRequest("trade", sort="newest", page_size=1000)).hits]
    assert {hit.id for hit in cluster.hits(request)} == {hit.id for hit in embedded.hits(request)}
    with pytest.raises(QueryError):
        cluster.hits(SearchRequest("trade", sort="oldest"))


def test_snippets_mark_what_the_embedded_engine_marks(embedded, cluster):
    for q in ("electricity prices", "econom*", "kishda~", '"prime minister"'):
        ours = {hit.id: hit.snippet for hit in cluster.search(SearchRequest(q, page_size=100)).hits}
        theirs = {hit.id: hit.snippet for hit in embedded.search(SearchRequest(q, page_size=100)).hits}
        assert ours == theirs, q


# The mapping and the reindex ----------------------------------------------------------------

def test_the_mapping_indexes_the_projects_terms_and_stores_the_text():
    properties = index_body()["mappings"]["properties"]
    assert properties[terms_field("title")]["analyzer"] == properties[terms_field("body")]["analyzer"] == "terms"
    assert properties["title"]["index"] is False and properties["body"]["index"] is False
    assert properties["person"]["type"] == "keyword" and "folded" in properties["person"]["fields"]
    assert properties["date"]["type"] == "date" and properties["source"]["type"] == "keyword"
    from indexer.article import Article
    from indexer.entities import Entities

    article = Article(id="x", path="/a.txt", title="Prime Ministers of Japan", body="Trọng met the ministers.",
                      format="text", date="2021-03-02", source="Wire")
    signature = signatures([(article.title, article.body)])[0]
    source = to_source(to_document(article, Entities(persons=["Nguyen Phu Trong"], countries=["Japan"]), "h"), 7, 120,
                       signature)
    assert np.array_equal(signature_of(json.loads(json.dumps(source))), signature), "kept as JSON text can hold it"
    assert source[terms_field("title")] == "prime minist japan" == " ".join(index_terms(article.title))
    assert source[terms_field("body")] == "trong met minist"
    assert (source["file_size"], source["person_named"], source["firm"]) == (120, ["Nguyen Phu Trong"], [])
    assert (source["title"], source["date"], source["mtime_ns"]) == ("Prime Ministers of Japan",
                                                                    "2021-03-02T00:00:00", 7)
    # a photo caption is searched with the body, not shown in it
    captioned = Article(id="y", path="/b.txt", title="Talks", body="Trọng met the ministers.", format="text",
                        captions=["Kishida Fumio at the talks"])
    source = to_source(to_document(captioned, Entities(), "h"), 7, 120, signature)
    assert source[terms_field("body")] == "trong met minist kishida fumio talk"
    assert source["body"] == "Trọng met the ministers."


def test_folded_values_find_accented_names(cluster):
    found = cluster.client.search(index=cluster.index, body={"size": 0, "query": {"term": {"person.folded":
                                                                                           "nguyen phu trong"}}})
    assert found["hits"]["total"]["value"] == cluster.search(SearchRequest(
        "", filters={"person": ["Nguyen Phu Trong"]})).total > 0


@pytest.fixture
def switch_alias(opensearch_url, tmp_path):
    """An alias serving the first three wire stories, and the folder they were read from."""
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "a.jsonl").write_text("\n".join(json.dumps(s) for s in TRADE_STORIES[:3]), encoding="utf-8")
    alias = "switch-tests"
    reindex_opensearch([folder], opensearch_url, alias, jobs=1)
    yield alias, folder
    drop_opensearch_alias(opensearch_url, alias)


def served(url: str, alias: str) -> tuple[list[str], int]:
    client = connect(url)
    return sorted(client.indices.get_alias(name=alias)), client.count(index=alias)["count"]


def test_a_refused_document_is_a_failed_file_and_the_rest_is_served(opensearch_url, switch_alias, monkeypatch):
    alias, folder = switch_alias
    (folder / "b.jsonl").write_text(json.dumps(TRADE_STORIES[3]), encoding="utf-8")
    original = opensearch_reindex.to_source

    def refused_for_b(document, *args):  # a field the strict mapping does not know: the cluster refuses it
        source = original(document, *args)
        return {**source, "unmapped": 1} if document["path"].endswith("b.jsonl") else source

    monkeypatch.setattr(opensearch_reindex, "to_source", refused_for_b)
    before, _ = served(opensearch_url, alias)
    report = reindex_opensearch([folder], opensearch_url, alias, jobs=1)
    assert [path for path, _ in report.failed] == [str(folder / "b.jsonl")]
    assert "refused by OpenSearch" in report.failed[0][1] and report.exit_status == 1
    after, articles = served(opensearch_url, alias)
    assert after != before and articles == report.articles == 3
    client = connect(opensearch_url)
    assert sorted(client.indices.get_alias(name=f"{alias}-previous")) == before, "the index left is kept, once"
    third = reindex_opensearch([folder], opensearch_url, alias, jobs=1)
    assert third.articles == 3 and not client.indices.exists(index=before[0]), "then goes at the next move"
    assert sorted(client.indices.get_alias(name=f"{alias}-previous")) == after


def test_a_failed_bulk_request_leaves_the_alias_where_it_was(opensearch_url, switch_alias, monkeypatch):
    alias, folder = switch_alias
    before = served(opensearch_url, alias)
    from opensearchpy import helpers
    from opensearchpy.exceptions import ConnectionError as ClusterGone

    def failing_bulk(*args, **kwargs):
        raise ClusterGone("N/A", "connection reset in the middle of a bulk request", None)
        yield  # a generator, as streaming_bulk is

    monkeypatch.setattr(helpers, "streaming_bulk", failing_bulk)
    indices = set(connect(opensearch_url).indices.get(index="switch-tests-*"))
    with pytest.raises(ClusterGone):
        reindex_opensearch([folder], opensearch_url, alias, jobs=1)
    assert served(opensearch_url, alias) == before
    assert set(connect(opensearch_url).indices.get(index="switch-tests-*")) == indices, "the new index is deleted"


def bulk_refusing(monkeypatch, refuse) -> list[str]:
    """``helpers.streaming_bulk`` as shipped, but each document ``refuse(attempt, action)`` picks is answered
    503 (a shard without a primary, as while a lost node's replicas take over) instead of being sent.
    Returns the ids refused, in order."""
    from opensearchpy import helpers

    real_bulk = helpers.streaming_bulk
    refused: list[str] = []
    attempts = [0]

    def streaming_bulk(client, actions, **kwargs):
        attempts[0] += 1
        answers = []  # for each document, in order: None (sent) or the refusal

        def sent():
            for action in actions:
                if refuse(attempts[0], action):
                    refused.append(action["_id"])
                    answers.append((False, {"index": {"_id": action["_id"], "status": 503, "error": {
                        "type": "unavailable_shards_exception", "reason": "primary shard is not active"}}}))
                else:
                    answers.append(None)
                    yield action

        real = real_bulk(client, sent(), **kwargs)
        while True:
            while answers and answers[0] is not None:
                yield answers.pop(0)
            try:
                outcome = next(real)
            except StopIteration:
                break
            while answers[0] is not None:
                yield answers.pop(0)
            answers.pop(0)
            yield outcome
        yield from answers

    monkeypatch.setattr(helpers, "streaming_bulk", streaming_bulk)
    monkeypatch.setattr(opensearch_reindex, "RETRY_WAITS", (0, 0, 0))
    return refused


def test_documents_refused_while_the_cluster_recovers_are_sent_again(opensearch_url, switch_alias, monkeypatch):
    alias, folder = switch_alias
    (folder / "b.jsonl").write_text("\n".join(json.dumps(story) for story in TRADE_STORIES[3:9]), encoding="utf-8")
    refused = bulk_refusing(monkeypatch, lambda attempt, action: attempt < 3 and action["_id"] < "8")
    report = reindex_opensearch([folder], opensearch_url, alias, jobs=1)
    assert refused, "some documents were refused at first"
    assert not report.failed and report.articles == 9
    assert served(opensearch_url, alias)[1] == 9


def test_after_a_refusal_for_the_clusters_state_the_documents_not_yet_sent_wait_too(opensearch_url, switch_alias,
                                                                                      monkeypatch):
    alias, folder = switch_alias
    (folder / "b.jsonl").write_text("\n".join(json.dumps(story) for story in TRADE_STORIES[3:9]), encoding="utf-8")
    monkeypatch.setattr(opensearch_reindex, "BULK_CHUNK_DOCUMENTS", 2)
    monkeypatch.setattr(opensearch_reindex, "RETRY_WAITS", (0, 0, 0))
    seen: list[tuple[int, str]] = []

    def first_refused_once(attempt, action):
        seen.append((attempt, action["_id"]))
        return attempt == 1 and len(seen) == 1

    bulk_refusing(monkeypatch, first_refused_once)
    report = reindex_opensearch([folder], opensearch_url, alias, jobs=1)
    assert report.articles == 9 and not report.failed
    first_pass = [key for attempt, key in seen if attempt == 1]
    # The refused one, the request it was answered with (two) and one the helper read ahead: not all nine.
    assert len(first_pass) <= 4, "the first request's refusal holds back the other requests"
    assert {key for attempt, key in seen if attempt == 2} >= set(first_pass), "and its documents go again"


def test_a_new_index_waits_for_every_copy_the_cluster_can_hold(opensearch_url):
    client = connect(opensearch_url)
    nodes = client.cluster.health()["number_of_data_nodes"]
    assert nodes >= 2, "the test cluster has several nodes"
    assert opensearch_reindex._copies_to_wait_for(client, 0) == 1
    assert opensearch_reindex._copies_to_wait_for(client, 1) == 2
    assert opensearch_reindex._copies_to_wait_for(client, nodes + 3) == nodes, "a replica needs a node of its own"


def test_documents_the_cluster_keeps_refusing_leave_the_alias_where_it_was(opensearch_url, switch_alias,
                                                                            monkeypatch):
    alias, folder = switch_alias
    (folder / "b.jsonl").write_text("\n".join(json.dumps(story) for story in TRADE_STORIES[3:9]), encoding="utf-8")
    before = served(opensearch_url, alias)
    indices = set(connect(opensearch_url).indices.get(index="switch-tests-*"))
    last = TRADE_STORIES[8]["title"]
    refused = bulk_refusing(monkeypatch, lambda attempt, action: action["_source"]["title"] == last)
    with pytest.raises(OpenSearchUnavailable, match=r"kept refusing 1 document\(s\) for 0 s "
                                                    r"\(primary shard is not active\)"):
        reindex_opensearch([folder], opensearch_url, alias, jobs=1)
    assert len(refused) == 4, "sent once, then again after each of the three waits"
    assert served(opensearch_url, alias) == before
    assert set(connect(opensearch_url).indices.get(index="switch-tests-*")) == indices, "the new index is deleted"


def test_a_cluster_named_by_several_nodes_is_served_when_one_does_not_answer(opensearch_url, tmp_path):
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "a.jsonl").write_text("\n".join(json.dumps(s) for s in TRADE_STORIES[:3]), encoding="utf-8")
    nodes = f"http://127.0.0.1:9,{opensearch_url}"  # the first node named is gone
    try:
        report = reindex_opensearch([folder], nodes, "nodes-tests", jobs=1)
        assert report.articles == 3 and not report.failed
        for _ in range(4):  # requests go round the nodes: each would meet the lost one in turn
            assert OpenSearchBackend(nodes, "nodes-tests").search(SearchRequest("trade")).total == 3
    finally:
        drop_opensearch_alias(opensearch_url, "nodes-tests")


def indexed(url: str, alias: str) -> dict[str, dict]:
    """Every document ``alias`` serves, by id."""
    from opensearchpy import helpers

    return {hit["_id"]: hit["_source"] for hit in helpers.scan(connect(url), index=alias)}


def files_read(monkeypatch) -> list[str]:
    """The files the reindex's workers are given from now on."""
    read, original = [], opensearch_reindex.file_outcomes

    def recording(files, *args, **kwargs):
        read.extend(files)
        return original(files, *args, **kwargs)

    monkeypatch.setattr(opensearch_reindex, "file_outcomes", recording)
    return read


def lines(stories: list[dict]) -> str:
    return "\n".join(json.dumps(story) for story in stories)


def story_folder(tmp_path, files: dict[str, list[dict]]):
    """A folder holding ``<name>.jsonl`` of the stories each name is given."""
    folder = tmp_path / "stories"
    folder.mkdir()
    for name, stories in files.items():
        (folder / f"{name}.jsonl").write_text(lines(stories), encoding="utf-8")
    return folder


@pytest.fixture
def incremental_aliases(opensearch_url):
    yield "incremental-tests", "incremental-full-tests"
    for alias in ("incremental-tests", "incremental-full-tests"):
        drop_opensearch_alias(opensearch_url, alias)


def test_an_incremental_run_reads_only_new_and_changed_files(opensearch_url, tmp_path, incremental_aliases,
                                                            monkeypatch):
    alias, full_alias = incremental_aliases
    family_name_first = wire_stories([("2024-03-01", "Kishida in Hanoi",
                                       "Japanese Prime Minister Kishida Fumio arrived in Hanoi.")])
    folder = story_folder(tmp_path, {"a": family_name_first + TRADE_STORIES[1:2], "b": TRADE_STORIES[3:5],
                                     "c": [TRADE_STORIES[0], TRADE_STORIES[2]]})  # b and c name him Fumio Kishida
    first = reindex_opensearch([folder], opensearch_url, alias, jobs=1)
    assert (first.added, first.articles) == (3, 6)
    assert ("Fumio Kishida", 4) in OpenSearchBackend(opensearch_url, alias).search(SearchRequest("")).facets["person"]
    (folder / "b.jsonl").write_text(lines(TRADE_STORIES[3:4]), encoding="utf-8")  # one story of two left
    (folder / "c.jsonl").unlink()
    (folder / "d.jsonl").write_text(lines(TRADE_STORIES[5:6]), encoding="utf-8")
    read = files_read(monkeypatch)
    report = reindex_opensearch([folder], opensearch_url, alias, jobs=1, incremental=True)
    assert sorted(read) == [str(folder / "b.jsonl"), str(folder / "d.jsonl")], "a.jsonl is taken from the index"
    assert (report.added, report.updated, report.deleted, report.unchanged) == (1, 1, 1, 1)
    assert report.articles == 4 and not report.failed and report.exit_status == 0
    reindex_opensearch([folder], opensearch_url, full_alias, jobs=1)
    assert indexed(opensearch_url, alias) == indexed(opensearch_url, full_alias), "as a full reindex would build it"
    # The people list is merged again over every article: with c gone, a names him only as it writes him.
    people = OpenSearchBackend(opensearch_url, alias).search(SearchRequest("")).facets["person"]
    assert ("Kishida Fumio", 1) in people and not any(name == "Fumio Kishida" for name, _ in people)


def test_an_incremental_run_keeps_a_file_that_breaks_and_forgets_one_that_is_gone(opensearch_url, tmp_path,
                                                                                 incremental_aliases):
    alias, _ = incremental_aliases
    folder = story_folder(tmp_path, {"a": TRADE_STORIES[:3], "b": TRADE_STORIES[3:5]})
    elsewhere = tmp_path / "elsewhere.jsonl"
    elsewhere.write_text(lines(TRADE_STORIES[5:6]), encoding="utf-8")
    reindex_opensearch([folder, elsewhere], opensearch_url, alias, jobs=1)
    before = indexed(opensearch_url, alias)
    (folder / "a.jsonl").write_bytes(b"\xff\xfe not JSON \x00" * 10)  # a bad edit
    (folder / "b.jsonl").unlink()
    report = reindex_opensearch([folder], opensearch_url, alias, jobs=1, incremental=True)
    assert [path for path, _ in report.failed] == [str(folder / "a.jsonl")] and report.exit_status == 1
    assert (str(folder / "a.jsonl"), "kept the previously indexed version") in report.warnings
    assert report.deleted == 1, "b.jsonl is gone; elsewhere.jsonl, outside this run's paths, stays"
    after = indexed(opensearch_url, alias)
    assert after == {key: source for key, source in before.items() if not source["path"].endswith("b.jsonl")}
    assert report.articles == 4


def test_an_incremental_run_reads_every_file_when_the_index_cannot_say_what_it_holds(opensearch_url, tmp_path,
                                                                                    incremental_aliases,
                                                                                    monkeypatch):
    alias, _ = incremental_aliases
    folder = story_folder(tmp_path, {"a": TRADE_STORIES[:3], "b": TRADE_STORIES[3:4]})
    read = files_read(monkeypatch)
    report = reindex_opensearch([folder], opensearch_url, alias, jobs=1, incremental=True)
    assert (report.added, report.articles, len(read)) == (2, 4, 2), "no alias yet: every file is read"
    # An index built before documents kept their file's size and their people's names as written.
    client = connect(opensearch_url)
    legacy = index_body(replicas=0)
    for kept_back in ("file_size", "person_named", "firm"):
        del legacy["mappings"]["properties"][kept_back]
    client.indices.create(index=f"{alias}-legacy", body=legacy)
    current = list(client.indices.get_alias(name=alias))
    client.indices.update_aliases(body={"actions": [{"remove": {"index": current[0], "alias": alias}},
                                                    {"add": {"index": f"{alias}-legacy", "alias": alias}}]})
    client.indices.delete(index=current[0])
    del read[:]
    report = reindex_opensearch([folder], opensearch_url, alias, jobs=1, incremental=True)
    assert len(read) == 2 and report.articles == 4
    assert any("reading every file again" in problem for _, problem in report.warnings)


def test_an_incremental_run_reads_every_file_again_after_the_readers_or_analysis_changed(
        opensearch_url, tmp_path, incremental_aliases, monkeypatch):
    from indexer.index import opensearch_reindex

    alias, _ = incremental_aliases
    folder = story_folder(tmp_path, {"a": TRADE_STORIES[:3], "b": TRADE_STORIES[3:4]})
    reindex_opensearch([folder], opensearch_url, alias, jobs=1)
    read = files_read(monkeypatch)
    monkeypatch.setattr(opensearch_reindex, "analysis_version", lambda: "another-version")
    report = reindex_opensearch([folder], opensearch_url, alias, jobs=1, incremental=True)
    assert (len(read), report.unchanged, report.articles) == (2, 0, 4)
    assert [warning for _, warning in report.warnings] == [opensearch_reindex.READ_AGAIN]


def test_a_file_that_is_not_an_article_is_skipped_with_the_reason_as_on_the_embedded_index(
        opensearch_url, tmp_path, incremental_aliases):
    alias, _ = incremental_aliases
    folder = story_folder(tmp_path, {"a": TRADE_STORIES[:2]})
    (folder / "names.txt").write_text("alfonsin\namato\nbaker\nbrodersohn\nvolcker\n", encoding="utf-8")
    report = reindex_opensearch([folder], opensearch_url, alias, jobs=1)
    assert (report.articles, report.failed, report.exit_status) == (2, [], 0)
    assert [path for path, _ in report.skipped] == [str(folder / "names.txt")]
    assert report.skipped[0][1].startswith("not an article: 5 lines of at most 3 words each")


def test_a_mistyped_path_leaves_the_alias_where_it_was(opensearch_url, switch_alias, tmp_path):
    alias, _ = switch_alias
    before = served(opensearch_url, alias)
    with pytest.raises(NothingToIndex, match=r"no such file or directory.*unchanged \(3 articles\)"):
        reindex_opensearch([tmp_path / "no-such-folder"], opensearch_url, alias, jobs=1)
    assert served(opensearch_url, alias) == before


def test_an_unreachable_cluster_says_so(tmp_path):
    with pytest.raises(OpenSearchUnavailable, match=r"cannot reach OpenSearch at http://127\.0\.0\.1:9"):
        reindex_opensearch([tmp_path], "http://127.0.0.1:9", "any", jobs=1)
    with pytest.raises(OpenSearchUnavailable, match="cannot reach OpenSearch"):
        OpenSearchBackend("http://127.0.0.1:9")


# An index that cannot answer -------------------------------------------------------------------

@pytest.fixture
def red_alias(opensearch_url):
    """An alias on an index whose one shard may live on no node: red from its creation, as an index is
    once a primary and its replica are lost."""
    client = connect(opensearch_url)
    body = index_body(shards=1, replicas=0)
    body["settings"]["index.routing.allocation.require._name"] = "no-such-node"
    client.indices.create(index="red-tests-1", body=body, params={"wait_for_active_shards": "0"})
    client.indices.put_alias(index="red-tests-1", name="red-tests")
    yield "red-tests"
    client.indices.delete(index="red-tests-1")
    client.close()


def test_a_red_index_is_refused_plainly(opensearch_url, red_alias):
    from indexer.search.opensearch.handle import OpenSearchHandle

    with pytest.raises(OpenSearchUnavailable, match=r"is red for the index red-tests-1 .*1 shard\(s\) unassigned"):
        OpenSearchHandle(opensearch_url, red_alias).get()
    # Opened without the handle's health check, its first request fails, and says so.
    with pytest.raises(OpenSearchUnavailable, match=rf"OpenSearch at {opensearch_url} could not answer"):
        OpenSearchBackend(opensearch_url, red_alias)


@pytest.fixture
def closing_alias(opensearch_url, tmp_path):
    (tmp_path / "stories.jsonl").write_text("\n".join(json.dumps(story) for story in TRADE_STORIES[:3]),
                                            encoding="utf-8")
    reindex_opensearch([tmp_path], opensearch_url, "closing-tests", jobs=1, replicas=0)
    yield "closing-tests"
    drop_opensearch_alias(opensearch_url, "closing-tests")


def test_an_index_lost_while_served_is_said_plainly_and_answered_503(opensearch_url, closing_alias, caplog):
    from webui import create_app
    from webui.index import UNAVAILABLE

    app = create_app({"TESTING": True, "BACKEND": "opensearch", "OPENSEARCH_URL": opensearch_url,
                      "OPENSEARCH_ALIAS": closing_alias})
    web = app.test_client()
    assert web.get("/api/search?q=trade").get_json()["total"] == 3
    backend = OpenSearchBackend(opensearch_url, closing_alias)
    connect(opensearch_url).indices.close(index=backend.index)
    with pytest.raises(OpenSearchUnavailable, match=rf"OpenSearch at {opensearch_url} could not answer: .*closed"):
        backend.search(SearchRequest("trade"))
    answer = web.get("/api/search?q=trade")
    assert answer.status_code == 503 and answer.get_json()["error"] == UNAVAILABLE[1]
    assert "could not answer" in caplog.text and "closed" in caplog.text, "the log says why"
    page = web.get("/?q=trade")
    assert page.status_code == 503 and b"Search unavailable" in page.data
    connect(opensearch_url).indices.open(index=backend.index)


def test_an_answer_some_shards_failed_to_give_is_refused():
    from indexer.search.opensearch.backend import check_complete

    partial = {"_shards": {"total": 2, "successful": 1, "skipped": 0, "failed": 1,
                           "failures": [{"shard": 1, "reason": {"type": "no_shard_available_action_exception"}}]},
               "hits": {"total": {"value": 7}, "hits": []}}
    with pytest.raises(OpenSearchUnavailable, match=r"answered from 1 of the 2 shards of the index x "
                                                    r"\(no_shard_available_action_exception\): searches would miss"):
        check_complete(partial, "http://u:secret@host:9200", "x")
    check_complete({**partial, "_shards": {"total": 2, "successful": 2, "failed": 0}}, "http://host:9200", "x")


def answered_partly_at_first(cluster, monkeypatch, times: int) -> list[int]:
    """The cluster's searches, the first ``times`` answered with one shard failed (as in the moment a node is
    lost, before its replicas take over); returns the searches asked."""
    from indexer.search.opensearch import backend as opensearch_backend

    real_search, asked = cluster.client.search, []

    def search(**kwargs):
        asked.append(1)
        found = real_search(**kwargs)
        if len(asked) > times:
            return found
        failure = {"shard": 0, "reason": {"type": "node_disconnected_exception"}}
        return {**found, "_shards": {"total": 2, "successful": 1, "failed": 1, "failures": [failure]}}

    monkeypatch.setattr(cluster.client, "search", search)
    monkeypatch.setattr(opensearch_backend, "PARTIAL_ANSWER_WAITS", (0, 0, 0))
    return asked


def test_a_search_some_shards_failed_to_answer_is_asked_again(cluster, embedded, monkeypatch):
    request = SearchRequest("trade", page_size=1000, snippets=False, suggest=False)
    expected = compared(embedded.search(request))
    asked = answered_partly_at_first(cluster, monkeypatch, times=2)
    assert compared(cluster.search(request)) == expected
    assert len(asked) >= 3, "twice partial, then whole"


def test_a_search_still_partial_after_the_waits_is_refused(cluster, monkeypatch):
    asked = answered_partly_at_first(cluster, monkeypatch, times=100)
    with pytest.raises(OpenSearchUnavailable, match=r"answered from 1 of the 2 shards .*node_disconnected_exception"):
        cluster.search(SearchRequest("trade", snippets=False, suggest=False))
    assert len(asked) == 4, "asked once, then after each of the three waits"


def test_a_page_past_the_result_window_is_read_through_the_ranked_list(cluster, embedded, monkeypatch):
    from indexer.search.opensearch import backend as opensearch_backend

    request = SearchRequest("trade", page=3, page_size=4, snippets=False)
    shallow = cluster.search(request)
    monkeypatch.setattr(opensearch_backend, "RESULT_WINDOW", 5)
    deep = cluster.search(request)
    assert [hit.id for hit in deep.hits] == [hit.id for hit in shallow.hits] and len(deep.hits) == 4
    assert (deep.total, deep.facets) == (shallow.total, shallow.facets)
    monkeypatch.undo()
    # Past the last hit, and past OpenSearch's own window of 10,000: the total, no hits, as embedded.
    past = SearchRequest("trade", page=2_000, page_size=10)
    assert (cluster.search(past).total, cluster.search(past).hits) == (embedded.search(past).total, [])


# Facet counts over several shards ---------------------------------------------------------------

GIVEN = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Irina", "Jonas", "Katya", "Lars"]
FAMILY = ["Alvarez", "Brandt", "Castell", "Dorn", "Eklund", "Fiala", "Gruber", "Halvorsen", "Ibsen", "Jansen",
          "Kovac", "Lindqvist"]
# 144 ministers, each named in one to five stories beside another one: more people than one shard sends.
MINISTERS = [f"{given} {family}" for given in GIVEN for family in FAMILY]
CABINET_STORIES = wire_stories([
    (f"2020-{1 + n % 12:02d}-{1 + n % 28:02d}", f"Trade talks {n} {copy}",
     f"Prime Minister {name} met Finance Minister {MINISTERS[(n * 7 + 3) % len(MINISTERS)]} in Geneva "
     "to discuss trade and tariffs.")
    for n, name in enumerate(MINISTERS) for copy in range(1 + n % 5)])


@pytest.fixture(scope="module")
def cabinet(opensearch_url, tmp_path_factory):
    """The cabinet stories in both backends, the cluster's index in two shards."""
    from indexer.index.reindex import reindex
    from indexer.search import IndexHandle

    folder = tmp_path_factory.mktemp("cabinet")
    (folder / "stories.jsonl").write_text("\n".join(json.dumps(story) for story in CABINET_STORIES), encoding="utf-8")
    reindex_opensearch([folder], opensearch_url, "cabinet-tests", jobs=1, shards=2, replicas=0)
    root = tmp_path_factory.mktemp("cabinet-embedded") / "index"
    reindex([folder], root, jobs=1, progress=False)
    backend = OpenSearchBackend(opensearch_url, "cabinet-tests")
    yield backend, IndexHandle(root).get()
    backend.close()
    drop_opensearch_alias(opensearch_url, "cabinet-tests")


@pytest.mark.parametrize("request_", [SearchRequest(""), SearchRequest("trade"), SearchRequest("geneva tariffs"),
                                      SearchRequest("", filters={"person": ["Anna Alvarez"]}),
                                      SearchRequest("talks", filters={"year": ["2020"]})], ids=repr)
def test_facet_counts_over_two_shards_are_the_whole_index_s(cabinet, request_, monkeypatch):
    from indexer.search.opensearch import backend as opensearch_backend

    cluster, embedded = cabinet
    for shard_size in (opensearch_backend.SHARD_SIZE, 50):  # as shipped, and each shard sending the fewest
        monkeypatch.setattr(opensearch_backend, "SHARD_SIZE", shard_size)
        ours, theirs = cluster.search(request_), embedded.search(request_)
        assert ours.total == theirs.total
        assert ours.facets == theirs.facets, shard_size


def buckets(*counts: tuple[int, int]) -> list[dict]:
    return [{"key": f"value {n:03d}", "doc_count": count, "doc_count_error_upper_bound": error}
            for n, (count, error) in enumerate(counts)]


SHOWN = [(60 - n, 0) for n in range(49)] + [(9, 0)]  # the first FACET_LIMIT, their counts whole, the last 9


@pytest.mark.parametrize(("values", "exact"), [
    ({"doc_count_error_upper_bound": 0, "buckets": buckets(*SHOWN, (7, 4))}, True),  # no shard left a value out
    ({"doc_count_error_upper_bound": 4, "buckets": buckets(*SHOWN, (4, 4))}, True),  # nothing below can reach 9
    # Over Reuters (`year usg`): a person sent by one shard only, at 7, holds 11 and belongs among the first.
    ({"doc_count_error_upper_bound": 4, "buckets": buckets(*SHOWN, (7, 4))}, False),
    ({"doc_count_error_upper_bound": 4, "buckets": buckets(*SHOWN, (5, 4))}, False),  # 9 could win on its name
    ({"doc_count_error_upper_bound": 9, "buckets": buckets(*SHOWN)}, False),  # a value no shard sent may hold 9
    ({"doc_count_error_upper_bound": 4, "buckets": buckets(*SHOWN[:-1], (9, 1))}, False),  # a shown count short
    ({"doc_count_error_upper_bound": 4, "buckets": buckets(*SHOWN[:30])}, False),  # too few values came back
], ids=["bound 0", "below stays below", "one shard's value", "a tie", "unsent value", "short count", "few values"])
def test_facet_counts_are_exact_only_when_no_value_left_out_could_rank_among_the_first(values, exact):
    from indexer.search.opensearch.backend import FACET_LIMIT, _exact

    assert FACET_LIMIT == 50
    assert _exact(values, size=200) is exact


def test_a_merged_list_that_came_back_full_may_have_cut_values_as_frequent_as_its_last():
    from indexer.search.opensearch.backend import _exact

    values = {"doc_count_error_upper_bound": 4, "buckets": buckets(*SHOWN, *[(5, 0)] * 10)}
    assert _exact(values, size=100) is True  # all the merged list: a value no shard sent holds at most 4
    assert _exact(values, size=60) is False  # cut at 60 values: one cut at 5 could hold 5 + 4 = 9


def test_counts_a_shard_left_values_out_of_are_counted_again(cabinet, monkeypatch):
    from indexer.search.opensearch import backend as opensearch_backend

    cluster, _ = cabinet
    assert len(cluster.values("person")) > 100, "more people than a shard sends at its smallest"
    recounted = []
    recount = opensearch_backend.OpenSearchBackend._recount
    monkeypatch.setattr(opensearch_backend.OpenSearchBackend, "_recount",
                        lambda self, *args: recounted.append(args[2]) or recount(self, *args))
    monkeypatch.setattr(opensearch_backend, "SHARD_SIZE", 50)
    cluster.search(SearchRequest(""))
    assert recounted == ["person"], "only the facet whose first counts could be short"
