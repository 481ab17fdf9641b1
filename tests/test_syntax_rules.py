"""Rules of indexer/search/syntax.py on small hand-made cases: the words a prefix finds through their stems,
the nodes left to Whoosh, and how the query nodes of the new syntax read as text and copy themselves.

With ``test_syntax.py`` (its Reuters brute-force tests aside), these are the module's own tests for
``bench/mutation.py``.
"""

from collections import OrderedDict

import pytest
from helpers import search_index_of
from whoosh import query

from indexer.search import QueryError, SearchRequest, syntax
from indexer.text.analysis import term_of

# A prefix that stops inside a word's ending, where the index holds the word as a stem shorter than the
# prefix (Snowball: tremendous is "tremend", criticism "critic", successful "success"): the prefix alone
# begins no index term of the word, so only its completion by the ending finds the word.
PREFIXES = [
    ("droppe", "dropped"),  # ed
    ("lyin", "lying"),  # ing
    ("responsib", "responsibly"),  # ly
    ("possibil", "possibility"),  # ity
    ("representat", "representative"),  # ive
    ("weakn", "weakness"),  # ness
    ("tremendo", "tremendous"),  # ous
    ("optimis", "optimism"),  # ism
    ("usef", "useful"),  # ful
]


@pytest.fixture(scope="module")
def stemmed(tmp_path_factory):
    return search_index_of(tmp_path_factory.mktemp("stemmed"), [
        {"title": f"Article {n}", "text": f"Traders spoke of {word} moves."} for n, (_, word) in enumerate(PREFIXES)])


@pytest.mark.parametrize("n, prefix, word", [(n, prefix, word) for n, (prefix, word) in enumerate(PREFIXES)])
def test_a_prefix_inside_an_ending_finds_the_word_it_begins(stemmed, n, prefix, word):
    assert word.startswith(prefix)
    titles = [hit.title for hit in stemmed.search(SearchRequest(f"{prefix}*", page_size=50)).hits]
    assert f"Article {n}" in titles, f"{prefix}* begins {word}"


def test_stems_begun_by_a_prefix_inside_an_ending():
    # The same words, asked of the function itself: the word as the index holds it is among the stems.
    for prefix, word in PREFIXES:
        held = term_of(word)
        assert not held.startswith(prefix) and held in syntax.stems_begun_by(prefix), (prefix, word, held)


def test_a_word_of_a_field_it_does_not_score_is_left_to_whoosh(stemmed):
    """``id`` is no text field: the rank postings hold nothing of it, so Whoosh must match it."""
    article_id = stemmed.search(SearchRequest("tremendous")).hits[0].id
    by_id = query.Term("id", article_id)
    assert syntax.all_scores(by_id, stemmed.searcher) is None
    assert [stemmed.searcher.stored_fields(docnum)["id"] for docnum in stemmed.searcher.search(by_id).docs()] == [
        article_id]


def test_a_proximity_phrase_reads_as_written():
    assert str(syntax.Proximity("body", ["japan", "vietnam"], slop=5)) == 'body:"japan vietnam"~5'
    assert str(syntax.Proximity("title", ["bank", "interest", "rate"], slop=0)) == 'title:"bank interest rate"~0'


def test_a_pattern_or_fuzzy_word_reads_as_written_with_its_fields_and_boost():
    assert str(syntax.Pattern(("title", "body"), "econ*")) == "(title|body):econ*"
    assert str(syntax.Pattern(("title",), "wom?n", boost=2.0)) == "(title):wom?n^2"
    assert str(syntax.Pattern(("body",), "econ*", boost=0.5)) == "(body):econ*^0.5"
    assert str(syntax.Fuzzy(("title", "body"), "kishida", edits=1)) == "(title|body):kishida~1"
    assert syntax.Pattern(("body",), "econ*").typed() == "econ*"
    assert syntax.Fuzzy(("body",), "kishida").typed() == "kishida~2"  # Lucene's default edits


def test_an_expansion_in_one_field_names_it_and_in_several_none():
    assert syntax.Pattern(("title",), "econ*").field() == "title"
    assert syntax.Fuzzy(("body",), "kishida", edits=1).field() == "body"
    assert syntax.Pattern(("title", "body"), "econ*").field() is None


def test_an_expansion_moved_to_other_fields_is_a_copy_with_the_rest_kept():
    one = syntax.Fuzzy(("title",), "kishida", edits=1, boost=3.0)
    both = one.in_fields(["title", "body"])
    assert both == syntax.Fuzzy(("title", "body"), "kishida", edits=1, boost=3.0)
    assert one.fieldnames == ("title",), "the original is unchanged"
    pattern = syntax.Pattern(("body",), "econ*").in_fields(("title",))
    assert (type(pattern), pattern.fieldnames, pattern.text) == (syntax.Pattern, ("title",), "econ*")


