"""From typed text to a Whoosh query: plain text versus syntax, and how plain words are weighted."""

import json
import os
import sys
from datetime import date, datetime, time, timedelta

import pytest
from helpers import REPO, SHARED_DATA, require_shared
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query

from indexer.index.postings import TEXT_FIELDS
from indexer.index.reindex import reindex
from indexer.index.schema import build_schema
from indexer.search import IndexHandle, QueryError, SearchRequest
from indexer.search.query import EntityClause, QueryParser, is_syntax
from indexer.search.ranking import FieldedTerms
from indexer.search.syntax import Fuzzy, Pattern, Proximity


@pytest.fixture(scope="module")
def parser():
    return QueryParser(build_schema())


@pytest.mark.parametrize("text", [
    "Japan AND Vietnam", "rice OR electricity", "Japan NOT Vietnam", "NOT Vietnam", '"security talks"',
    "title:rice", "body:rice", "date:2022", "(Japan OR Korea) AND trade", "econ*", "trade -china",
    '"prime minister" resigned. Japan', '"U.S. Trade Representative" AND Japan OR "South Korea" visit',
    "*ation", "wom?n", "+trade japan", "-china", "kishida~", "kishida~1", "Kíshida~", "japan^2 trade",
    '"japan vietnam"~5', "(election OR vote)^2", "/kish.da/", "[a TO b]", "trade && japan", "trade || japan",
    "!china", "date:>2023",
    # In a longer query, an operator in capitals makes the rest of its marks syntax too.
    "what did kishida~ say about trade AND japan",
])
def test_deliberate_syntax(text):
    assert is_syntax(text)


@pytest.mark.parametrize("text", [
    "What is information science? Give definitions where possible.",
    "MEASUREMENT OF DIELECTRIC CONSTANT OF LIQUIDS AND GASES",  # all upper case: AND is a word
    "USE OF DIGITAL COMPUTERS IN THE DESIGN OF BAND PASS FILTERS",
    "What are the characteristics of MEDLARS (Medical Literature Analysis and Retrieval System)?",
    "what methods -dash exact or approximate -dash are presently available",
    "compensatory renal hypertrophy - - stimulus resulting in mass increase (hypertrophy)",
    "which is better?",
    "a long question that happens to end with a starred word like this one here econ*",
    'he said "',
    "a long natural language question about -something that is long",
    # Lucene's marks in a longer query are punctuation: tildes, carets, plus signs, slashes.
    "what is the distance of about ~5 km from the coast",
    "the rule that x^2 plus y^2 is the square of the hypotenuse",
    "papers on internal /slip flow/ heat transfer studies .",
    "approx. 5~10 years", "C++ programming", "e-mail and the web", "which is better?", "what?",
    # Pasted prose (an abstract, as CISI's queries are): its quotes are quotations, not phrases.
    'The program uses pattern recognition. During the "training" phase, words are counted.',
    'Authors are the units of analysis. Their "distances" from each other are measured.',
])
def test_natural_text_is_plain(text):
    assert not is_syntax(text)


def test_plain_text_weights_repeated_words(parser):
    parsed, clauses = parser.parse("information retrieval of information about retrieval of information")
    assert clauses == []
    assert isinstance(parsed, FieldedTerms)
    assert parsed.weights == {"inform": 3.0, "retriev": 2.0}
    assert parsed.fieldnames == ("title", "body")


def test_keyword_queries_need_every_word_natural_text_does_not(parser):
    for text in ["oil", "oil prices", "the price of oil", "South Korea"]:
        parsed, _ = parser.parse(text)
        assert isinstance(parsed, FieldedTerms) and parsed.every_word, text
    for text in ["the price of crude oil", "what problems arise in retrieving articles"]:
        parsed, _ = parser.parse(text)
        assert isinstance(parsed, FieldedTerms) and not parsed.every_word, text


def test_trailing_question_mark_and_star_in_natural_text_are_not_wildcards(parser):
    parsed, _ = parser.parse("What problems arise in retrieving articles from approximate titles?")
    assert isinstance(parsed, FieldedTerms)
    assert "titl" in parsed.weights
    assert not any(isinstance(q, query.Wildcard) for q in parsed.leaves())
    long_star, _ = parser.parse("how are pressure distributions measured on slender wings in hypersonic flow*")
    assert isinstance(long_star, FieldedTerms) and "flow" in long_star.weights


