import pickle

from indexer.analysis import fold_accents, news_analyzer


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
    from indexer.analysis import index_terms, term_of

    text = ("Prime Minister Kishida Fumio's talks with Nguyễn Phú Trọng on U.S. trade, 3.5 pct growth; "
            "the O'Neill-era agreements were signed in Đà Nẵng.")
    assert index_terms(text) == terms(text)
    assert term_of("Meetings") == "meet" and term_of("the") is None
