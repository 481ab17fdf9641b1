"""BM25 and BM25F against examples worked by hand, in their scalar and vector forms, and the ranking policy."""

import dataclasses
from math import log

import numpy as np
import pytest
from helpers import search_index_of
from whoosh import query

from indexer.index.postings import TEXT_FIELDS
from indexer.search import syntax
from indexer.search.ranking import (
    BM25,
    FieldedTerms,
    RankingParameters,
    idf,
    length_factor,
    pair_counts,
    saturation,
    scored_matcher,
    top_indices,
)


def test_bm25_by_hand_on_floats_and_arrays():
    # N = 10 documents, n = 2 hold the word; this one holds it tf = 3 times in a field of 20 words
    # where the average is 10; k1 = 1.2, b = 0.75:
    #   idf  = ln(1 + (10 - 2 + 0.5) / (2 + 0.5)) = ln(4.4)          = 1.4816045409...
    #   norm = (1 - 0.75) + 0.75 * 20 / 10         = 1.75
    #   tf~  = 3 / 1.75                            = 12/7
    #   BM25 = idf * tf~ * 2.2 / (1.2 + tf~)       = ln(4.4) * 22/17 = 1.9173705823...
    expected = 1.9173705823725142
    assert idf(10, 2) == pytest.approx(log(4.4), abs=1e-12)
    scalar = saturation(3.0 * length_factor(20, 10.0, 0.75, 1.0), 1.2, idf(10, 2))
    assert scalar == pytest.approx(expected, abs=1e-9)
    # The same functions over arrays: the same document, and a shorter one with tf 1 (norm 0.25 +
    # 0.75 * 5 / 10 = 0.625, tf~ = 1.6, BM25 = ln(4.4) * 1.6 * 2.2 / 2.8 = 1.8625885657...).
    vector = saturation(np.array([3.0, 1.0]) * length_factor(np.array([20.0, 5.0]), 10.0, 0.75, 1.0),
                        1.2, idf(10, 2))
    assert vector == pytest.approx([expected, 1.8625885657333], abs=1e-9)
    assert vector[0] == scalar, "one definition: the array form gives the float form's value exactly"


# Four articles; after stop words and stemming each field has the lengths noted.
STORIES = [
    {"title": "Oil", "text": "oil oil zinc tin"},                          # A: title 1, body 4 (oil twice)
    {"title": "Zinc", "text": "oil copper nickel cobalt tin zinc"},        # B: title 1, body 6 (oil once)
    {"title": "Gold silver", "text": "gold silver copper"},                # C: title 2, body 3
    {"title": "Tin copper", "text": "tin"},                                # D: title 2, body 1
]
# N = 4; average lengths: title 6/4 = 1.5, body 14/4 = 3.5. "oil": in 1 title (A), 2 bodies (A, B).
# The defaults: k1 = 0.9, b = 0.5 for both fields, field weights 1 (the title's boost of 2 is divided out).
#
# body:oil, per-field BM25, n = 2, idf = ln(1 + 2.5 / 2.5) = ln 2:
#   A: norm = 0.5 + 0.5 * 4/3.5 = 15/14, tf~ = 2 * 14/15 = 28/15, BM25 = ln2 * 1.9 * 28/41.5 = 0.88856457845...
#   B: norm = 0.5 + 0.5 * 6/3.5 = 19/14, tf~ = 14/19,            BM25 = ln2 * 1.9 * 14/31.1 = 0.59285257244...
BODY_OIL = {"A": 0.8885645784527492, "B": 0.5928525724403391}
# oil over title + body, BM25F, n = max(1, 2) = 2, idf = ln 2:
#   A: title norm = 0.5 + 0.5 * 1/1.5 = 5/6, share 6/5; tf~ = 6/5 + 28/15 = 46/15,
#      BM25F = ln2 * 1.9 * 46/59.5 = 1.01816913581...
#   B: body only, as above: 0.59285257244...
OIL = {"A": 1.0181691358141045, "B": 0.5928525724403391}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return search_index_of(tmp_path_factory.mktemp("ranking"), STORIES)