def test_question_mark_in_syntax_is_dropped_not_a_wildcard(parser):
    parsed, _ = parser.parse('"security talks" held where?')
    assert not any(isinstance(q, query.Wildcard) for q in parsed.leaves())
    assert any(isinstance(q, query.Phrase) for q in parsed.leaves())


def test_phrases_fields_and_operators_still_parsed(parser):
    phrase, _ = parser.parse('"security talks"')
    phrases = [q for q in phrase.leaves() if isinstance(q, query.Phrase)]
    assert phrases and all(q.words == ["secur", "talk"] for q in phrases)
    title, _ = parser.parse("title:rice")
    assert title == query.Term("title", "rice")
    both, _ = parser.parse("Japan AND Vietnam")
    assert isinstance(both, query.And)
    assert [q.weights for q in both.subqueries] == [{"japan": 1.0}, {"vietnam": 1.0}], "bare words score as BM25F"
    negated, _ = parser.parse("Japan NOT Vietnam")
    assert any(isinstance(q, query.Not) for q in negated.children())
    prefix, _ = parser.parse("econ*")
    assert prefix == Pattern(TEXT_FIELDS, "econ*")


@pytest.mark.parametrize("text, parsed", [
    # Wildcards: lower case and accents folded, never stemmed; one leaf over both text fields.
    ("econ*", Pattern(TEXT_FIELDS, "econ*")),
    ("ÉCONOMIES*", Pattern(TEXT_FIELDS, "economies*")),
    ("wom?n", Pattern(TEXT_FIELDS, "wom?n")),
    ("title:econ*", Pattern(("title",), "econ*")),
    ("econ*^2", Pattern(TEXT_FIELDS, "econ*", boost=2.0)),
    # Fuzzy words: analysed as the index's words; ~ alone is Lucene's 2 edits.
    ("kishida~", Fuzzy(TEXT_FIELDS, "kishida", edits=2)),
    ("Kíshida~1", Fuzzy(TEXT_FIELDS, "kishida", edits=1)),
    ("KISHIDA~0", Fuzzy(TEXT_FIELDS, "kishida", edits=0)),
    ("elections~1", Fuzzy(TEXT_FIELDS, "elect", edits=1)),
    ("kishida~^2", Fuzzy(TEXT_FIELDS, "kishida", edits=2, boost=2.0)),
    ("body:kishida~1^3", Fuzzy(("body",), "kishida", edits=1, boost=3.0)),
    # Proximity: ~N moves; ~0 is the exact phrase.
    ('"japan vietnam"~5', query.Or([Proximity("title", ["japan", "vietnam"], slop=5),
                                    Proximity("body", ["japan", "vietnam"], slop=5)])),
    ('"japan vietnam"~0', query.Or([query.Phrase("title", ["japan", "vietnam"]),
                                    query.Phrase("body", ["japan", "vietnam"])])),
    # + makes the other words optional; - alone is NOT.
    ("+trade japan", query.AndMaybe(FieldedTerms(TEXT_FIELDS, {"trade": 1.0}),
                                    FieldedTerms(TEXT_FIELDS, {"japan": 1.0}))),
    ("-china", query.Not(FieldedTerms(TEXT_FIELDS, {"china": 1.0}))),
    ("trade -china", query.AndNot(FieldedTerms(TEXT_FIELDS, {"trade": 1.0}),
                                  FieldedTerms(TEXT_FIELDS, {"china": 1.0}))),
    # Boosts stay on their clause: an OR of words stays words, each scored over both fields.
    ("japan^2 OR trade", query.Or([FieldedTerms(TEXT_FIELDS, {"japan": 1.0}, boost=2.0),
                                   FieldedTerms(TEXT_FIELDS, {"trade": 1.0})])),
    # A boosted AND inside an AND: its words carry its boost, the clause after it none.
    ("(japan trade)^2 AND summit", query.And([FieldedTerms(TEXT_FIELDS, {"japan": 1.0}, boost=2.0),
                                              FieldedTerms(TEXT_FIELDS, {"trade": 1.0}, boost=2.0),
                                              FieldedTerms(TEXT_FIELDS, {"summit": 1.0})])),
])
def test_lucene_syntax_parsed(parser, text, parsed):
    assert parser.parse(text)[0] == parsed


