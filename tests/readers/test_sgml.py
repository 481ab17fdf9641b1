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
    assert first.source == "Reuters"
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
