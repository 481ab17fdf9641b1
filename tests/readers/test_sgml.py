from pathlib import Path

import pytest
from helpers import REUTERS, require_shared

from indexer.readers import read_file

STORY = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D></PLACES>
<PEOPLE><D>james-baker</D></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN>&#5;&#5;&#5;C T</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone &lt;AB&gt;, said Treasury Secretary James Baker.
    A second paragraph starts indented.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="2">
<DATE> 3-APR-1987 07:09:06.48</DATE>
<TEXT TYPE="BRIEF">&#2;
<TITLE>BRIEF TITLE ONLY</TITLE>
&#3;</TEXT>
</REUTERS>
"""


def write(tmp_path, text, name="sample.sgm", encoding="latin-1") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_fields_and_editorial_tags(tmp_path):
    first, second = read_file(write(tmp_path, STORY))
    assert first.title == "BAHIA COCOA REVIEW"
    assert first.date == "1987-02-26T15:01:01"
    assert first.dateline == "SALVADOR, Feb 26"
    assert (first.source, first.format) == ("Reuters", "sgml")
    assert first.tags["places"] == ["el-salvador", "usa"]
    assert first.tags["people"] == ["james-baker"]
    assert first.tags["topics"] == ["cocoa"]
    assert "<AB>" in first.body and "Reuter" not in first.body
    assert first.body.count("\n\n") == 1, "indented lines start paragraphs; wrapped lines are joined"
    assert second.title == "BRIEF TITLE ONLY" and second.body == ""
    assert second.date == "1987-04-03T07:09:06", "a leading space in the date is tolerated"
    assert first.id != second.id


def test_truncated_file_keeps_complete_stories_and_reports(tmp_path):
    cut = STORY[: STORY.index("A second paragraph")]
    articles = read_file(write(tmp_path, cut))
    assert [a.title for a in articles] == ["BAHIA COCOA REVIEW"]
    assert any("truncated" in problem for problem in articles.problems)


def test_not_sgml_is_skipped(tmp_path):
    from indexer.readers import SkipFile

    with pytest.raises(SkipFile, match="REUTERS"):
        read_file(write(tmp_path, "just some text"))


def test_all_reuters_stories_are_read():
    require_shared(REUTERS)
    total = sum(len(read_file(str(path))) for path in sorted(Path(REUTERS).glob("reut2-*.sgm")))
    assert total == 21578


def reuters(*records: str) -> str:
    return '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n' + "\n".join(records) + "\n"


def test_a_story_of_unprocessed_text_takes_its_body_from_text(tmp_path):
    story = reuters('<REUTERS NEWID="7"><DATE>17-MAR-1987 10:20:30.00</DATE>\n<TEXT TYPE="UNPROC">&#2;\n'
                    "Japan's exports rose<BR>in March,\nofficials said.\n Reuter\n&#3;</TEXT>\n</REUTERS>")
    [article] = read_file(write(tmp_path, story))
    assert article.body == "Japan's exports rose in March, officials said."
    assert article.title == article.body.rstrip("."), "an untitled story is titled by its first sentence"
    assert article.date == "1987-03-17T10:20:30"


def test_untitled_stories_without_text_keep_a_title_of_their_number(tmp_path):
    story = reuters('<REUTERS NEWID="7"><DATE>17-MAR-1987</DATE><TEXT>&#2;\n&#3;</TEXT></REUTERS>',
                    "<REUTERS><TEXT><BODY> </BODY></TEXT></REUTERS>")
    first, second = read_file(write(tmp_path, story))
    assert (first.title, first.body) == ("Untitled Reuters story 7", "")
    assert (second.title, second.body, second.date) == ("Untitled Reuters story #1", "", None)
    assert first.id != second.id


def test_an_untitled_story_is_titled_by_its_first_sentence_cut_at_a_word(tmp_path):
    paragraph = "Exports rose " * 12
    [article] = read_file(write(tmp_path, reuters(f'<REUTERS NEWID="3"><BODY>{paragraph}</BODY></REUTERS>')))
    assert article.title == ("Exports rose " * 7).strip() + "…", "90 characters at most, cut at a word"
    story = '<REUTERS NEWID="4"><BODY>Exports rose 5 pct. Imports fell.</BODY></REUTERS>'
    assert read_file(write(tmp_path, reuters(story)))[0].title == "Exports rose 5 pct"


def test_every_editorial_tag_field(tmp_path):
    story = reuters('<REUTERS NEWID="1"><TOPICS><D>crude</D><D>ship</D></TOPICS><PLACES><D>kuwait</D></PLACES>'
                    "<PEOPLE></PEOPLE><ORGS><D>opec</D></ORGS><EXCHANGES><D>nymex</D></EXCHANGES>"
                    "<TEXT><TITLE>OPEC &amp; TANKERS</TITLE><BODY>Text.</BODY></TEXT></REUTERS>")
    [article] = read_file(write(tmp_path, story))
    assert article.tags == {"topics": ["crude", "ship"], "places": ["kuwait"], "people": [], "orgs": ["opec"],
                            "exchanges": ["nymex"]}
    assert article.title == "OPEC & TANKERS"


def test_body_paragraphs_signoff_and_control_characters(tmp_path):
    body = "First line of the story\nwraps here.\n\tA tab starts another.\n\n  Reuters said more.\x05\n Reuter\n"
    [article] = read_file(write(tmp_path, reuters(f'<REUTERS NEWID="1"><TEXT><TITLE>T</TITLE><BODY>{body}</BODY>'
                                                  "</TEXT></REUTERS>")))
    assert article.body == "First line of the story wraps here.\n\nA tab starts another.\n\nReuters said more."


def test_the_bytes_are_latin_1_even_where_they_would_read_as_utf_8(tmp_path):
    story = reuters('<REUTERS NEWID="1"><TEXT><TITLE>CAFE</TITLE><BODY>Ã© is two letters here.</BODY>'
                    "</TEXT></REUTERS>")
    path = tmp_path / "latin.sgm"
    path.write_bytes(story.encode("latin-1"))
    [article] = read_file(str(path))
    assert (article.title, article.body) == ("CAFE", "Ã© is two letters here.")


def test_a_record_cut_short_by_the_next_one_is_read_and_reported(tmp_path):
    story = reuters('<REUTERS NEWID="1"><TEXT><TITLE>FIRST</TITLE><BODY>One.',
                    '<REUTERS NEWID="2"><TEXT><TITLE>SECOND</TITLE><BODY>Two.</BODY></TEXT></REUTERS>')
    articles = read_file(write(tmp_path, story))
    assert [(a.title, a.body) for a in articles] == [("FIRST", "One."), ("SECOND", "Two.")]
    assert articles.problems == ["story 1: record truncated; indexed what was there"]


def test_elements_are_found_by_name_in_any_order(tmp_path):
    story = reuters('<REUTERS NEWID="1"><TOPICS><D>grain</D></TOPICS><DATE>5-MAR-1987 09:10:11.12</DATE>'
                    "<TEXT><BODY>Wheat.</BODY><TITLE>GRAIN</TITLE></TEXT></REUTERS>")
    [article] = read_file(write(tmp_path, story))
    assert (article.date, article.title, article.body, article.tags["topics"]) == (
        "1987-03-05T09:10:11", "GRAIN", "Wheat.", ["grain"])
