"""Duplicate and near-duplicate stories (indexer/index/duplicates.py): shingles, signatures, groups,
the reindex that keeps them right, and the search that shows one result per group."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest
from helpers import drop_opensearch_alias, search_index_of

from indexer.index import duplicates
from indexer.index import reindex as reindexing
from indexer.index.duplicates import GROUPS, PERMUTATIONS, find_groups, shingles, signatures, similarity
from indexer.index.reindex import reindex
from indexer.search import IndexHandle, QueryError, SearchRequest

# A story, then what a wire archive does to it: an exact repeat, a correction of one figure, an
# unrelated story under the same headline, the headline alone, and the same text ten days later.
HEADLINE = "Vietnam rice exports rise"
BODY = ("Vietnam exported 1.2 million tonnes of rice in the first quarter, up from a year earlier, "
        "the agriculture ministry said on Tuesday. Traders in Ho Chi Minh City said strong demand from "
        "the Philippines and Indonesia had lifted prices to their highest level in two years, and that "
        "exporters expected shipments to stay high until the summer harvest reached the markets.")
CORRECTED_BODY = BODY.replace("1.2 million", "1.5 million")
OTHER_BODY = ("Farmers in the Mekong delta planted less rice this season after a dry winter, and officials "
              "warned that salt water had reached fields far inland, the provincial government said in a "
              "statement that asked growers to switch to crops that need less fresh water.")

ORIGINAL = {"id": "original", "title": HEADLINE, "text": BODY, "date": "1987-03-03T09:00:00", "source": "Wire"}
REPEAT = {**ORIGINAL, "id": "repeat", "date": "1987-03-03T11:30:00"}
CORRECTION = {**ORIGINAL, "id": "correction", "title": "CORRECTED - " + HEADLINE, "text": CORRECTED_BODY,
              "date": "1987-03-03T14:00:00"}
SAME_HEADLINE = {**ORIGINAL, "id": "same-headline", "text": OTHER_BODY, "date": "1987-03-03T10:00:00"}
HEADLINE_ONLY = {**ORIGINAL, "id": "headline-only", "text": "", "date": "1987-03-03T10:30:00"}
TEN_DAYS_LATER = {**ORIGINAL, "id": "ten-days-later", "date": "1987-03-13T09:00:00"}


def write_jsonl(path, records) -> None:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")


def open_index(root):
    return IndexHandle(root).get()


class Embedded:
    """The embedded index in ``root``: its reindex and its search."""

    def __init__(self, root):
        self.root = root

    def reindex(self, corpus, incremental: bool = False):
        return reindex([corpus], self.root, incremental=incremental, jobs=1, progress=False)

    def open(self):
        return open_index(self.root)


class Cluster:
    """An alias of the test cluster: the OpenSearch reindex and backend."""

    def __init__(self, url: str, alias: str):
        self.url, self.alias = url, alias

    def reindex(self, corpus, incremental: bool = False):
        from indexer.index.opensearch_reindex import reindex_opensearch

        return reindex_opensearch([corpus], self.url, self.alias, incremental=incremental, jobs=1)

    def open(self):
        from indexer.search.opensearch import OpenSearchBackend

        return OpenSearchBackend(self.url, self.alias)


@pytest.fixture(params=["whoosh", "opensearch"])
def backend(request, tmp_path):
    """Each backend in turn: the groups, ``collapse`` and ``similar`` are part of the search contract."""
    if request.param == "whoosh":
        yield Embedded(tmp_path / "index")
        return
    url = request.getfixturevalue("opensearch_url")  # only asked for here: it may start a cluster
    yield Cluster(url, "duplicates-tests")
    drop_opensearch_alias(url, "duplicates-tests")


def index_of(backend, tmp_path, stories: list[dict]):
    """``stories`` indexed by ``backend`` from a folder of their own, and its search."""
    corpus = tmp_path / "stories"
    corpus.mkdir()
    write_jsonl(corpus / "stories.jsonl", stories)
    backend.reindex(corpus)
    return backend.open()


def groups_by_title(index, q="rice") -> list[list[tuple[str, str]]]:
    """Every group among the articles ``q`` finds: the (date, title) of its members, in date order."""
    everything = index.search(SearchRequest(q, page_size=100, snippets=False))
    found = []
    for hit in index.search(SearchRequest(q, page_size=100, snippets=False, collapse=True)).hits:
        members = index.search(SearchRequest(q, page_size=100, snippets=False, similar=hit.id)).hits
        found.append(sorted((member.date, member.title) for member in members))
    assert sum(len(group) for group in found) == everything.total, "every article is in exactly one group"
    return sorted(found)


# Shingles and signatures -----------------------------------------------------------------

def test_shingles_are_runs_of_five_folded_words_of_headline_and_body():
    assert len(shingles("", "one two three four five six")) == 2
    # 8 runs in 12 words; the last two repeat the first two
    assert len(shingles("", "one two three four five six one two three four five six")) == 6
    assert np.array_equal(shingles("", "One, two: THREE four five six."), shingles("", "one two three four five six"))
    assert np.array_equal(shingles("", "Nguyễn Phú Trọng met Kishida in Hà Nội"),
                          shingles("", "Nguyen Phu Trong met Kishida in Ha Noi"))
    assert len(shingles("Gold mine", "one two three four five")) == 3  # the headline's words count
    assert len(shingles("", "one two three four")) == 0
    assert len(shingles("A long headline of many words indeed", "one two three four")) == 0, \
        "a body under five words is compared with nothing, whatever its headline"


def test_signatures_estimate_the_jaccard_similarity_of_the_shingles():
    words = [f"word{i}" for i in range(24)]
    first = " ".join(words)  # 20 shingles
    second = " ".join(words[:-1] + ["other"])  # the last shingle differs: 19 shared of 21, Jaccard 0.905
    unrelated = " ".join(f"else{i}" for i in range(24))
    values = signatures([("", first), ("", second), ("", unrelated), ("", first)])
    assert values.shape == (4, PERMUTATIONS) and values.dtype == np.uint32
    estimated = similarity(values, np.array([0, 0, 0]), np.array([1, 2, 3]))
    assert abs(estimated[0] - 19 / 21) < 0.1
    assert estimated[1] < 0.1
    assert estimated[2] == 1.0, "the same text always has the same signature"
    assert np.array_equal(values[0], signatures([("", first)])[0]), "a signature does not depend on its batch"


def test_a_text_too_short_to_compare_has_the_empty_signature_and_is_never_grouped():
    values = signatures([("Fed sets repurchase", ""), ("Fed sets repurchase", ""), ("Fed sets repurchase", "1010")])
    assert not duplicates.comparable(values).any()
    assert list(find_groups(values, np.array(["NaT"] * 3, dtype="datetime64[s]"))) == [0, 1, 2]


# Groups -----------------------------------------------------------------------------------

def synthetic(agreeing: list[range]) -> np.ndarray:
    """Signature rows that differ from a base row everywhere outside the given positions."""
    base = np.arange(PERMUTATIONS, dtype=np.uint32) + 1000
    rows = []
    for number, kept in enumerate(agreeing):
        row = base + np.uint32(100_000 * (number + 1))
        row[list(kept)] = base[list(kept)]
        rows.append(row)
    return np.stack(rows)


def test_groups_are_connected_components_of_the_duplicate_pairs():
    # B agrees with A on 76 of 126 positions (0.60) and with C on 76 (0.60); A and C on 26 (0.21).
    a = np.arange(PERMUTATIONS, dtype=np.uint32) + 1000
    b = a.copy()
    b[:50] += 10_000
    c = b.copy()
    c[50:100] += 20_000
    d = a + 500_000
    values = np.stack([a, b, c, d])
    dates = np.array(["1987-03-03"] * 4, dtype="datetime64[s]")
    first, second = duplicates.duplicate_pairs(values, dates)
    assert sorted(zip(first.tolist(), second.tolist(), strict=True)) == [(0, 1), (1, 2)]
    assert list(find_groups(values, dates)) == [0, 0, 0, 3], "A and C are grouped through B"


def test_candidate_pairs_are_the_pairs_equal_in_some_band_each_once():
    # Ten copies of each of 30 stories, each copy changed in a few bands only: a pair agrees in many bands
    # at once, and is still listed once. Checked against every pair, band by band.
    rng = np.random.default_rng(7)
    stories = rng.integers(1, 2**32, size=(30, PERMUTATIONS), dtype=np.uint32)
    values = np.repeat(stories, 10, axis=0)
    for row in values:
        for band in rng.choice(duplicates.BANDS, size=rng.integers(0, duplicates.BANDS), replace=False):
            row[band * duplicates.ROWS:(band + 1) * duplicates.ROWS] = rng.integers(1, 2**32, duplicates.ROWS)
    values[17] = values[40] = duplicates._EMPTY  # no shingles: never a candidate, even with each other
    bands = values.reshape(len(values), duplicates.BANDS, duplicates.ROWS)
    expected = [(i, j) for i in range(len(values)) for j in range(i + 1, len(values))
                if i not in (17, 40) and j not in (17, 40) and (bands[i] == bands[j]).all(axis=1).any()]
    first, second = duplicates.candidate_pairs(values)
    assert list(zip(first.tolist(), second.tolist(), strict=True)) == expected
    assert len(expected) > 300, "the copies share bands"


def test_a_pair_just_under_the_threshold_is_not_a_duplicate():
    shared = int(PERMUTATIONS * duplicates.THRESHOLD)  # 63 of 126: exactly the threshold
    values = synthetic([range(PERMUTATIONS), range(shared), range(shared - 1)])
    dates = np.array(["1987-03-03"] * 3, dtype="datetime64[s]")
    assert list(find_groups(values, dates)) == [0, 0, 2]


def test_the_representative_is_the_earliest_then_the_first_indexed():
    same = np.repeat(signatures([("", BODY)]), 4, axis=0)
    dates = np.array(["NaT", "1987-03-05", "1987-03-04T10:00", "1987-03-04T10:00"], dtype="datetime64[s]")
    assert list(find_groups(same, dates)) == [2, 2, 2, 2]
    undated = np.array(["NaT", "NaT", "NaT", "NaT"], dtype="datetime64[s]")
    assert list(find_groups(same, undated)) == [0, 0, 0, 0]


def test_copies_more_than_three_days_apart_are_separate_stories():
    same = np.repeat(signatures([("", BODY)]), 3, axis=0)
    dates = np.array(["1987-03-01T12:00", "1987-03-04T12:00", "1987-03-08T12:00"], dtype="datetime64[s]")
    assert list(find_groups(same, dates)) == [0, 0, 2]
    assert list(find_groups(same, np.array(["1987-03-01", "NaT", "1987-04-30"], dtype="datetime64[s]"))) \
        == [0, 0, 0], "an undated copy is compared by its words alone, and joins both"


# Reindex and search ------------------------------------------------------------------------

def test_copies_and_a_correction_are_one_group_a_shared_headline_is_not(backend, tmp_path):
    index = index_of(backend, tmp_path, [ORIGINAL, REPEAT, CORRECTION, SAME_HEADLINE, HEADLINE_ONLY, TEN_DAYS_LATER])
    assert groups_by_title(index) == sorted([
        [("1987-03-03T09:00:00", HEADLINE), ("1987-03-03T11:30:00", HEADLINE),
         ("1987-03-03T14:00:00", "CORRECTED - " + HEADLINE)],
        [("1987-03-03T10:00:00", HEADLINE)],  # the same headline over another story
        [("1987-03-03T10:30:00", HEADLINE)],  # the headline alone
        [("1987-03-13T09:00:00", HEADLINE)],  # the same words ten days later
    ])


def test_one_result_per_group_while_totals_and_facets_count_articles(backend, tmp_path):
    index = index_of(backend, tmp_path, [ORIGINAL, REPEAT, CORRECTION, SAME_HEADLINE])
    result = index.search(SearchRequest("rice exports", collapse=True))
    assert (result.total, result.groups, result.collapsed) == (4, 2, True)
    assert sorted(hit.similar for hit in result.hits) == [0, 2]
    assert dict(result.facets["country"])["Vietnam"] == 4, "facet counts stay per article"
    document = result.to_json()
    assert (document["total"], document["groups"], document["collapsed"], document["similar"]) == (4, 2, True, None)
    assert sorted(hit["similar"] for hit in document["hits"]) == [0, 2]
    every_copy = index.search(SearchRequest("rice exports"))
    assert (len(every_copy.hits), every_copy.groups, every_copy.collapsed) == (4, 2, False)
    alone = index.search(SearchRequest("mekong", collapse=True))
    assert (alone.total, alone.groups, alone.collapsed) == (1, 1, False), "nothing folded: pages count articles"


HARBOUR_NEWS = [{"id": f"other-{n}", "title": f"Harbour news {n}", "text": f"Ships number {n} arrived in port {n} "
                 f"today carrying rice and coffee from the south, harbour officials in district {n} said.",
                 "date": f"1987-04-0{n}"} for n in range(1, 5)]


@pytest.fixture(params=["within", "past"])
def window(request, monkeypatch):
    """The pages within the cluster's result window, or past it (read through the ranked list there)."""
    if request.param == "past":
        from indexer.search.opensearch import backend as opensearch_backend

        monkeypatch.setattr(opensearch_backend, "RESULT_WINDOW", 1)
    return request.param


