import pickle

import pytest
from helpers import REUTERS, SEED_FILES, require_shared
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize import RegexpTokenizer

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
