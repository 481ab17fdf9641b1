from indexer.search.snippets import make_snippet


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
