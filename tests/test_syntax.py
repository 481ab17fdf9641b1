"""Syntax queries evaluated over the rank postings give Whoosh's matches, and its scores as they combine;
the syntax Whoosh has no matching semantics for (proximity, wildcards, fuzzy words) against hand-worked
expectations on small indexes and against brute force over Reuters.

Both score a word with the one BM25 of ``indexer/search/ranking.py`` (checked by hand in ``test_ranking.py``);
what is compared here is which documents phrases, AND, OR and NOT match and how their scores add up.
"""

import itertools
import json

import numpy as np
import pytest
from helpers import REUTERS, require_shared, search_index_of, wire_stories
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.support.levenshtein import damerau_levenshtein

from indexer.index.reindex import reindex
from indexer.search import IndexHandle, QueryError, SearchRequest, syntax

STORIES = [
    {"title": "Bank of Japan holds interest rates", "text": "The Bank of Japan held interest rates; rates stay low."},
    {"title": "Rates of interest", "text": "Interest on deposits and rates on loans rose at the bank."},
    {"title": "Crude oil prices climb", "text": "Crude oil prices climbed as crude output fell; oil traders said."},
    {"title": "Oil output", "text": "Crude and refined oil output rose. Gold prices fell, silver too."},
    {"title": "Gold and silver", "text": "Gold rose while silver slipped; the bank of England watched gold."},
    {"title": "Trade deficit widens", "text": "The trade deficit widened; a deficit in trade with Japan grew."},
    {"title": "Japan trade", "text": "Japan said trade talks on the deficit continue in Tokyo."},
]

QUERIES = [
    '"interest rates"', '"bank of japan"', '"crude oil"', '"crude oil"~3', '"oil prices" OR "gold prices"',
    "oil AND prices", "gold OR silver", "title:gold", "gold NOT silver", "NOT oil", '"trade deficit" japan',
    "(oil OR gold) AND (prices OR output) NOT silver", "oil -prices", "oil^3 AND crude", 'title:"interest rates"',
    '"interest rates"^2 OR title:rates', "body:deficit AND title:japan", '"rates rates"', '"no such words"',
    "trade AND NOT (japan OR tokyo)", "+oil prices", "+oil +crude prices -gold", "+trade japan tokyo",
    "oil^2 OR gold", "(oil OR gold)^2 AND prices", "-oil", "title:oil^3 OR body:gold^0.5",
]


def whoosh_scores(index, text_query):
    top = index.searcher.search(text_query, limit=None).top_n
    return {docnum: score for score, docnum in top}


def assert_same_as_whoosh(index, q):
    text_query, _ = index.parser.parse(q)
    found = syntax.all_scores(text_query, index.searcher)
    assert found is not None, f"{q!r} should be evaluated over the rank postings"
    ids, scores = found
    expected = whoosh_scores(index, text_query)
    assert ids.tolist() == sorted(expected), q
    assert np.allclose(scores, [expected[d] for d in ids.tolist()], rtol=1e-12, atol=0), q
    return len(ids)


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return search_index_of(tmp_path_factory.mktemp("syntax"), STORIES)


@pytest.mark.parametrize("q", QUERIES)
def test_matches_and_scores_equal_whoosh(index, q):
    assert_same_as_whoosh(index, q)


def test_phrases_need_order_and_adjacency(index):
    titles = {q: sorted(hit.title for hit in index.search(SearchRequest(q)).hits)
              for q in ('"interest rates"', '"rates interest"')}
    assert titles['"interest rates"'] == ["Bank of Japan holds interest rates"]
    # Word order matters, and stop words take no position: "Rates of interest" holds "rates interest".
    assert titles['"rates interest"'] == ["Rates of interest"]
    assert sorted(hit.title for hit in index.search(SearchRequest('"crude oil"')).hits) == ["Crude oil prices climb"]
    # "Crude and refined oil": stop words take no position, so oil is one move from "crude oil".
    assert sorted(hit.title for hit in index.search(SearchRequest('"crude oil"~1')).hits) == [
        "Crude oil prices climb", "Oil output"]


