import pytest
from helpers import FIXTURES

from indexer.article import article_id
from indexer.readers import SkipFile, read_file
from indexer.readers.text import read
from indexer.readers.titles import title_from_paragraph


def test_seed_format_title_then_body():
    [article] = read_file(str(FIXTURES / "vna" / "vietnam-japan-leaders.txt"))
    assert article.title == "Party leader receives Japanese Prime Minister Kishida Fumio in Hanoi"
    assert article.body.startswith("Hanoi (VNA) – Party General Secretary Nguyen Phu Trong received")
    assert article.format == "text"
    assert len(article.id) == 16


def test_page_furniture_is_dropped_and_credit_becomes_source():
    [article] = read_file(str(FIXTURES / "vna" / "vietnam-japan-leaders.txt"))
    assert "VNA.jpg" not in article.body
    assert "Source:" not in article.body
    assert "(Photo: VNA)" not in article.body and "(R) receives" not in article.body, "captions are furniture"
    assert "Other news" not in article.body
    assert "investment forum" not in article.body, "the trailing link list is not article text"
    assert article.source == "VNA"
    assert article.dateline == "Hanoi (VNA)"


def test_photo_credit_and_related_list_in_second_fixture():
    [article] = read_file(str(FIXTURES / "vna" / "parliamentary-friendship.txt"))
    assert "VNA/VNS Photo" not in article.body
    assert "IMG_2041.png" not in article.body
    assert "infrastructure" not in article.body
    assert article.source == "VNA"
    assert "Trương Thị Mai" in article.body, "accents are kept in the text; folding happens in analysis"


def test_paragraphs_are_kept():
    [article] = read_file(str(FIXTURES / "vna" / "vietnam-japan-leaders.txt"))
    assert article.body.count("\n\n") >= 3


