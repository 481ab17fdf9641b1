"""A text file as big as the default size limit (20 MB) is indexed, in work that grows linearly with
its size and with no wall-clock limit anywhere; a bigger one is refused with a message naming the option.

No test here measures time: linearity is shown by what the code does, counted. The word pattern
reads each stretch of text once, in pieces of bounded length, and a snippet looks at each matched
word a bounded number of times.
"""

from __future__ import annotations

import importlib.util

import pytest
from helpers import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.index.reindex import process_file
from indexer.readers import DEFAULT_MAX_BYTES, SkipFile, read_file
from indexer.search import snippets
from indexer.search.snippets import make_snippet
from indexer.text import analysis
from indexer.text.analysis import NltkWordTokenizer, index_terms, term_of

_spec = importlib.util.spec_from_file_location("bench_large_files", REPO / "bench" / "large_files.py")
large_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(large_files)


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    """20 MB of news-like text, exactly the default limit: paragraphs, a few 200 kB lines, one line with no space."""
    path = tmp_path_factory.mktemp("large") / "news.txt"
    path.write_text(large_files.news_like_text(DEFAULT_MAX_BYTES), encoding="utf-8")
    assert path.stat().st_size == DEFAULT_MAX_BYTES
    return path


@pytest.fixture(scope="module")
def big_body(big_file):
    [article] = read_file(str(big_file))
    return article.body


class RecordingPattern:
    """Stands in for ``analysis.WORDS``: records the stretch of text each call reads and counts the
    calls made on the matches it returns."""

    def __init__(self, pattern, count_match_calls=False):
        self.pattern = pattern
        self.pieces: list[tuple[int, int]] = []
        self.matches = 0
        self.match_calls = 0
        self.count_match_calls = count_match_calls

    def finditer(self, text, pos, endpos):
        self.pieces.append((pos, endpos))
        for match in self.pattern.finditer(text, pos, endpos):
            self.matches += 1
            yield CountedMatch(match, self) if self.count_match_calls else match

    def match(self, text, pos):
        self.pieces.append((pos, pos))
        found = self.pattern.match(text, pos)
        self.matches += found is not None
        return CountedMatch(found, self) if self.count_match_calls and found else found

    def findall(self, text, pos, endpos):
        self.pieces.append((pos, endpos))
        return self.pattern.findall(text, pos, endpos)


class CountedMatch:
    def __init__(self, match, recorder):
        self._match, self._recorder = match, recorder

    def __getattr__(self, name):
        self._recorder.match_calls += 1
        return getattr(self._match, name)


def test_a_file_at_the_size_limit_is_read_analysed_and_its_people_and_countries_found(big_file):
    outcome = process_file(str(big_file))
    assert outcome.skipped == ""
    [document] = outcome.documents
    assert {"Fumio Kishida", "Truong Thi Mai"} <= set(document["person"])
    assert {"Vietnam", "Japan"} <= set(document["country"])
    postings = {term: frequency for term, frequency, _, _ in document["body"]}
    assert postings[b"kishida"] > 10_000 and postings[b"u.s."] > 10_000


@pytest.mark.parametrize("reader", [
    pytest.param(lambda text: list(NltkWordTokenizer()(text)), id="tokenizer"),
    pytest.param(index_terms, id="index_terms"),
    pytest.param(lambda text: make_snippet(text, frozenset(["no-such-word"])), id="snippet"),
])
def test_the_word_pattern_reads_a_big_text_once_in_bounded_pieces(big_body, monkeypatch, reader):
    recorder = RecordingPattern(analysis.WORDS)
    monkeypatch.setattr(analysis, "WORDS", recorder)
    reader(big_body)
    starts = [start for start, _ in recorder.pieces]
    ends = [end for _, end in recorder.pieces]
    # The pieces tile the text: every character is read by exactly one call, none twice.
    assert starts[0] == 0 and ends[-1] == len(big_body) and starts[1:] == ends[:-1]
    # Each call reads a bounded stretch, so the number of calls, and the work, is proportional to the size.
    assert max(end - start for start, end in recorder.pieces) <= analysis.CHUNK_CHARS
    assert len(recorder.pieces) <= 2 * len(big_body) / analysis.CHUNK_CHARS + 1