def test_only_date_ranges_go_to_whoosh_and_it_evaluates_the_new_syntax_alike(tmp_path):
    stories = wire_stories([("2020-03-01", "Gold rises", "Gold prices rose in Zurich."),
                            ("2021-03-01", "Golden harvest", "Farmers reported a golden wheat harvest."),
                            ("2020-06-01", "Gold and silver", "Silver followed gold prices higher.")])
    dated = search_index_of(tmp_path, stories)
    for q in ("gol*", "gold~1", '"gold prices"~2', "+gold silver"):
        text_query, _ = dated.parser.parse(q)
        assert syntax.all_scores(text_query, dated.searcher) is not None, q
    text_query, _ = dated.parser.parse("date:2020")
    assert syntax.all_scores(text_query, dated.searcher) is None
    # With a date clause Whoosh's collector runs the query, asking the same arrays for the rest of it.
    def titles(q):
        return sorted(hit.title for hit in dated.search(SearchRequest(q)).hits)
    assert titles("gol* date:2020") == ["Gold and silver", "Gold rises"]
    assert titles("golden~1 date:2021") == ["Golden harvest"]
    assert titles('"gold prices"~2 date:2020') == ["Gold and silver", "Gold rises"]
    assert titles("+silver gold date:2020") == ["Gold and silver"]


def test_deleted_articles_never_match(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps(STORIES[0]), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps(STORIES[1]), encoding="utf-8")
    reindex([tmp_path], tmp_path / "index", jobs=1, progress=False)
    (tmp_path / "a.jsonl").unlink()
    reindex([tmp_path], tmp_path / "index", incremental=True, jobs=1, progress=False)
    index = IndexHandle(tmp_path / "index").get()
    for q in ('"interest rates"', "interest AND rates", "NOT gold", "bank OR japan"):
        assert_same_as_whoosh(index, q)
        assert all(hit.title == "Rates of interest" for hit in index.search(SearchRequest(q)).hits), q


def test_reuters_syntax_queries_equal_whoosh(reuters_index):
    """Over the whole of Reuters-21578, with the query benchmark's syntax queries and more."""
    require_shared(REUTERS)
    index = IndexHandle(reuters_index).get()
    queries = ['"trade deficit"', '"interest rates"', '"crude oil"', '"money supply"', '"west german"',
               "oil AND prices", "gold OR silver", "title:coffee", "wheat NOT corn", '"net loss" dividend',
               '"bank of japan"', "NOT oil", '(oil OR gas) AND (price OR prices) NOT opec',
               '"west german bundesbank"', 'said AND "said"', "+coffee brazil colombia -cocoa", "coffee^2 OR cocoa"]
    assert sum(assert_same_as_whoosh(index, q) for q in queries) > 20000


def test_reuters_proximity_equals_the_brute_force_of_its_definition(reuters_index):
    """Lucene's sloppy phrase: the words match where some occurrence of each, at position p and place i in
    the phrase, has p - i within ``slop`` of the others' p - i."""
    require_shared(REUTERS)
    index = IndexHandle(reuters_index).get()
    reader = index.searcher.reader()
    for q, words, slop in [('title:"oil prices"~3', ["oil", "price"], 3),
                           ('title:"japan trade"~2', ["japan", "trade"], 2),
                           ('title:"bank interest rates"~4', ["bank", "interest", "rate"], 4)]:
        positions = [{docnum: list(positions) for docnum, positions in reader.postings("title", word)
                      .items_as("positions")} for word in words]
        expected = {docnum for docnum in set.intersection(*(set(found) for found in positions))
                    if not reader.is_deleted(docnum)
                    and any(max(p - i for i, p in enumerate(chosen)) - min(p - i for i, p in enumerate(chosen)) <= slop
                            for chosen in itertools.product(*(found[docnum] for found in positions)))}
        text_query, _ = index.parser.parse(q)
        found, _ = syntax.all_scores(text_query, index.searcher)
        assert set(found.tolist()) == expected and len(expected) > 5, q


def test_reuters_fuzzy_words_equal_the_brute_force_of_their_definition(reuters_index):
    """Terms within the edits (Damerau: a letter added, dropped or changed, or two swapped) and longer than them."""
    require_shared(REUTERS)
    index = IndexHandle(reuters_index).get()
    reader = index.searcher.reader()
    for q, field, word, edits in [("body:yoshida~", "body", "yoshida", 2), ("title:coffee~1", "title", "coffe", 1)]:
        expected = {term.decode("utf-8") for term in reader.lexicon(field)
                    if abs(len(term) - len(word)) <= edits
                    and damerau_levenshtein(word, term.decode("utf-8")) <= edits
                    and damerau_levenshtein(word, term.decode("utf-8")) < min(len(word), len(term))}
        text_query, _ = index.parser.parse(q)
        assert set(text_query.index_terms(reader)) == expected and word in expected, q


# Proximity --------------------------------------------------------------------------------

