import pickle

import pytest
import regex
from helpers import REUTERS, SEED_FILES, require_shared
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize import RegexpTokenizer
from whoosh.analysis import Filter, RegexTokenizer

from indexer.readers import read_file
from indexer.text import analysis
from indexer.text.analysis import WORD_PATTERN, NltkWordTokenizer, fold_accents, news_analyzer


def terms(text):
    return [token.text for token in news_analyzer()(text)]


def test_accents_fold_including_d_with_stroke():
    assert fold_accents("Nguyễn Phú Trọng") == "Nguyen Phu Trong"
    assert fold_accents("Đà Nẵng") == "Da Nang"
    assert terms("Nguyễn Phú Trọng") == terms("Nguyen Phu Trong") == ["nguyen", "phu", "trong"]


def test_stemming_and_stop_words():
    assert terms("The leaders were meeting") == ["leader", "meet"]
    assert terms("negotiations") == terms("negotiation")


def test_tokens_keep_abbreviations_numbers_and_split_hyphens():
    assert terms("U.S. exports rose 3.5 pct to 1,000 tonnes in Viet-Nam") == [
        "u.s.", "export", "rose", "3.5", "pct", "1,000", "tonn", "viet", "nam"]


def test_positions_and_offsets_for_phrases_and_highlighting():
    text = "Prime Minister Fumio Kishida"
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in news_analyzer()(text, positions=True, chars=True)]
    assert tokens == [("prime", 0, 0, 5), ("minist", 1, 6, 14), ("fumio", 2, 15, 20), ("kishida", 3, 21, 28)]
    for _, _, start, end in tokens:
        assert text[start:end].strip() == text[start:end]


def test_analyzer_survives_pickling_for_worker_processes():
    analyzer = pickle.loads(pickle.dumps(news_analyzer()))
    assert [t.text for t in analyzer("Running quickly")] == ["run", "quick"]


def test_index_terms_and_term_of_agree_with_the_analyzer():
    from indexer.text.analysis import index_terms, term_of

    text = ("Prime Minister Kishida Fumio's talks with Nguyễn Phú Trọng on U.S. trade, 3.5 pct growth; "
            "the O'Neill-era agreements were signed in Đà Nẵng.")
    assert index_terms(text) == terms(text)
    assert term_of("Meetings") == "meet" and term_of("the") is None


def nltk_spans(text):
    """The spans NLTK's own RegexpTokenizer gives for the analyzer's pattern (small texts only: it
    runs every call under a 5-second wall-clock limit)."""
    return list(RegexpTokenizer(WORD_PATTERN).span_tokenize(text))


def tokenizer_spans(text):
    return [(t.startchar, t.endchar) for t in NltkWordTokenizer()(text, chars=True)]


def test_tokens_are_nltks_on_the_seed_articles_and_reuters_stories():
    articles = [article for path in SEED_FILES for article in read_file(str(path))]
    for name in ("reut2-000.sgm", "reut2-013.sgm"):
        articles += read_file(str(require_shared(REUTERS / name)))
    texts = [text for article in articles for text in (article.title, article.body)]
    assert len(texts) > 2000
    for text in texts:
        assert tokenizer_spans(text) == nltk_spans(text)


# Words and the characters around which the pattern's choices turn, run together at random.
_TEXT_PARTS = ["a", "Z", "9", "é", "\u0301", "²", "_", ".", ",", "'", "’", " ", "\n", "-", "/", "U.S.", "3.5",
               "1,000", "O'Neill", "Trọng's"]