def test_the_shown_copy_is_the_best_ranked_and_pages_go_through_groups(backend, window, tmp_path):
    index = index_of(backend, tmp_path, [ORIGINAL, REPEAT, CORRECTION] + HARBOUR_NEWS)
    newest = index.search(SearchRequest("rice", collapse=True, sort="newest", page_size=100))
    assert [hit.date[:10] for hit in newest.hits] == ["1987-04-04", "1987-04-03", "1987-04-02", "1987-04-01",
                                                      "1987-03-03"]
    assert newest.hits[-1].title == "CORRECTED - " + HEADLINE, "newest first, the group shows its newest copy"
    pages = [index.search(SearchRequest("rice", collapse=True, sort="newest", page=page, page_size=2)).hits
             for page in (1, 2, 3, 4)]
    assert [len(hits) for hits in pages] == [2, 2, 1, 0]
    assert [hit.id for hits in pages for hit in hits] == [hit.id for hit in newest.hits]


def test_similar_lists_the_group_and_an_unknown_article_is_a_clear_error(backend, tmp_path):
    index = index_of(backend, tmp_path, [ORIGINAL, REPEAT, CORRECTION, SAME_HEADLINE])
    shown = index.search(SearchRequest("", collapse=True)).hits
    grouped = next(hit for hit in shown if hit.similar)
    group = index.search(SearchRequest("", similar=grouped.id, collapse=True))
    assert (group.total, group.groups, group.collapsed, group.similar) == (3, 1, False, grouped.id)
    assert sorted(hit.title for hit in group.hits) == sorted([HEADLINE, HEADLINE, "CORRECTED - " + HEADLINE])
    with pytest.raises(QueryError, match="no article with id '0000000000000000'"):
        index.search(SearchRequest("", similar="0000000000000000"))
    with pytest.raises(QueryError, match="no article with id"):
        index.search(SearchRequest("", similar="\udcff" + grouped.id))  # an undecodable byte from a command line


