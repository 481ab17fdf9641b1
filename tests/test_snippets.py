from indexer.search.snippets import make_snippet
from indexer.text.analysis import index_terms


def test_marks_every_form_of_a_query_word():
    html = make_snippet("Leaders met. The meeting of leaders in Hà Nội ended.", {"meet", "leader", "noi"})
    assert html == ("<mark>Leaders</mark> met. The <mark>meeting</mark> of <mark>leaders</mark> "
                    "in Hà <mark>Nội</mark> ended.")


def test_markup_in_the_text_is_escaped():
    html = make_snippet('<script>alert("x")</script> oil & gas', {"oil"})
    assert "<script>" not in html
    assert html == "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <mark>oil</mark> &amp; gas"


def test_long_text_shows_the_window_around_the_matches():
    text = "Filler words here. " * 40 + "The central bank raised interest rates today. " + "More filler. " * 40
    html = make_snippet(text, {"interest", "rate"}, maxchars=120)
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>interest</mark> <mark>rates</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= 130


def test_no_match_gives_the_lead():
    assert make_snippet("First words of the story and more.", set(), maxchars=20) == "First words of the …"
    assert make_snippet("Short.", {"absent"}) == "Short."


def test_a_word_is_marked_whole_or_not_at_all():
    # "Neill" inside "O'Neill" and "Trade" inside "Tradewinds" are no query words; "trade" glued after
    # "U.S.", "Trading", "TRADES" and "trade's" are forms of "trade".
    text = "O'Neill said Tradewinds and U.S.trade rose. Trading and TRADES grew, as did trade's share."
    got = make_snippet(text, frozenset(index_terms("neill trade")))
    assert got == ("O&#39;Neill said Tradewinds and U.S.<mark>trade</mark> rose. <mark>Trading</mark> and "
                   "<mark>TRADES</mark> grew, as did <mark>trade&#39;s</mark> share.")


def test_accented_and_plain_text_mark_the_same_words():
    plain = make_snippet("Nguyen Phu Trong met Kishida.", frozenset(index_terms("trong")))
    accented = make_snippet("Nguyễn Phú Trọng met Kishida.", frozenset(index_terms("trong")))
    assert "<mark>Trong</mark>" in plain and "<mark>Trọng</mark>" in accented