def searcher_with(index, parameters: RankingParameters):
    return index.index.searcher(weighting=BM25(parameters, index.rank_postings))


def names(searcher, docs) -> list[str]:
    return ["ABCD"[[story["title"] for story in STORIES].index(searcher.stored_fields(d)["title"])] for d in docs]


def test_the_hand_example_holds_in_the_index(index):
    reader = index.searcher.reader()
    lengths = {title: (reader.doc_field_length(d, "title"), reader.doc_field_length(d, "body"))
               for d in range(reader.doc_count_all()) for title in [reader.stored_fields(d)["title"]]}
    assert lengths == {"Oil": (1, 4), "Zinc": (1, 6), "Gold silver": (2, 3), "Tin copper": (2, 1)}


def test_per_field_bm25_by_hand_in_whoosh_and_over_arrays(index):
    searcher = index.searcher
    whoosh_top = searcher.search(query.Term("body", "oil"), limit=None).top_n  # the per-document scorer
    assert dict(zip(names(searcher, [d for _, d in whoosh_top]), [s for s, _ in whoosh_top],
                    strict=True)) == pytest.approx(BODY_OIL, abs=1e-9)
    ids, scores = syntax.all_scores(query.Term("body", "oil"), searcher)  # the array scorer
    assert dict(zip(names(searcher, ids), scores.tolist(), strict=True)) == pytest.approx(BODY_OIL, abs=1e-9)


def test_bm25f_over_title_and_body_by_hand(index):
    searcher = index.searcher
    ids, scores = FieldedTerms(TEXT_FIELDS, {"oil": 1.0}).all_scores(searcher)
    assert dict(zip(names(searcher, ids), scores.tolist(), strict=True)) == pytest.approx(OIL, abs=1e-9)
    # A query weight and a boost multiply the score.
    ids, scores = FieldedTerms(TEXT_FIELDS, {"oil": 2.0}, boost=1.5).all_scores(searcher)
    assert scores.tolist() == pytest.approx([3 * OIL["A"], 3 * OIL["B"]], abs=1e-9)


def test_feedback_is_the_rankings_choice_for_plain_text(index):
    plain = FieldedTerms(TEXT_FIELDS, {"oil": 1.0}, plain_text=True)
    without = searcher_with(index, RankingParameters(plain_text_feedback=False))
    ids, scores = plain.all_scores(without)
    assert dict(zip(names(without, ids), scores.tolist(), strict=True)) == pytest.approx(OIL, abs=1e-9)
    ids, scores = plain.all_scores(index.searcher)  # the default: plain text gets feedback
    assert names(index.searcher, ids) == ["A", "B"], "feedback reorders, it never adds matches"
    assert scores.tolist() != pytest.approx(list(OIL.values()), abs=1e-6)