@pytest.mark.parametrize("text, message", [
    ("/kish.da/", "regular expressions are not supported"),
    ("title:/kish.da/ AND trade", "regular expressions are not supported"),
    ("date:>2023", r"date:>2023: comparisons are not supported; write a range: date:\[2023 to\]"),
    ("title:>m", "comparisons are not supported; ranges work on dates only"),
    ("title:[a to b]", "a range works on dates only"),
    ("[a TO b]", "a range works on dates only"),
    ("trade && japan", "write the operators as AND, OR and NOT"),
    ("trade || japan", "write the operators as AND, OR and NOT"),
    ("!china", "write the operators as AND, OR and NOT"),
    ("title:date:econ*", r"title:date:econ\*: a field holds words, not another field; search one field at a "
                         r"time: title:econ\* or date:…"),
    ("trade body:title:", r"body:title:: .* one field at a time: body:trade or title:…"),
    ("(date:title:oil)", "a field holds words, not another field"),
    ("kishida~3", "kishida~3: a fuzzy word takes a whole number of edits, at most 2: kishida~ allows 2"),
    ("kishida~0.8", "a whole number of edits"),
    ("kishida~~", "a whole number of edits"),
    ('"japan vietnam"~x', "a whole number"),
    ('"econ* growth"', "a wildcard does not work inside quotes"),
    ("person:kish*", "person: finds names holding every word given"),
    ("country:japan~", "country: finds names holding every word given"),
    ('person:"fumio kishida"~2', "person: finds names holding every word given"),
])
def test_lucene_syntax_not_offered_gets_a_message(parser, text, message):
    with pytest.raises(QueryError, match=message):
        parser.parse(text)


def test_brackets_holding_words_are_words(parser):
    parsed, _ = parser.parse('"state visit" [to be confirmed]')
    assert FieldedTerms(TEXT_FIELDS, {"confirm": 1.0}) in parsed.children()


def test_entity_clauses_are_taken_out(parser):
    parsed, clauses = parser.parse('country:"south korea" security talks')
    assert [(c.field, c.text) for c in clauses] == [("country", "south korea")]
    assert isinstance(parsed, FieldedTerms) and set(parsed.weights) == {"secur", "talk"}
    only, clauses = parser.parse("person:kishida")
    assert isinstance(only, query.Every) and clauses[0].text == "kishida"


@pytest.mark.parametrize("text", [
    "trade NOT country:japan", "trade -country:japan", "trade !country:japan", "japan OR country:vietnam",
    "country:vietnam OR japan", "country:japan || trade", "(trade source:vna)", '(person:"Fumio Kishida" OR japan)',
    "(rice AND (trade OR person:kishida))",
])
def test_a_name_clause_that_cannot_narrow_the_whole_search_gets_a_message(parser, text):
    """A clause is a filter on the whole search: read as one, "NOT country:japan" would find Japan's articles."""
    with pytest.raises(QueryError, match="narrows the whole search"):
        parser.parse(text)


@pytest.mark.parametrize("text, clause", [
    ("+country:japan trade", EntityClause("country", "japan")),
    ("trade AND country:japan", EntityClause("country", "japan")),
    ("(trade OR rice) country:japan", EntityClause("country", "japan")),
    ("trade source:vna)", EntityClause("source", "vna")),  # a stray bracket is not part of the name
    ('country:"south korea" (trade OR rice)', EntityClause("country", "south korea")),
])
def test_a_name_clause_beside_the_words_narrows_the_search(parser, text, clause):
    assert parser.parse(text)[1] == [clause]