NEAR = [
    # Positions once stop words are dropped, and the moves from "japan vietnam": p - i is japan's p and
    # vietnam's p - 1, and the moves are how far apart those are.
    {"title": "Adjacent", "text": "Japan and Vietnam signed a pact."},             # 0, 1: 0 moves
    {"title": "Two between", "text": "Japan said on Monday that Vietnam agreed."},  # 0, 3: 2 moves
    {"title": "Reversed, one between", "text": "Vietnam praised Japan."},         # 2, 0: 3 moves
    {"title": "Reversed", "text": "Vietnam, Japan sign accord."},                 # 1, 0: 2 moves
    {"title": "Far apart", "text": "Japan exports rose sharply as factories in the north of the country "
                                   "hired more workers while Vietnam waited."},
    {"title": "Three words", "text": "Japan, Vietnam and China discussed trade."},  # 0, 1: 0 moves
    {"title": "Three words swapped", "text": "Japan trade with Vietnam grew."},    # 0, 2: 1 move
]


@pytest.fixture(scope="module")
def near(tmp_path_factory):
    return search_index_of(tmp_path_factory.mktemp("near"), NEAR)


def found(index, q) -> list[str]:
    return sorted(hit.title for hit in index.search(SearchRequest(q, page_size=50)).hits)


@pytest.mark.parametrize("q, titles", [
    # Moves, worked by hand: a word at position p, i-th in the phrase, is at p - i; the spread of those is the moves.
    ('"japan vietnam"', ["Adjacent", "Three words"]),
    ('"japan vietnam"~0', ["Adjacent", "Three words"]),
    ('"japan vietnam"~1', ["Adjacent", "Three words", "Three words swapped"]),
    ('"japan vietnam"~2', ["Adjacent", "Reversed", "Three words", "Two between", "Three words swapped"]),
    ('"japan vietnam"~3', ["Adjacent", "Reversed", "Reversed, one between", "Three words", "Two between",
                           "Three words swapped"]),
    ('"vietnam japan"~0', ["Reversed"]),
    # Japan 0, Vietnam 1, trade 4: p - i is 0, 0, 2, two moves; Japan 0, trade 1, Vietnam 2: 0, -1, 1, two moves.
    ('"japan vietnam trade"~1', []),
    ('"japan vietnam trade"~2', ["Three words", "Three words swapped"]),
])
def test_proximity_counts_moves_as_lucene_does(near, q, titles):
    assert found(near, q) == sorted(titles)


def test_proximity_scores_as_the_phrase_of_its_words(near):
    exact = {hit.title: hit.score for hit in near.search(SearchRequest('"japan vietnam"')).hits}
    sloppy = {hit.title: hit.score for hit in near.search(SearchRequest('"japan vietnam"~3')).hits}
    assert sloppy["Adjacent"] == pytest.approx(exact["Adjacent"], rel=1e-12)


def test_proximity_that_is_not_a_whole_number_is_refused(near):
    for q in ('"japan vietnam"~x', '"japan vietnam"~1.5', '"japan vietnam"~'):
        with pytest.raises(QueryError, match="a whole number"):
            near.search(SearchRequest(q))


# Wildcards and fuzzy words ----------------------------------------------------------------

WORDS = [
    {"title": "Economic outlook", "text": "The economic outlook dimmed."},
    {"title": "Economics lecture", "text": "A lecture on economics was given."},
    {"title": "Economy grows", "text": "The economy grew in March."},
    {"title": "President speaks", "text": "The president spoke on Monday."},
    {"title": "Presidential race", "text": "The presidential race opened."},
    {"title": "Woman elected", "text": "A woman was elected mayor."},
    {"title": "Women vote", "text": "Women voted in large numbers."},
    {"title": "Organization", "text": "The organization met."},
    {"title": "Organisation", "text": "The organisation met."},
    {"title": "Tax rise", "text": "A tax rise was announced."},
    {"title": "X marks", "text": "An x marks the spot."},
] + [{"title": f"{name} visits Hanoi", "text": f"{name} visits Hanoi for talks."}
     for name in ("Kishida", "Kishda", "Kihsida", "Kashdia", "Kushidoma")]


@pytest.fixture(scope="module")
def words(tmp_path_factory):
    return search_index_of(tmp_path_factory.mktemp("words"), WORDS)


def ranked(index, q) -> list[str]:
    return [hit.title for hit in index.search(SearchRequest(q, page_size=50)).hits]