@settings(max_examples=1000, deadline=None)
@given(text=st.lists(st.sampled_from(_TEXT_PARTS), max_size=60).map("".join), chunk_chars=st.integers(1, 12))
def test_text_read_in_pieces_gives_the_tokens_of_the_whole(text, chunk_chars):
    expected = nltk_spans(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(analysis, "CHUNK_CHARS", chunk_chars)
        assert [m.span() for m in analysis.word_matches(text)] == expected
        assert list(analysis.words(text)) == [text[start:end] for start, end in expected]


def test_stop_words_are_marked_not_dropped_when_asked_and_the_words_after_them_still_stem():
    tokens = [(t.text, t.stopped) for t in news_analyzer()("The leaders were meeting", removestops=False)]
    assert tokens == [("the", True), ("leader", False), ("were", True), ("meet", False)]


def test_single_letters_are_words_unless_stop_words():
    assert terms("Plan B for a Vitamin D") == ["plan", "b", "vitamin", "d"]


def test_positions_and_offsets_continue_from_where_the_caller_says():
    tokens = [(t.text, t.pos, t.startchar, t.endchar, t.boost)
              for t in news_analyzer()("Trade talks", positions=True, chars=True, start_pos=5, start_char=100)]
    assert tokens == [("trade", 5, 100, 105, 1.0), ("talk", 6, 106, 111, 1.0)]


def test_the_original_word_is_kept_when_asked():
    assert [(t.original, t.text) for t in news_analyzer()("Leaders Meet", keeporiginal=True)] == [
        ("Leaders", "leader"), ("Meet", "meet")]


def test_a_value_not_to_be_tokenized_is_one_token():
    [token] = NltkWordTokenizer()("Viet Nam", tokenize=False, positions=True, chars=True, start_pos=3, start_char=10)
    assert (token.text, token.original, token.pos, token.startchar, token.endchar, token.boost) == (
        "Viet Nam", "Viet Nam", 3, 10, 18, 1.0)


def test_the_analyzer_stems_and_compares_equal_to_itself():
    """Whoosh compares the schema of an index with the one it is opened with, and asks whether a field
    changes word forms (morph) before it offers corrections."""
    assert NltkWordTokenizer() == NltkWordTokenizer() and NltkWordTokenizer() != RegexTokenizer()
    assert news_analyzer() == news_analyzer()
    assert news_analyzer().has_morph()


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(_TEXT_PARTS), max_size=60).map("".join), chunk_chars=st.integers(1, 12))
def test_text_is_read_in_stretches_of_at_most_chunk_chars_cut_after_a_break(text, chunk_chars):
    """Consecutive stretches covering the text; each but the last ends just after a character no word
    holds (none of \\w . , ' ’, \\w as NLTK's regex engine reads it); one is longer than the limit only
    when no such character lies within the limit."""
    breaks = {n for n, ch in enumerate(text) if regex.fullmatch(r"[^\w.,'’]", ch)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(analysis, "CHUNK_CHARS", chunk_chars)
        pieces = list(analysis._pieces(text))
    assert [start for start, _ in pieces] + [len(text)] == [0] + [end for _, end in pieces]
    assert all(start < end for start, end in pieces)
    assert all(end - 1 in breaks for _, end in pieces[:-1])
    assert all(end - start <= chunk_chars or not breaks & set(range(start, start + chunk_chars))
               for start, end in pieces)


class _MarkEachToken(Filter):
    """A filter that records every token as it arrives, then changes its boost and stop mark, as a
    later filter may: a tokenizer that reuses its token must set both again for the next word."""

    def __init__(self, seen):
        self.seen = seen

    def __call__(self, tokens):
        for token in tokens:
            self.seen.append(dict(vars(token)))
            token.boost, token.stopped = 2.0, True
            yield token


@pytest.mark.parametrize("flags", [
    {},
    {"positions": True},
    {"chars": True, "start_char": 7},
    {"keeporiginal": True},
    {"positions": True, "chars": True, "keeporiginal": True, "start_pos": 3, "mode": "query"},
    {"tokenize": False, "positions": True, "chars": True},
    {"tokenize": False},
])
def test_tokens_carry_the_same_attributes_as_whooshs_own_tokenizer(flags):
    """The Whoosh tokenizer interface, with its own RegexTokenizer over the same pattern as the
    specification: which attributes a token has for which flags, and what they hold."""
    text = "Trade talks resumed in Hanoi"
    ours, whooshs = [], []
    list((NltkWordTokenizer() | _MarkEachToken(ours))(text, **flags))
    list((RegexTokenizer(WORD_PATTERN) | _MarkEachToken(whooshs))(text, **flags))
    assert ours == whooshs
    assert ours and all(token["boost"] == 1.0 and not token["stopped"] for token in ours)