def test_date_line_under_title(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title here\nPublished: 2023-05-01\nBody text of the story.\n")
    [article] = read(str(path), path.read_bytes())
    assert article.date == "2023-05-01"
    assert article.body == "Body text of the story."


def test_stable_ids(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\nBody.\n")
    first = read(str(path), path.read_bytes())[0].id
    path.write_text("Title changed\nBody changed.\n")
    assert read(str(path), path.read_bytes())[0].id == first


def test_empty_and_whitespace_files_are_skipped(tmp_path):
    # No-break and ideographic spaces are no text either, though the bytes are not blank to read_bytes.
    for name, content in (("empty.txt", b""), ("blank.txt", b" \n\t\n"), ("spaces.txt", "\u00a0\n\u3000\n".encode())):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(SkipFile, match="empty file"):
            read_file(str(path))
        with pytest.raises(SkipFile, match="empty file"):
            read(str(path), content)


def test_ordinary_lines_that_start_like_link_headers_are_kept(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\nFirst paragraph.\nMore talks are planned.\nOther news\nA linked headline\n")
    [article] = read(str(path), path.read_bytes())
    assert article.body == "First paragraph. More talks are planned."


def test_blank_lines_before_the_title_and_a_long_captioned_line(tmp_path):
    caption = "Delegates " + "and guests " * 500 + "at the talks in Tokyo on Tuesday. - VNA/VNS Photo"
    path = tmp_path / "a.txt"
    path.write_text("\n" * 100_000 + "Title here\n\n" + caption + "\n\nThe body of the story.\n")
    [article] = read(str(path), path.read_bytes())
    assert article.title == "Title here"
    assert article.body == "The body of the story."
    assert article.source == "VNA" and article.captions[0].endswith("on Tuesday.")


def test_an_uncredited_caption_is_near_the_top_and_not_a_subheading(tmp_path):
    caption = "The minister at the opening of the new bridge over the river in the capital on Monday"
    subheading = "What The New Bridge Means For Commuters Who Cross The River Every Single Day"
    late = "A line late in the story that has no full stop and reads just like a caption would"
    body = ["The bridge opened on Monday.", caption, subheading, "Traffic was light.", "More people came.",
            "The mayor spoke.", late]
    path = tmp_path / "a.txt"
    path.write_text("Bridge opens\n\n" + "\n\n".join(body) + "\n\n" + "x" * 101 + ".\n")
    [article] = read(str(path), path.read_bytes())
    assert article.captions == [caption]
    assert subheading in article.body and late in article.body


def read_text(tmp_path, text: str):
    """The one article the text reader makes of ``text``, read as the file a.txt."""
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    [article] = read(str(path), path.read_bytes())
    return article


def test_every_line_ending_splits_lines(tmp_path):
    for newline in ("\r\n", "\r", "\n"):
        article = read_text(tmp_path, newline.join(["Title", "", "The story starts", "and ends here.", ""]))
        assert (article.title, article.body) == ("Title", "The story starts and ends here."), repr(newline)


def test_a_headline_alone_is_an_article_with_no_body(tmp_path):
    article = read_text(tmp_path, "Rice exports rise\n")
    assert (article.title, article.body, article.date, article.source, article.captions) == (
        "Rice exports rise", "", None, "", [])
    assert article.id == article_id(str(tmp_path / "a.txt"), 0)


def test_hard_wrapped_lines_join_into_paragraphs(tmp_path):
    article = read_text(tmp_path, "Title\n\nThe first paragraph starts here\nand goes on here.\n\n\n"
                                  "The second one\nis short.\n")
    assert article.body == "The first paragraph starts here and goes on here.\n\nThe second one is short."


def test_a_long_line_makes_every_line_a_paragraph(tmp_path):
    long_line = "The ministry said exports of rice rose by a tenth in the first half of the year, led by " \
                "shipments to the Philippines."
    assert len(long_line) > 100
    article = read_text(tmp_path, f"Title\n{long_line}\nA short second paragraph\n\nA third one.\n")
    assert article.body == f"{long_line}\n\nA short second paragraph\n\nA third one."


def test_lines_over_100_characters_mark_copied_web_text(tmp_path):
    hundred = "x" * 99 + "."
    wrapped = read_text(tmp_path, f"Title\n{hundred}\n{CAPTION}\n\nEnd.\n")
    assert (wrapped.body, wrapped.captions) == (f"{hundred} {CAPTION}\n\nEnd.", [])
    copied = read_text(tmp_path, f"Title\nx{hundred}\n\n{CAPTION}\n\nEnd.\n")
    assert (copied.body, copied.captions) == (f"x{hundred}\n\nEnd.", [CAPTION]), "captions are sought in web text"


def test_a_line_of_101_characters_is_a_paragraph_of_its_own_and_100_is_not(tmp_path):
    # The lines of the body itself, each beside the next with no blank line between: copied web text
    # (a line over 100 characters) keeps a paragraph a line, hard-wrapped text joins them.
    hundred = "y" * 99 + "."
    assert read_text(tmp_path, f"Title\n{hundred}\nEnd.\n").body == f"{hundred} End."
    assert read_text(tmp_path, f"Title\ny{hundred}\nEnd.\n").body == f"y{hundred}\n\nEnd."


def test_a_first_line_of_several_sentences_is_body_and_gives_the_title(tmp_path):
    paragraph = ("Vietnam and Japan signed a trade pact on Friday. The two prime ministers met in Tokyo and "
                 "agreed to cut tariffs on rice and steel.")  # 25 words
    article = read_text(tmp_path, paragraph + "\nMore talks are planned.\n")
    assert article.title == "Vietnam and Japan signed a trade pact on Friday"
    assert article.body == paragraph + "\n\nMore talks are planned.", "a line over 100 characters: a paragraph a line"


@pytest.mark.parametrize("first_line, title", [
    # One sentence: a headline up to 20 words, a paragraph from 21.
    ("The government said on Monday that it would raise the minimum wage by five percent from the start "
     "of July.", None),
    ("The government said on Monday that it would raise the minimum wage by five percent from the start "
     "of next July.", "The government said on Monday that it would raise the minimum wage by five percent…"),
    # Two sentences: a headline up to 12 words, a paragraph from 13.
    ("Rice prices rose. Exporters in Hanoi said demand from the Philippines grew.", None),
    ("Rice prices rose. Exporters in Hanoi said demand from the Philippines grew sharply.", "Rice prices rose"),
    # No full stop at the end: a headline however long.
    ("Vietnam and Japan sign a trade pact as the two prime ministers meet in Tokyo to cut tariffs on rice "
     "and steel", None),
])
def test_a_first_line_is_a_headline_by_its_length_and_sentences(tmp_path, first_line, title):
    """``title`` None: the line is the headline; else the line is the first paragraph and gives this title."""
    article = read_text(tmp_path, first_line + "\nThe story.\n")
    if title is None:
        assert (article.title, article.body) == (first_line, "The story.")
    else:
        paragraph_break = "\n\n" if len(first_line) > 100 else " "  # copied web text, or hard-wrapped lines
        assert (article.title, article.body) == (title, first_line + paragraph_break + "The story.")


@pytest.mark.parametrize("sentence, title", [
    ("Exactly ninety characters long is this sentence, which the reader takes whole as its title",
     "Exactly ninety characters long is this sentence, which the reader takes whole as its title"),
    ("Exactly ninety characters long is this sentence, which the reader takes whole as its titles",
     "Exactly ninety characters long is this sentence, which the reader takes whole…"),
    # One word too long for the limit: the first word stays, small or not, so that the title is never empty.
    ("The https://example.org/2023/11/17/vietnam-japan-comprehensive-strategic-partnership-energy-trade-talks "
     "was shared", "The…"),
    # A word ending at the ninety-first character is over the limit though a space follows it: it goes,
    # and so do the small words before it (its, as).
    ("Exactly ninety characters long is this sentence, which the reader takes whole as its titles and more",
     "Exactly ninety characters long is this sentence, which the reader takes whole…"),
    # A word ending at the ninetieth character is whole: it stays.
    ("Exactly ninety characters long is this sentence, which the reader takes whole as its title and more",
     "Exactly ninety characters long is this sentence, which the reader takes whole as its title…"),
    ("Party General Secretary Nguyen Phu Trong received the Japanese Prime Minister at the headquarters of "
     "the Party Central Committee in Hanoi on Monday",
     "Party General Secretary Nguyen Phu Trong received the Japanese Prime Minister…"),
    ("Party General Secretary Nguyen Phu Trong received Japanese Prime Minister Kishida Fumio, in the capital "
     "on Monday",
     "Party General Secretary Nguyen Phu Trong received Japanese Prime Minister Kishida Fumio…"),
    ("Vietnam and Japan agreed to deepen their comprehensive strategic partnership on energy – and on trade, "
     "officials said",
     "Vietnam and Japan agreed to deepen their comprehensive strategic partnership on energy…"),
])
def test_a_long_first_sentence_is_cut_at_a_word_without_trailing_small_words(sentence, title):
    assert title_from_paragraph(sentence + ". A second sentence follows it.") == title


@pytest.mark.parametrize("credit, source", [
    ("Source: TTXVN.", "TTXVN"),
    ("Nguồn: TTXVN", "TTXVN"),
    ("(Photo: Kyodo)", "Kyodo"),
    ("Reuters Photo by A. Person", "Reuters"),
    ("VNA/VNS Photo Tri Dung", "VNA"),
])
def test_a_credit_line_names_the_source_and_is_not_text(tmp_path, credit, source):
    article = read_text(tmp_path, f"Title\n\nThe story.\n\n{credit}\n")
    assert (article.body, article.source) == ("The story.", source)


def credit_of(length: int) -> str:
    """A caption's trailing photo credit, from its dash to the line's end, of ``length`` characters."""
    credit = "— VNA/ Photo Tri Dung"
    return credit.replace("/", "/" + "x" * (length - len(credit)))


def test_a_caption_credit_is_sought_in_the_last_120_characters_of_its_line(tmp_path):
    assert len(credit_of(120)) == 120 and credit_of(120).startswith("— VNA/xx")
    captioned = read_text(tmp_path, f"Road works\n\nWorkers repair the road in Hanoi {credit_of(120)}\n\nThe story.\n")
    assert (captioned.body, captioned.source) == ("The story.", "VNA")
    assert [caption.strip() for caption in captioned.captions] == ["Workers repair the road in Hanoi"]
    # One character longer, the dash that opens the credit is outside the tail searched: the line is text.
    line = f"Workers repair the road in Hanoi {credit_of(121)}"
    too_long = read_text(tmp_path, f"Road works\n\n{line}\n\nThe story.\n")
    assert (too_long.body, too_long.source, too_long.captions) == (f"{line}\n\nThe story.", "", [])


def test_the_first_credit_names_the_source(tmp_path):
    article = read_text(tmp_path, "Title\n\nDelegates at the talks in Tokyo (Photo: VNA)\n\nThe story.\n\n"
                                  "Source: Kyodo\n")
    assert article.source == "VNA"
    assert article.captions == ["Delegates at the talks in Tokyo"]
    assert article.body == "The story."


@pytest.mark.parametrize("line, expected", [
    ("17 November 2023", "2023-11-17"),
    ("Published: 2023-11-17", "2023-11-17"),
    ("Updated: 2023-11-17 08:30", "2023-11-17T08:30:00"),
    ("2023-11-17T08:30:00+07:00", "2023-11-17T08:30:00"),  # the zone is dropped, the local time kept
    ("Posted 17/11/2023", "2023-11-17"),
])
def test_a_date_line_before_the_text_is_the_date(tmp_path, line, expected):
    article = read_text(tmp_path, f"Title\n{line}\nThe story.\n")
    assert (article.date, article.body) == (expected, "The story.")


def test_only_the_first_date_line_before_the_text_is_the_date(tmp_path):
    assert read_text(tmp_path, "Title\nPublished: 2023-11-17\nUpdated: 2023-11-18\nThe story.\n").date == \
        "2023-11-17"
    late = read_text(tmp_path, "Title\nThe story.\nPublished: 2023-11-17\n")
    assert late.date is None and late.body == "The story. Published: 2023-11-17"
    byline = read_text(tmp_path, "Title\nBy Staff Writer\nThe story.\n")
    assert byline.date is None and byline.body == "By Staff Writer The story."


@pytest.mark.parametrize("first, dateline, source", [
    ("Hanoi (VNA) – Party leader Nguyen Phu Trong met the delegation.", "Hanoi (VNA)", "VNA"),
    ("TOKYO, Nov 17 (Reuters) - Japan's exports rose.", "TOKYO, Nov 17 (Reuters)", "Reuters"),
    ("Japan's exports rose in November.", "", ""),
])
def test_the_dateline_opens_the_body_and_names_the_agency(tmp_path, first, dateline, source):
    article = read_text(tmp_path, f"Title\n\n{first}\n")
    assert (article.dateline, article.source, article.body) == (dateline, source, first)


def test_a_credit_line_outranks_the_dateline_agency(tmp_path):
    article = read_text(tmp_path, "Title\n\nHanoi (VNA) – The story.\n\nSource: Kyodo\n")
    assert (article.dateline, article.source) == ("Hanoi (VNA)", "Kyodo")


LONG_PARAGRAPH = "The opening ceremony drew " + "many guests from across the region and beyond, " * 3 + "they said."
CAPTION = "The minister at the opening of the new bridge over the river in the capital on Monday"  # 17 words


def captions_of(tmp_path, paragraphs: list[str]) -> list[str]:
    article = read_text(tmp_path, "Bridge opens\n\n" + "\n\n".join(paragraphs) + "\n")
    assert all(caption not in article.body for caption in article.captions)
    return article.captions


def test_an_uncredited_caption_is_found_among_the_first_three_paragraphs(tmp_path):
    assert captions_of(tmp_path, [LONG_PARAGRAPH, CAPTION]) == [CAPTION]
    assert captions_of(tmp_path, [CAPTION, LONG_PARAGRAPH]) == [CAPTION]
    assert captions_of(tmp_path, ["One.", "Two.", LONG_PARAGRAPH, CAPTION]) == [], "after three, it is text"
    assert captions_of(tmp_path, ["One.", LONG_PARAGRAPH, CAPTION]) == [CAPTION]


@pytest.mark.parametrize("line", [
    "The minister at the opening of the bridge over the river",  # 11 words: too short to be one
    "The minister at the opening of the new bridge over the river in the capital on Monday.",  # a full stop
    "The minister said: the bridge over the river in the capital opened on Monday after delays",  # a break
    '"The minister at the opening of the new bridge over the river in the capital on Monday',  # a quote
    "2 ministers at the opening of the new bridge over the river in the capital on Monday",
    "The Minister At The Opening Of The New Bridge Over The River In The Capital On Monday",  # a subheading
])
def test_lines_that_are_not_uncredited_captions(tmp_path, line):
    assert captions_of(tmp_path, [LONG_PARAGRAPH, line]) == []


@pytest.mark.parametrize("line", [
    "A minister at the opening of the new bridge over the river in the capital on Monday",  # a one-letter word
    "The minister at the opening of the new bridge over the river in the capital on May 5",  # ends in a digit
])
def test_uncredited_captions_at_their_edges(tmp_path, line):
    assert captions_of(tmp_path, [LONG_PARAGRAPH, line]) == [line]


def test_a_photo_credit_alone_on_its_line_is_furniture_not_a_caption(tmp_path):
    article = read_text(tmp_path, "Title\n\nThe story.\n\n– VNA/VNS Photo Tri Dung\n\nMore.\n")
    assert (article.body, article.captions, article.source) == ("The story.\n\nMore.", [], "VNA")


def test_an_uncredited_caption_stands_alone(tmp_path):
    article = read_text(tmp_path, f"Bridge opens\n\n{LONG_PARAGRAPH}\n{CAPTION}\nMore text follows.\n")
    assert article.captions == []
    assert CAPTION in article.body
    # A blank line on one side only is not enough.
    assert read_text(tmp_path, f"Bridge opens\n\n{LONG_PARAGRAPH}\n\n{CAPTION}\nMore text.\n").captions == []
    assert read_text(tmp_path, f"Bridge opens\n\n{LONG_PARAGRAPH}\n{CAPTION}\n\nMore text.\n").captions == []
    # Right under the headline, or the last line of a file with no final line break, it stands alone too.
    assert read_text(tmp_path, f"Bridge opens\n{CAPTION}\n\n{LONG_PARAGRAPH}").captions == [CAPTION]
    assert read_text(tmp_path, f"Bridge opens\n\n{LONG_PARAGRAPH}\n\n{CAPTION}").captions == [CAPTION]


def test_a_line_three_words_in_four_capitalised_is_a_subheading_not_a_caption(tmp_path):
    subheading = "The Minister At The Opening Of The New Bridge over the river"  # 12 words, 9 capitalised
    assert captions_of(tmp_path, [LONG_PARAGRAPH, subheading]) == []
    caption = "The Minister At The Opening Of The New bridge over the river"  # 8 of 12
    assert captions_of(tmp_path, [LONG_PARAGRAPH, caption]) == [caption]


def test_a_file_of_short_lines_only_is_a_word_list_not_an_article():
    names = "abdel-hadi-kandeel\nalfonsin\n\nalhaji-abdul-ahmed\namato\nwill be here\n"
    with pytest.raises(SkipFile, match=r"not an article: 5 lines of at most 3 words each"):
        read("people.txt", names.encode())


@pytest.mark.parametrize("text", [
    "alfonsin\namato\nbaker\nbrodersohn\n",  # four lines: too few to call a list
    "alfonsin\namato\nbaker\nbrodersohn\nJames Baker met the minister\n",  # one line of four words
    "Markets close higher in Tokyo\nyen\ndollar\nmark\nfranc\n",  # a headline over the short lines
])
def test_a_few_short_lines_or_one_longer_line_is_read_as_an_article(text):
    [article] = read("notes.txt", text.encode())
    assert article.title == text.split("\n")[0]
