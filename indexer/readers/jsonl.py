"""JSON exports: ``.jsonl`` with one article per line, or ``.json`` with one article or a list."""

from __future__ import annotations

import json

from indexer.article import Article, article_id
from indexer.readers.decoding import decode
from indexer.readers.errors import ArticleList, SkipFile
from indexer.readers.titles import title_from_paragraph
from indexer.text.dates import normalise_date

_BODY_KEYS = ("text", "body", "content", "articleBody")
_DATE_KEYS = ("date", "published", "publish_date", "datePublished", "published_at")
_LIST_KEYS = ("articles", "items", "data", "results")


def read(path: str, data: bytes) -> ArticleList:
    text = decode(data)
    if path.lower().endswith(".jsonl"):
        return _read_lines(path, text)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        # Many ".json" exports are really JSON lines.
        if text.lstrip().startswith("{") and "\n" in text.strip():
            return _read_lines(path, text)
        raise SkipFile(f"invalid JSON: {exc.msg} at line {exc.lineno}") from exc
    records = _records(document)
    result = ArticleList()
    for number, record in enumerate(records):
        _add(result, path, number, record, f"record {number + 1}")
    return result


def _read_lines(path: str, text: str) -> ArticleList:
    result = ArticleList()
    for number, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            result.problems.append(f"line {number + 1}: invalid JSON ({exc.msg})")
            continue
        except (ValueError, RecursionError) as exc:  # a 5,000-digit number, nesting too deep: lose one line only
            result.problems.append(f"line {number + 1}: cannot read JSON ({type(exc).__name__})")
            continue
        _add(result, path, number, record, f"line {number + 1}")
    return result


def _records(document: object) -> list:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            if isinstance(document.get(key), list):
                return document[key]
        return [document]
    raise SkipFile(f"JSON of the wrong shape: expected an object or a list of objects, got {type(document).__name__}")


def _add(result: ArticleList, path: str, number: int, record: object, where: str) -> None:
    if not isinstance(record, dict):
        result.problems.append(f"{where}: expected an object, got {type(record).__name__}")
        return
    title = _text(record.get("title") or record.get("headline"))
    body = next((_text(record[key]) for key in _BODY_KEYS if _text(record.get(key))), "")
    if not title and not body:
        result.problems.append(f"{where}: no title or text")
        return
    key = _text(record.get("id")) or number
    result.append(Article(
        id=article_id(path, key),
        path=path,
        title=title or title_from_paragraph(body.split("\n", 1)[0]),
        body=body,
        format="json",
        url=_text(record.get("url") or record.get("link")),
        date=normalise_date(next((record[k] for k in _DATE_KEYS if record.get(k)), None)),
        source=_text(record.get("source") or record.get("publisher")),
        author=_text(record.get("author") or record.get("authors")),
    ))


def _text(value: object) -> str:
    """Strings as they are; lists of strings joined (several authors); anything else ignored."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(item.strip() for item in value if item.strip())
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"].strip()
    return ""