@pytest.mark.parametrize("text", [
    '"unbalanced', "AND OR", "title:", "((", "NOT", "*", "?", ":", "date:[", "a" * 999, "title:(", '""',
    "x AND", "OR y", "date:[2020 to", "((a OR b)", "title:\"x", "NOT NOT NOT", "^2", "a^b", "~", "te?t*",
    "+", "-", "+ -", "*?*", "~1", "trade ^2", "a~ b~", "(+)", "-(", "/", "//", "/a", "[", "{a TO",
    "title:[a", "a ! b", "x AND /",
])
def test_malformed_syntax_never_raises(parser, text):
    parsed, _ = parser.parse(text)
    assert isinstance(parsed, query.Query), "a query the searcher can run, whatever was typed"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(['"', "(", ")", "*", "?", "~", "~1", "^2", "+", "-", "!", "/", "[", "]", "{", "}",
                                 ":", " ", "AND", "OR", "NOT", "TO", "to", "title:", "date:", "person:", "japan",
                                 "trade", "2023", "0.5", "&&"]), max_size=12))
def test_any_text_parses_or_gets_a_message(parser, pieces):
    try:
        parsed, _ = parser.parse("".join(pieces))
    except QueryError as error:
        assert str(error)
    else:
        assert isinstance(parsed, query.Query)


# Ranking on a small index ------------------------------------------------------------------

DOCS = [
    ("Wing flutter", "flutter of a swept wing at transonic speed"),
    ("Heat transfer", "heat transfer to a flat plate in hypersonic flow"),
    ("Boundary layers", "the boundary layer of a flat plate with heat transfer and heat flux, heat"),
    ("Panels", "flutter of flat panels"),
    ("Shells", "buckling of thin cylindrical shells under pressure"),
]


def index_of(folder, docs):
    """The search index of ``docs`` ((title, text) pairs), written as one JSON-lines file in ``folder``."""
    with open(folder / "docs.jsonl", "w", encoding="utf-8") as handle:
        for title, text in docs:
            handle.write(json.dumps({"title": title, "text": text}) + "\n")
    reindex([folder], folder / "index", jobs=1, progress=False)
    return IndexHandle(folder / "index").get()


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    return index_of(tmp_path_factory.mktemp("small"), DOCS)


def test_repeating_a_query_word_raises_its_weight_in_the_ranking(small_index):
    def scores(q):
        return {hit.title: hit.score for hit in small_index.search(SearchRequest(q)).hits}

    # Natural text (more than four words), so an article needs only one of the words.
    once = scores("the flutter of flat plates")
    thrice = scores("the flutter flutter flutter of flat plates")
    assert thrice["Wing flutter"] / thrice["Heat transfer"] > 1.5 * once["Wing flutter"] / once["Heat transfer"]
    assert max(thrice, key=thrice.get) in {"Wing flutter", "Panels"}
    assert max(once, key=once.get) != "Wing flutter"


# Fourteen articles with both words (more than a page of results), five with each one alone.
KEYWORD_DOCS = ([(f"Crude oil prices, day {n}", "Oil prices rose again in Asian trading.") for n in range(12)]
                + [("Trading day", "Oil prices climbed as traders bought."),
                   ("Trading day", "Prices climbed as traders bought oil.")]
                + [(f"Oil output {n}", "The cartel kept its oil output steady.") for n in range(5)]
                + [(f"Gold price {n}", "Prices of gold fell.") for n in range(5)])


@pytest.fixture(scope="module")
def keyword_index(tmp_path_factory):
    return index_of(tmp_path_factory.mktemp("keywords"), KEYWORD_DOCS)


def test_a_keyword_query_finds_the_articles_with_every_word(keyword_index):
    for text in ["oil prices", "the OIL Price", "prices oil"]:  # after stemming and case folding, in any order
        result = keyword_index.search(SearchRequest(text, page_size=100))
        assert result.total == 14 and result.words_matched is None, text
        assert all("oil prices" in hit.title or hit.title == "Trading day" for hit in result.hits)
    assert keyword_index.search(SearchRequest("oil")).total == 19
    # Natural language needs one of its words: 14 + 5 + 5.
    assert keyword_index.search(SearchRequest("what happened to the price of oil")).total == 24