def test_how_many_words_a_plain_text_match_needs(index):
    words = {"oil": 1.0, "zinc": 1.0, "tin": 1.0, "copper": 1.0}
    without = searcher_with(index, RankingParameters(plain_text_feedback=False))

    def matches(leaf, searcher=without):
        return names(searcher, leaf.all_scores(searcher)[0])

    # Natural text: one word is enough by default; minimum_should_match asks for a share, rounded down.
    assert matches(FieldedTerms(TEXT_FIELDS, words, plain_text=True)) == ["A", "B", "C", "D"]
    half = searcher_with(index, RankingParameters(plain_text_feedback=False, minimum_should_match=0.5))
    assert matches(FieldedTerms(TEXT_FIELDS, words, plain_text=True), half) == ["A", "B", "D"], "C: copper only"
    # A keyword query needs every word, in the title or the body; feedback never adds a match.
    every = FieldedTerms(TEXT_FIELDS, words, plain_text=True, every_word=True)
    strict = searcher_with(index, RankingParameters(plain_text_feedback=False, every_word_min_matches=1))
    with_feedback = searcher_with(index, RankingParameters(every_word_min_matches=1))
    assert matches(every, strict) == ["B"] and matches(every, with_feedback) == ["B"]
    assert matches(FieldedTerms(TEXT_FIELDS, {"tin": 1.0, "copper": 1.0}, plain_text=True, every_word=True),
                   strict) == ["B", "D"], "D: copper in the title, tin in the body"
    # Until every_word_min_matches documents hold every word, one word fewer is enough, and so on.
    for min_matches, expected, required in [(2, ["A", "B"], 3), (3, ["A", "B", "D"], 2), (5, ["A", "B", "C", "D"], 1)]:
        relaxed = searcher_with(index, RankingParameters(plain_text_feedback=False, every_word_min_matches=min_matches))
        assert matches(every, relaxed) == expected
        assert every.required_words(relaxed, relaxed.weighting) == required
    # Inside syntax a word's leaf matches wherever the word is; the syntax combines the leaves.
    assert matches(FieldedTerms(TEXT_FIELDS, words), half) == ["A", "B", "C", "D"]


def test_keyword_words_standing_together_score_as_one_more_word(index):
    # zinc and tin stand together in A's body ("zinc tin") and, the other way round, in B's ("tin zinc"):
    # the pair is a word in 2 of 4 documents, idf ln 2, frequency 1 in the body:
    #   A: tf~ = 14/15, ln2 * 1.9 * (14/15) / (0.9 + 14/15) = ln2 * 1.9 * 14/27.5
    #   B: tf~ = 14/19, ln2 * 1.9 * (14/19) / (0.9 + 14/19) = ln2 * 1.9 * 14/31.1
    keyword = FieldedTerms(TEXT_FIELDS, {"zinc": 1.0, "tin": 1.0}, plain_text=True, every_word=True)
    apart = searcher_with(index, RankingParameters(plain_text_feedback=False, together_weight=0.0))
    together = searcher_with(index, RankingParameters(plain_text_feedback=False, together_weight=1.0))
    ids, without = keyword.all_scores(apart)
    assert names(apart, ids) == ["A", "B", "D"], "fewer than a page hold both: D's tin counts"
    _, scores = keyword.all_scores(together)
    assert (scores - without).tolist() == pytest.approx([log(2) * 1.9 * 14 / 27.5, log(2) * 1.9 * 14 / 31.1, 0.0],
                                                        abs=1e-9)
    # Natural language and syntax are scored word by word.
    natural = FieldedTerms(TEXT_FIELDS, {"zinc": 1.0, "tin": 1.0}, plain_text=True)
    assert natural.all_scores(together)[1].tolist() == natural.all_scores(apart)[1].tolist()


def test_feedback_words_are_the_best_matches_words_weighted_by_score_and_frequency(index):
    oil = FieldedTerms(TEXT_FIELDS, {"oil": 1.0}, plain_text=True)
    whole = index.searcher
    words = oil._feedback_words(whole, whole.weighting)
    # A and B match. Words in more than 0.3 of the 4 documents (zinc, tin, copper) are too common.
    # A (score OIL["A"]) has 5 words: oil x3 (title and body twice); B (OIL["B"]) has 7, oil once,
    # nickel and cobalt once each. Relevance: oil = a * 3/5 + b / 7, nickel = cobalt = b / 7, with a and b
    # each document's share of the two scores; the weights are these over their sum, times the
    # feedback weight (0.6).
    a, b = OIL["A"] / (OIL["A"] + OIL["B"]), OIL["B"] / (OIL["A"] + OIL["B"])
    relevance = {"oil": a * 3 / 5 + b / 7, "nickel": b / 7, "cobalt": b / 7}
    total = sum(relevance.values())
    assert words == pytest.approx({word: 0.6 * value / total for word, value in relevance.items()}, abs=1e-9)


