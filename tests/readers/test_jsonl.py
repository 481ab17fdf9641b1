import json

import pytest

from indexer.article import article_id
from indexer.readers import SkipFile, jsonl, read_file


def test_jsonl_one_broken_line_among_good_ones(tmp_path):
    path = tmp_path / "wire.jsonl"
    lines = [
        json.dumps({"title": "First", "text": "Body one", "date": "2020-01-02T10:00:00Z", "url": "http://x/1",
                    "author": ["A. Writer", "B. Writer"], "source": "Wire"}),
        '{"title": "broken", "text": ',
        json.dumps({"title": "Second", "body": "Body two"}),
        json.dumps(["not", "an", "object"]),
    ]
    path.write_text("\n".join(lines) + "\n")
    articles = read_file(str(path))
    assert [a.title for a in articles] == ["First", "Second"]
    first = articles[0]
    assert (first.body, first.date, first.url, first.author, first.source) == (
        "Body one", "2020-01-02T10:00:00", "http://x/1", "A. Writer, B. Writer", "Wire")
    assert len(articles.problems) == 2
    assert "line 2" in articles.problems[0] and "line 4" in articles.problems[1]


def test_json_list_and_single_object(tmp_path):
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"title": "A", "text": "a"}, {"title": "B", "content": "b"}]))
    assert [a.body for a in read_file(str(many))] == ["a", "b"]
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"headline": "Only", "articleBody": "text", "datePublished": "March 3, 2021"}))
    [article] = read_file(str(one))
    assert (article.title, article.date) == ("Only", "2021-03-03")


def test_wrong_shape_and_invalid_json(tmp_path):
    wrong = tmp_path / "wrong.json"
    wrong.write_text("42")
    with pytest.raises(SkipFile, match="wrong shape"):
        read_file(str(wrong))
    invalid = tmp_path / "invalid.json"
    invalid.write_text("{not json")
    with pytest.raises(SkipFile, match="invalid JSON"):
        read_file(str(invalid))
    empty_records = tmp_path / "empty.json"
    empty_records.write_text(json.dumps([{"title": ""}, {"x": 1}]))
    with pytest.raises(SkipFile, match="no article"):
        read_file(str(empty_records))


def read_json(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path), jsonl.read(str(path), path.read_bytes())


def test_a_jsonl_file_holds_one_object_a_line_whatever_its_case(tmp_path):
    path, articles = read_json(tmp_path, "wire.JSONL", json.dumps([{"title": "A", "text": "a"}]) + "\n")
    assert list(articles) == [] and articles.problems == ["line 1: expected an object, got list"]


def test_problems_name_the_line_counting_blank_ones(tmp_path):
    lines = [json.dumps({"title": "A", "text": "a"}), "", '{"title": ', "",
             '{"title": "Big", "n": ' + "1" * 5000 + "}", "[" * 100_000 + "]" * 100_000,
             json.dumps({"title": "B"})]
    path, articles = read_json(tmp_path, "wire.jsonl", "\n".join(lines))
    assert [a.title for a in articles] == ["A", "B"]
    assert articles.problems[0].startswith("line 3: invalid JSON (")
    assert articles.problems[1:] == ["line 5: cannot read JSON (ValueError)",
                                     "line 6: cannot read JSON (RecursionError)"]
    assert [a.id for a in articles] == [article_id(path, 0), article_id(path, 6)], "a line's key is its place"


def test_a_json_file_of_json_lines_is_read_line_by_line(tmp_path):
    text = "\n".join(json.dumps({"title": title, "text": "x"}) for title in ("A", "B")) + "\n"
    assert [a.title for a in read_json(tmp_path, "export.json", text)[1]] == ["A", "B"]
    with pytest.raises(SkipFile, match="invalid JSON"):
        read_json(tmp_path, "one-line.json", '{"title": "A"} {"title": "B"}')
    with pytest.raises(SkipFile, match=r"invalid JSON: .+ at line 3"):
        read_json(tmp_path, "list.json", '[\n{"title": "A"},\noops\n]')


@pytest.mark.parametrize("key", ["articles", "items", "data", "results"])
def test_a_list_of_records_under_a_known_key(tmp_path, key):
    text = json.dumps({key: [{"title": "A", "text": "a"}, {"title": "B", "text": "b"}], "total": 2})
    assert [a.title for a in read_json(tmp_path, "export.json", text)[1]] == ["A", "B"]


def test_an_object_whose_known_key_is_no_list_is_one_record(tmp_path):
    [article] = read_json(tmp_path, "one.json", json.dumps({"title": "T", "text": "t", "data": "none"}))[1]
    assert (article.title, article.body) == ("T", "t")


def test_records_that_are_not_articles_are_reported_by_number(tmp_path):
    path, articles = read_json(tmp_path, "many.json", json.dumps([{"title": "A"}, 5, {"url": "x"}, {"title": "D"}]))
    assert [a.title for a in articles] == ["A", "D"]
    assert articles.problems == ["record 2: expected an object, got int", "record 3: no title or text"]
    assert [a.id for a in articles] == [article_id(path, 0), article_id(path, 3)]


@pytest.mark.parametrize("key", ["text", "body", "content", "articleBody"])
def test_every_body_key(tmp_path, key):
    [article] = read_json(tmp_path, "one.json", json.dumps({"title": "T", key: " The story. "}))[1]
    assert article.body == "The story."


@pytest.mark.parametrize("key", ["date", "published", "publish_date", "datePublished", "published_at"])
def test_every_date_key(tmp_path, key):
    [article] = read_json(tmp_path, "one.json", json.dumps({"title": "T", key: "17 November 2023"}))[1]
    assert article.date == "2023-11-17"


def test_the_first_key_with_a_value_wins(tmp_path):
    record = {"headline": "H", "text": "", "body": " ", "content": "C", "articleBody": "A",
              "date": "", "published": "2023-11-17", "publish_date": "2023-11-18",
              "link": "http://x/1", "publisher": "P", "authors": ["A. Writer"]}
    [article] = read_json(tmp_path, "one.json", json.dumps(record))[1]
    assert (article.title, article.body, article.date, article.url, article.source, article.author) == (
        "H", "C", "2023-11-17", "http://x/1", "P", "A. Writer")
    assert article.format == "json"


def test_values_that_are_not_strings(tmp_path):
    record = {"id": 17, "title": 2023, "text": "t", "author": ["A. Writer", " ", "B. Writer "],
              "source": {"name": " Wire "}, "url": ["http://x", 3]}
    path, [article] = read_json(tmp_path, "one.json", json.dumps(record))
    assert (article.title, article.author, article.source, article.url) == ("2023", "A. Writer, B. Writer", "Wire", "")
    assert article.id == article_id(path, "17")
    assert read_json(tmp_path, "two.json", json.dumps({"title": 2.5, "text": True}))[1][0].title == "2.5"
    path, [flagged] = read_json(tmp_path, "three.json", json.dumps({"id": True, "title": "T", "text": False}))
    assert (flagged.id, flagged.body) == (article_id(path, 0), ""), "true and false are no text and no id"


def test_a_title_is_made_from_the_first_sentence_of_the_text_cut_at_a_word(tmp_path):
    first_line = "Exports rose " * 12  # 156 characters
    [article] = read_json(tmp_path, "one.json", json.dumps({"text": first_line + "\nSecond line."}))[1]
    assert article.title == ("Exports rose " * 7).strip() + "…", "90 characters at most, cut at a word"
    [short] = read_json(tmp_path, "two.json", json.dumps({"text": "Exports rose. Imports fell too."}))[1]
    assert short.title == "Exports rose"