def test_incremental_reindex_adds_and_removes_a_copy(backend, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "wire.jsonl", [ORIGINAL, SAME_HEADLINE])
    assert backend.reindex(corpus).duplicate_groups == 0

    write_jsonl(corpus / "repeat.jsonl", [REPEAT])
    report = backend.reindex(corpus, incremental=True)
    assert (report.added, report.unchanged, report.duplicate_groups, report.grouped_articles) == (1, 1, 1, 2)
    index = backend.open()
    assert index.search(SearchRequest("rice", collapse=True)).groups == 2
    assert groups_by_title(index) == [[("1987-03-03T09:00:00", HEADLINE), ("1987-03-03T11:30:00", HEADLINE)],
                                      [("1987-03-03T10:00:00", HEADLINE)]]

    write_jsonl(corpus / "repeat.jsonl", [{**REPEAT, "text": OTHER_BODY.replace("Farmers", "Growers")}])
    report = backend.reindex(corpus, incremental=True)
    assert (report.updated, report.duplicate_groups) == (1, 1), "the changed copy now repeats the other story"
    assert groups_by_title(backend.open()) == [[("1987-03-03T09:00:00", HEADLINE)],
                                                 [("1987-03-03T10:00:00", HEADLINE), ("1987-03-03T11:30:00", HEADLINE)]]

    (corpus / "repeat.jsonl").unlink()
    report = backend.reindex(corpus, incremental=True)
    assert (report.deleted, report.articles, report.duplicate_groups) == (1, 2, 0)
    result = backend.open().search(SearchRequest("rice", collapse=True))
    assert (result.total, result.groups, [hit.similar for hit in result.hits]) == (2, 2, [0, 0])