def test_scores_are_cached_per_ranking_parameters(index):
    FieldedTerms(TEXT_FIELDS, {"oil": 1.0}).all_scores(index.searcher)  # cached under the defaults
    ids, scores = FieldedTerms(TEXT_FIELDS, {"oil": 1.0}).all_scores(searcher_with(index, RankingParameters(k1=2.0)))
    # k1 = 2: A: ln2 * 3 * (46/15) / (2 + 46/15) = ln2 * 138/76 = 1.25861...; B: ln2 * 3 * (14/19) / (2 + 14/19)
    # = ln2 * 42/52 = 0.55985...
    assert scores.tolist() == pytest.approx([log(2) * 138 / 76, log(2) * 42 / 52], abs=1e-9)
    defaults = RankingParameters()
    for parameter in dataclasses.fields(RankingParameters):
        changed = dataclasses.replace(defaults, **{parameter.name: _another(getattr(defaults, parameter.name))})
        assert changed != defaults and hash(changed) != hash(defaults), f"{parameter.name} must key the cache"


def _another(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, tuple):
        return (*value, ("other", 0.1))
    return value + 1


def test_top_indices_gives_the_largest_first_and_equal_values_in_position_order():
    values = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0])
    assert top_indices(values, 3).tolist() == [5, 7, 4]  # 9, 6, 5
    assert top_indices(np.array([1.0, 2.0, 2.0, 2.0, 0.0]), 2).tolist() == [1, 2]  # a tie: the earlier first
    assert top_indices(np.array([1.0, 2.0]), 5).tolist() == [1, 0]  # fewer values than asked for
    assert top_indices(values, 0).tolist() == []
    assert top_indices(np.zeros(0), 3).tolist() == []


def test_fielded_terms_are_equal_only_when_every_part_is():
    terms = FieldedTerms(TEXT_FIELDS, {"oil": 1.0, "price": 1.0}, plain_text=True)
    assert terms == FieldedTerms(TEXT_FIELDS, {"oil": 1.0, "price": 1.0}, plain_text=True)
    assert hash(terms) == hash(FieldedTerms(TEXT_FIELDS, {"price": 1.0, "oil": 1.0}, plain_text=True))
    assert terms != FieldedTerms(TEXT_FIELDS, {"oil": 2.0, "price": 1.0}, plain_text=True)
    assert terms != FieldedTerms(TEXT_FIELDS, {"oil": 1.0, "price": 1.0}, plain_text=False)
    assert terms != FieldedTerms(TEXT_FIELDS, {"oil": 1.0, "price": 1.0}, plain_text=True, every_word=True)


def test_a_scored_matcher_walks_the_documents_with_their_scores():
    matcher = scored_matcher(np.array([2, 5, 9]), np.array([0.5, 2.0, 1.25]))
    seen = []
    while matcher.is_active():
        seen.append((matcher.id(), matcher.score()))
        matcher.next()
    assert seen == [(2, 0.5), (5, 2.0), (9, 1.25)]
    assert not scored_matcher(np.zeros(0, dtype=np.int64), np.zeros(0)).is_active()


def test_words_standing_together_are_counted_in_either_order_where_both_are(index):
    segment = index.rank_postings.segment(index.searcher.reader())
    # B's body reads "oil copper nickel ...": the pair stands together once, whichever word comes first;
    # no title holds "nickel", while D's title holds "copper" (nothing to pair it with there).
    for pair in (("nickel", "copper"), ("copper", "nickel")):
        found = pair_counts(segment, TEXT_FIELDS, pair)
        assert list(found) == ["body"]
        docs, counts = found["body"]
        assert names(index.searcher, docs.tolist()) == ["B"] and counts.tolist() == [1]
    assert pair_counts(segment, TEXT_FIELDS, ("nickel", "zinc")) == {}  # both in B's body, not side by side
