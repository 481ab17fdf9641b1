import json

import pytest

from indexer.readers import SkipFile, read_file


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