@pytest.mark.parametrize("q, titles", [
    ("econ*", ["Economic outlook", "Economics lecture", "Economy grows"]),
    ("ÉCON*", ["Economic outlook", "Economics lecture", "Economy grows"]),
    # The index holds economic and economics as "econom", economy as "economi", president as "presid".
    ("economic*", ["Economic outlook", "Economics lecture"]),
    ("president*", ["President speaks", "Presidential race"]),
    ("presiden*", ["President speaks", "Presidential race"]),
    ("wom?n", ["Woman elected", "Women vote"]),
    ("*men", ["Women vote"]),
    ("organi?ation", []),
    ("organi*", ["Organisation", "Organization"]),
    ("title:pres*", ["President speaks", "Presidential race"]),
])
def test_patterns_find_the_words_they_stand_for(words, q, titles):
    assert found(words, q) == sorted(titles)


def test_prefix_matches_are_marked_in_snippets(words):
    hit = words.search(SearchRequest("economic*")).hits
    assert {h.title: h.snippet for h in hit}["Economics lecture"] == "A lecture on <mark>economics</mark> was given."


@pytest.mark.parametrize("q, titles", [
    # Edits from kishida: kishda drops a letter, kihsida swaps two, kashdia changes one and swaps two.
    ("kishida~0", ["Kishida visits Hanoi"]),
    ("kishida~1", ["Kishida visits Hanoi", "Kihsida visits Hanoi", "Kishda visits Hanoi"]),
    ("kishida~", ["Kishida visits Hanoi", "Kihsida visits Hanoi", "Kishda visits Hanoi", "Kashdia visits Hanoi"]),
    ("kishida~2", ["Kishida visits Hanoi", "Kihsida visits Hanoi", "Kishda visits Hanoi", "Kashdia visits Hanoi"]),
    ("Kíshida~1", ["Kishida visits Hanoi", "Kihsida visits Hanoi", "Kishda visits Hanoi"]),
    ("KISHIDA~1", ["Kishida visits Hanoi", "Kihsida visits Hanoi", "Kishda visits Hanoi"]),
    ("title:kishida~1", ["Kishida visits Hanoi", "Kihsida visits Hanoi", "Kishda visits Hanoi"]),
    # The word is analysed first: elections is "elect", which "elected" is held as too.
    ("elections~0", ["Woman elected"]),
])
def test_fuzzy_words_find_the_words_within_their_edits(words, q, titles):
    assert found(words, q) == sorted(titles)


def test_a_fuzzy_word_does_not_find_words_no_longer_than_its_edits(words):
    # x is two edits from tax (as talk is), but no longer than the edits it needs.
    assert "Tax rise" in found(words, "tax~2") and "X marks" not in found(words, "tax~2")


def test_fuzzy_words_rank_the_exact_word_first_then_by_closeness(words):
    # Same lengths and counts, so the order is each term's 1 - edits / length: 1, 6/7 (kihsida), 5/6 (kishda), 5/7.
    assert ranked(words, "kishida~") == ["Kishida visits Hanoi", "Kihsida visits Hanoi", "Kishda visits Hanoi",
                                         "Kashdia visits Hanoi"]
    hits = {hit.title: hit for hit in words.search(SearchRequest("kishida~1")).hits}
    assert hits["Kishda visits Hanoi"].snippet == "<mark>Kishda</mark> visits Hanoi for talks."


def test_more_edits_than_lucene_allows_are_refused(words):
    for q in ("kishida~3", "kishida~0.8", "kishida~1/3"):
        with pytest.raises(QueryError, match="at most 2"):
            words.search(SearchRequest(q))


def test_the_words_a_pattern_stands_for_count_as_one_word(tmp_path):
    # Same lengths: "economic economics" holds two of econ*'s words once each, "economy economy" one twice.
    index = search_index_of(tmp_path, [
        {"title": "One", "text": "economic economics rose"},
        {"title": "Two", "text": "economy economy rose"},
        {"title": "Three", "text": "economy rose sharply"},
        {"title": "Four", "text": "nothing rose sharply"},
    ])
    scores = {hit.title: hit.score for hit in index.search(SearchRequest("econ*")).hits}
    assert set(scores) == {"One", "Two", "Three"}
    assert scores["One"] == pytest.approx(scores["Two"], rel=1e-12)
    assert scores["Two"] > scores["Three"]


def test_a_pattern_standing_for_more_words_than_the_cap_is_refused(tmp_path):
    index = search_index_of(tmp_path, [{"title": "Codes", "text": " ".join(f"zq{n:04d}" for n in range(1, 1002))}])
    with pytest.raises(QueryError, match="more than 1,000 different words"):
        index.search(SearchRequest("zq*"))
    assert index.search(SearchRequest("zq0*")).total == 1  # zq0001 to zq0999: 999 words


# Boosts -----------------------------------------------------------------------------------

