from helpers import FIXTURES

from indexer.readers import SkipFile, read_file
from indexer.readers.text import read


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
    for name, content in (("empty.txt", b""), ("blank.txt", b" \n\t\n")):
        path = tmp_path / name
        path.write_bytes(content)
        try:
            read_file(str(path))
        except SkipFile as exc:
            assert "empty" in str(exc)
        else:
            raise AssertionError(f"{name} was not skipped")


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