def test_incremental_reindex_reads_only_the_new_articles_signatures(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "wire.jsonl", [ORIGINAL, SAME_HEADLINE, HEADLINE_ONLY])
    root = tmp_path / "index"
    reindex([corpus], root, jobs=1, progress=False)
    hashed: list[int] = []

    def counting(stories):
        hashed.append(len(stories))
        return signatures(stories)

    monkeypatch.setattr(reindexing, "signatures", counting)  # the workers (in this process with jobs=1)
    monkeypatch.setattr(duplicates, "signatures", counting)  # the grouping, for articles it has none for
    write_jsonl(corpus / "repeat.jsonl", [REPEAT, CORRECTION])
    report = reindex([corpus], root, incremental=True, jobs=1, progress=False)
    assert hashed == [2], "the three kept articles' signatures come from the live generation's file"
    assert (report.articles, report.grouped_articles) == (5, 3)
    report = reindex([corpus], root, incremental=True, jobs=1, progress=False)
    assert hashed == [2] and (report.unchanged, report.grouped_articles) == (2, 3), "nothing changed: nothing hashed"


def test_an_index_built_without_groups_gets_them_from_the_stored_text(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "wire.jsonl", [ORIGINAL, REPEAT, SAME_HEADLINE])
    root = tmp_path / "index"
    report = reindex([corpus], root, jobs=1, progress=False, find_duplicates=False)
    assert (report.articles, report.duplicate_groups) == (3, 0)
    assert not (root / "current" / GROUPS).exists()
    result = open_index(root).search(SearchRequest("rice", collapse=True))
    assert (result.total, result.groups) == (3, 3), "without groups every article stands alone"

    write_jsonl(corpus / "more.jsonl", [CORRECTION])
    report = reindex([corpus], root, incremental=True, jobs=1, progress=False)
    assert (report.articles, report.duplicate_groups, report.grouped_articles) == (4, 1, 3)

    report = reindex([corpus], root, incremental=True, jobs=1, progress=False, find_duplicates=False)
    assert not (root / "current" / GROUPS).exists(), "groups inherited from the live generation are dropped"