@pytest.mark.parametrize("sentence, words_read", [
    # ASCII: only the words opening with a query term's first letters are read (2 of the 4 a sentence).
    ("Kishida said trade rose.", 4000),
    # Accented text is read word by word: folding may change a word's first letters.
    ("Kishida said trade rosé.", 8000),
])
def test_a_snippet_looks_at_each_matched_word_a_bounded_number_of_times(monkeypatch, sentence, words_read):
    text = " ".join([sentence] * 2000)
    terms = frozenset(index_terms("Kishida trade"))
    recorder = RecordingPattern(analysis.WORDS, count_match_calls=True)
    monkeypatch.setattr(analysis, "WORDS", recorder)
    snippet = make_snippet(text, terms)
    assert snippet.startswith("<mark>Kishida</mark> said <mark>trade</mark>")
    assert recorder.matches == words_read
    # Scoring every window against every later match made this grow with the square of the matches.
    assert recorder.match_calls <= 20 * recorder.matches


def test_a_file_over_the_limit_is_refused_with_the_option_that_raises_it(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Title\n" + b"word " * 300_000)
    with pytest.raises(SkipFile) as refused:
        read_file(str(path), max_bytes=1 * 2**20)
    assert str(refused.value) == ("file is 1,500,006 bytes (1.44 MB), over the 1 MB limit: "
                                  "raise it with --max-file-mb")


def reference_snippet(text, terms, maxchars):
    """The snippet as first written: every window scored against every later match (quadratic)."""
    matches = [m for m in analysis.WORDS.finditer(text) if term_of(m.group()) in terms]
    if not matches:
        return snippets._window(text, 0, maxchars, [])
    best_start, best_score = 0, -1
    for i, first in enumerate(matches):
        inside = [m for m in matches[i:] if m.end() <= first.start() + maxchars - snippets._LEAD_IN]
        score = 10 * len({term_of(m.group()) for m in inside}) + len(inside)
        if score > best_score:
            best_start, best_score = first.start(), score
    return snippets._window(text, snippets._start_before(text, best_start), maxchars, matches)


@settings(max_examples=1000, deadline=None)
@given(words=st.lists(st.sampled_from(["Japan", "Vietnam", "trade", "rice", "a", "Kishida", "said", "x" * 70,
                                       "trading", "U.S."]), max_size=80),
       gaps=st.lists(st.sampled_from([" ", ". ", "\n\n", ", ", " — "]), min_size=80, max_size=80),
       query=st.sets(st.sampled_from(["japan", "vietnam", "trade", "kishida", "xxx"]), max_size=4),
       maxchars=st.integers(50, 240))
def test_the_one_pass_snippet_picks_the_window_the_quadratic_one_did(words, gaps, query, maxchars):
    text = "".join(word + gap for word, gap in zip(words, gaps, strict=False))
    terms = frozenset(index_terms(" ".join(query)) + (["x" * 70] if "xxx" in query else []))
    assert make_snippet(text, terms, maxchars) == reference_snippet(text, terms, maxchars)


def test_a_snippet_reads_only_the_start_of_a_big_text_that_holds_the_words(big_body, monkeypatch):
    recorder = RecordingPattern(analysis.WORDS)
    monkeypatch.setattr(analysis, "WORDS", recorder)
    snippet = make_snippet(big_body, frozenset(["kishida"]))
    assert "<mark>Kishida</mark>" in snippet
    assert recorder.pieces[0][0] == 0
    assert recorder.pieces[-1][1] <= snippets.SCAN_CHARS + analysis.CHUNK_CHARS < len(big_body)


def test_a_word_found_only_at_the_end_of_a_big_text_is_still_marked():
    text = "Plain words of no interest here. " * 20_000 + "At last Kishida spoke."
    assert len(text) > 4 * snippets.SCAN_CHARS
    assert "<mark>Kishida</mark> spoke" in make_snippet(text, frozenset(["kishida"]))


@pytest.mark.parametrize("text, words_read", [
    # One 300 kB word made of a query word: a place where "trade" starts inside it opens no word, and
    # the word is read once, not once a place.
    ("trade" * 60_000, 1),
    # 10,000 query words glued by full stops (60 kB, inside the part a snippet scans): each read once.
    (".trade" * 10_000, 10_000),
])
def test_a_snippet_reads_a_long_unbroken_stretch_once(monkeypatch, text, words_read):
    recorder = RecordingPattern(analysis.WORDS)
    monkeypatch.setattr(analysis, "WORDS", recorder)
    make_snippet(text, frozenset(index_terms("trade")))
    assert recorder.matches == words_read