def test_keyword_words_standing_together_rank_higher(keyword_index):
    # The two "Trading day" articles have the same words and lengths; in one "oil prices" stand together.
    for text in ["oil prices", "prices oil"]:
        hits = [hit for hit in keyword_index.search(SearchRequest(text, page_size=100)).hits
                if hit.title == "Trading day"]
        assert [keyword_index.article(hit.id)["body"] for hit in hits] == [
            "Oil prices climbed as traders bought.", "Prices climbed as traders bought oil."], text
        assert hits[0].score > hits[1].score


def test_a_keyword_query_too_few_articles_match_in_full_finds_those_with_most_words(keyword_index):
    result = keyword_index.search(SearchRequest("oil zeppelin", page_size=100))
    assert result.total == 19 and result.words_matched == (1, 2), "zeppelin is in no article"
    assert result.to_json()["words_matched"] == {"at_least": 1, "of": 2}
    # No article holds all three; nineteen hold two (oil and prices, oil and output), gold's one.
    result = keyword_index.search(SearchRequest("oil output prices", page_size=100))
    assert result.words_matched == (2, 3) and result.total == 19
    assert keyword_index.search(SearchRequest("oil prices")).to_json()["words_matched"] is None


def test_natural_text_finds_the_articles_with_any_word(small_index):
    result = small_index.search(SearchRequest("heat transfer in hypersonic flow over panels"))
    assert {hit.title for hit in result.hits} == {"Heat transfer", "Boundary layers", "Panels"}
    assert result.hits[0].title == "Heat transfer", "the article with the most words ranks first"


def test_upper_case_natural_query_is_not_an_and(small_index):
    # Read as syntax this would be flutter AND buckling AND thin AND shells, which no article is.
    assert small_index.search(SearchRequest("FLUTTER AND BUCKLING OF THIN SHELLS")).total == 3


# Ranking quality on a shared collection ----------------------------------------------------

def test_bm25f_beats_raw_whoosh_on_med(tmp_path):
    """MED (1,033 abstracts): MAP at or above every BM25 baseline measured (SQLite FTS5: 0.532)."""
    collection = require_shared(SHARED_DATA / "ir" / "med")
    sys.path.insert(0, str(REPO / "bench"))
    import relevance

    result = relevance.run_collection(os.fspath(collection), os.fspath(tmp_path / "index"))
    assert result["queries"] == 30
    assert result["map"] >= 0.532


def test_a_query_of_stop_words_only_searches_for_nothing(parser):
    assert parser.parse("the of and")[0] is query.NullQuery
    assert parser.parse("The   OF")[0] is query.NullQuery


def test_a_date_clause_keeps_its_boost_and_has_none_without_one(parser):
    plain, boosted = parser.parse("date:2023")[0], parser.parse("date:2023^2")[0]
    assert isinstance(plain, query.DateRange) and plain.boost == 1.0
    assert boosted == plain.with_boost(2.0) and boosted.boost == 2.0


def test_a_date_range_may_start_and_end_on_the_same_moment(parser):
    """"noon" is one moment, not a span: a range from it to itself holds that moment, it does not end
    before it starts."""
    parsed = parser.parse("date:[noon to noon]")[0]
    assert parsed.startdate == parsed.enddate


def test_a_date_without_its_year_is_in_the_current_year(parser):
    parsed = parser.parse("date:[17 march to]")[0]
    assert parsed.startdate == datetime(datetime.now().year, 3, 17) and parsed.enddate is None


def test_yesterday_is_the_whole_of_yesterday(parser):
    yesterday = date.today() - timedelta(days=1)
    parsed = parser.parse("date:yesterday")[0]
    assert isinstance(parsed, query.DateRange)
    assert (parsed.startdate, parsed.enddate) == (datetime.combine(yesterday, time.min),
                                                  datetime.combine(yesterday, time.max))


@pytest.mark.parametrize("text", ["title:oil date:1987", "meeting at 10:30:00", "title:oil body:date",
                                  "date: title:oil"])
def test_fields_side_by_side_and_colons_in_words_are_not_a_field_inside_a_field(parser, text):
    parser.parse(text)  # no QueryError