def test_a_grouping_failure_costs_the_groups_never_an_article(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "wire.jsonl", [ORIGINAL, REPEAT, SAME_HEADLINE])

    def broken(*args):
        raise MemoryError("no room for the signatures")

    monkeypatch.setattr(reindexing, "write_groups", broken)
    report = reindex([corpus], tmp_path / "index", jobs=1, progress=False)
    assert report.articles == 3 and report.exit_status == reindexing.EXIT_OK
    assert any("duplicate stories not grouped: MemoryError: no room" in reason for _, reason in report.warnings)
    result = open_index(tmp_path / "index").search(SearchRequest("rice", collapse=True))
    assert (result.total, len(result.hits), result.groups) == (3, 3, 3)


def test_a_damaged_groups_file_leaves_every_article_alone(tmp_path, caplog):
    search_index_of(tmp_path, [ORIGINAL, REPEAT, SAME_HEADLINE])
    generation = (tmp_path / "index" / "current").resolve()
    np.save(generation / GROUPS, np.array([5, 5, 5], dtype=np.int32))  # names documents the index lacks
    caplog.set_level(logging.WARNING)
    result = open_index(tmp_path / "index").search(SearchRequest("rice", collapse=True))
    assert (result.total, result.groups) == (3, 3)
    assert "ignoring the damaged duplicate groups" in caplog.text


def test_the_cli_folds_copies_lists_every_copy_and_opens_a_group(tmp_path):
    from click.testing import CliRunner

    from indexer.cli import main

    search_index_of(tmp_path, [ORIGINAL, REPEAT, CORRECTION, SAME_HEADLINE])
    root = str(tmp_path / "index")
    runner = CliRunner()
    folded = runner.invoke(main, ["search", "rice", "exports", "--index", root])
    assert folded.exit_code == 0, folded.output
    assert folded.output.startswith("4 articles, 2 results with similar stories grouped (")
    lines = [line.strip() for line in folded.output.splitlines()]
    hint = next(line for line in lines if line.startswith("+ 2 similar stories: --similar "))
    group_id = hint.rsplit(" ", 1)[1]
    every = runner.invoke(main, ["search", "rice", "exports", "--index", root, "--all-copies"])
    assert every.output.startswith("4 articles (") and "similar stor" not in every.output
    assert sum(line[:1].isdigit() and ". " in line for line in every.output.splitlines()) == 4
    group = runner.invoke(main, ["search", "rice", "exports", "--index", root, "--similar", group_id, "--json"])
    document = json.loads(group.output)
    assert (document["total"], document["groups"], document["similar"]) == (3, 1, group_id)
    assert sorted(hit["title"] for hit in document["hits"]) == sorted([HEADLINE, HEADLINE, "CORRECTED - " + HEADLINE])
    unknown = runner.invoke(main, ["search", "rice", "--index", root, "--similar", "0000000000000000"])
    assert unknown.exit_code == 2 and "no article with id '0000000000000000'" in unknown.output