BOOSTED = [
    {"title": "Report one", "text": "japan japan trade"},
    {"title": "Report two", "text": "trade trade japan"},
]


@pytest.fixture(scope="module")
def boosted(tmp_path_factory):
    return search_index_of(tmp_path_factory.mktemp("boosted"), BOOSTED)


def scores_of(index, q) -> dict[str, float]:
    return {hit.title: hit.score for hit in index.search(SearchRequest(q)).hits}


def test_a_boost_reorders_two_articles(boosted):
    # Each article holds one word twice and the other once, at the same length: a tie until one word is boosted.
    tied = scores_of(boosted, "japan OR trade")
    assert tied["Report one"] == tied["Report two"]
    assert ranked(boosted, "japan^2 OR trade") == ["Report one", "Report two"]
    assert ranked(boosted, "japan OR trade^2") == ["Report two", "Report one"]


@pytest.mark.parametrize("boosted_query, plain, factor", [
    ("title:report^3 AND japan", "title:report AND japan", None),
    ("body:japan^3", "body:japan", 3.0),
    ('"japan trade"^3', '"japan trade"', 3.0),
    ('"japan trade"~2^2', '"japan trade"~2', 2.0),
    ("jap*^2", "jap*", 2.0),
    ("japan~1^2", "japan~1", 2.0),
    ("japan^0.5 OR trade^0.5", "japan OR trade", 0.5),
])
def test_a_boost_multiplies_its_clause(boosted, boosted_query, plain, factor):
    with_boost, without = scores_of(boosted, boosted_query), scores_of(boosted, plain)
    assert set(with_boost) == set(without) and with_boost
    for title, score in with_boost.items():
        if factor is None:  # the boosted clause adds its score twice more: title:report scored alone
            assert score - without[title] == pytest.approx(2 * scores_of(boosted, "title:report")[title])
        else:
            assert score == pytest.approx(factor * without[title], rel=1e-12)


def test_a_boosted_group_boosts_only_itself(boosted):
    # Whoosh's AND would add the clause after the group into it, boosting that clause as well.
    with_boost, without = scores_of(boosted, "(japan OR trade)^2 AND title:report"), \
        scores_of(boosted, "(japan OR trade) AND title:report")
    either = scores_of(boosted, "japan OR trade")
    for title, score in with_boost.items():
        assert score - without[title] == pytest.approx(either[title], rel=1e-9)


# Required and excluded words --------------------------------------------------------------

REQUIRED = [
    {"title": "One", "text": "trade talks Japan"},
    {"title": "Two", "text": "trade fair Vietnam"},
    {"title": "Three", "text": "trade figures released"},
    {"title": "Four", "text": "Japan Vietnam summit"},
    {"title": "Five", "text": "China trade deal"},
    {"title": "Six", "text": "Viet Nam summit"},
]


@pytest.fixture(scope="module")
def required(tmp_path_factory):
    return search_index_of(tmp_path_factory.mktemp("required"), REQUIRED)


@pytest.mark.parametrize("q, titles", [
    ("+trade japan vietnam", ["Five", "One", "Three", "Two"]),
    ("+trade +japan vietnam", ["One"]),
    ("+trade -china", ["One", "Three", "Two"]),
    ("trade -china", ["One", "Three", "Two"]),
    ("-china", ["Four", "One", "Six", "Three", "Two"]),
    ("-china -trade", ["Four", "Six"]),
    ("(trade -china) OR summit", ["Four", "One", "Six", "Three", "Two"]),
    ("(+trade japan) AND talks", ["One"]),
    # A dash inside a word joins two words; it excludes nothing.
    ("Viet-Nam AND summit", ["Six"]),
])
def test_required_and_excluded_words(required, q, titles):
    assert found(required, q) == titles


def test_optional_words_beside_a_required_one_rank_its_articles(required):
    # Every article has trade once at the same length; japan or vietnam adds to One's and Two's scores.
    scores = scores_of(required, "+trade japan vietnam")
    assert min(scores["One"], scores["Two"]) > scores["Three"] == scores["Five"]
    for q in ("+trade japan vietnam", "+trade +japan vietnam", "+trade -china", "-china"):
        assert_same_as_whoosh(required, q)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(['"', "(", ")", "*", "?", "~", "~1", "^2", "+", "-", " ", "AND", "OR", "NOT",
                                 "title:", "date:2023", "econ", "kishida", "japan", "vietnam", "x"]), max_size=10))
def test_any_text_searches_or_gets_a_message(words, pieces):
    try:
        result = words.search(SearchRequest("".join(pieces)))
    except QueryError as error:
        assert str(error)
    else:
        assert result.total >= 0