def folder(tmp_path, name: str):
    (tmp_path / name).mkdir()
    return tmp_path / name


def test_a_pattern_may_stand_for_as_many_words_as_the_cap_and_no_more(tmp_path):
    def codes(name: str, count: int):
        return search_index_of(folder(tmp_path, name), [{"title": "Codes", "text": " ".join(
            f"zq{n:04d}" for n in range(count))}])

    at_cap = codes("at", 1000)
    assert at_cap.search(SearchRequest("zq*")).total == 1  # zq0000 to zq0999: 1,000 words
    over = codes("over", 1001)
    with pytest.raises(QueryError) as refused:
        over.search(SearchRequest("zq*"))
    assert str(refused.value) == ("zq* stands for more than 1,000 different words of the index; "
                                  "write more of the word before the * or ?")


def test_a_fuzzy_word_standing_for_more_words_than_the_cap_is_refused_saying_how_to_narrow_it(tmp_path):
    # Two letters of zqxwv changed, in four pairs of places: 4 x 17 x 17 words (consonants other than s and y,
    # which no stemmer shortens), all two edits from zqxwv and longer than that: far more than 1,000.
    letters = "bcdfghjklmnpqrtvw"
    words = {"zqxwv"[:i] + a + "zqxwv"[i + 1:j] + b + "zqxwv"[j + 1:]
             for i, j in ((0, 1), (1, 2), (2, 3), (3, 4)) for a in letters for b in letters}
    index = search_index_of(tmp_path, [{"title": "Codes", "text": " ".join(sorted(words))}])
    with pytest.raises(QueryError) as refused:
        index.search(SearchRequest("zqxwv~2"))
    assert str(refused.value) == ("zqxwv~2 stands for more than 1,000 different words of the index; "
                                  "allow fewer edits (word~1) or write a longer word")


def test_a_word_no_longer_than_the_edits_it_needs_is_no_match(tmp_path):
    # xa is two edits from tax (tax -> ax -> xa: a letter dropped, two swapped) and two letters long.
    index = search_index_of(tmp_path, [{"title": "Tax", "text": "tax"}, {"title": "Xa", "text": "xa"},
                                       {"title": "Tux", "text": "tux"}])
    assert sorted(hit.title for hit in index.search(SearchRequest("tax~2")).hits) == ["Tax", "Tux"]


def test_expansions_show_what_they_are():
    assert repr(syntax.Fuzzy(("body",), "kishida", edits=1)) == "Fuzzy(('body',), 'kishida', edits=1, boost=1.0)"
    assert repr(syntax.Pattern(("title", "body"), "econ*", boost=2.0)) == \
        "Pattern(('title', 'body'), 'econ*', boost=2.0)"


def test_the_vocabularies_kept_are_the_most_recently_used(tmp_path, monkeypatch):
    monkeypatch.setattr(syntax, "_vocabularies", OrderedDict())
    readers = [search_index_of(folder(tmp_path, name), [{"title": f"{name} title", "text": f"{name} text"}])
               .searcher.reader() for name in ("one", "two", "three")]
    first = syntax.vocabulary(readers[0], "title")
    assert syntax.vocabulary(readers[0], "title") is first, "read once, then kept"
    for reader, fieldname in [(readers[0], "body"), (readers[1], "title"), (readers[1], "body")]:
        syntax.vocabulary(reader, fieldname)
    assert syntax.vocabulary(readers[0], "title") is first  # four kept: now the most recently used
    syntax.vocabulary(readers[2], "title")  # a fifth: the least recently used (the first's body) goes
    assert syntax.vocabulary(readers[0], "title") is first
    assert len(syntax._vocabularies) == syntax.VOCABULARIES_KEPT


def test_the_refusal_of_a_loose_pattern_names_it(tmp_path):
    index = search_index_of(tmp_path, [{"title": "Codes", "text": " ".join(f"zq{n:04d}" for n in range(1, 1002))}])
    with pytest.raises(QueryError) as refused:
        index.search(SearchRequest("zq*"))
    assert str(refused.value).startswith("zq* stands for more than 1,000 different words of the index; write more")


@pytest.mark.parametrize("q", ["title:date:econ*", "title:date:2023econ*", "title:date:econ~1", "body:date:wom?n"])
def test_a_field_name_after_another_is_refused_with_a_message(stemmed, q):
    # Parsed, it would put the word on the date field, whose terms are dates: the search would find
    # nothing and say nothing (the expansion below is what keeps it from failing).
    with pytest.raises(QueryError, match=r"a field holds words, not another field; search one field at a time"):
        stemmed.search(SearchRequest(q))


def test_an_expansion_stands_for_words_of_the_text_fields_only(stemmed):
    reader = stemmed.searcher.reader()
    assert syntax.Pattern(("date",), "1*").index_terms(reader) == []
    assert syntax.Pattern(("date", "body"), "tremendo*").index_terms(reader) == ["tremend"]
