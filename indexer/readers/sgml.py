"""Reuters-21578 SGML: many ``<REUTERS>`` stories per file, latin-1."""

from __future__ import annotations

import html
import re

from indexer.article import Article, article_id
from indexer.readers.decoding import decode
from indexer.readers.errors import ArticleList, SkipFile
from indexer.readers.titles import title_from_paragraph
from indexer.text.dates import normalise_date

_RECORD = re.compile(r"<REUTERS\b([^>]*)>(.*?)(?:</REUTERS>|(?=<REUTERS\b)|\Z)", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_D = re.compile(r"<D>(.*?)</D>", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[^>]+>")
_SIGNOFF = re.compile(r"\s*Reuter\s*$")
_TAG_FIELDS = ("topics", "places", "people", "orgs", "exchanges")


def read(path: str, data: bytes) -> ArticleList:
    text = decode(data, "latin-1")
    if "<REUTERS" not in text:
        raise SkipFile("not Reuters SGML: no <REUTERS> record")
    result = ArticleList()
    for number, match in enumerate(_RECORD.finditer(text)):
        attrs = dict(_ATTR.findall(match.group(1)))
        key = attrs.get("NEWID") or f"#{number}"
        record = match.group(2)
        truncated = not match.group(0).endswith("</REUTERS>")
        article = _parse_record(path, key, record)
        if truncated:
            result.problems.append(f"story {key}: record truncated; indexed what was there")
        result.append(article)
    return result


def _parse_record(path: str, key: str, record: str) -> Article:
    title = _clean(_element(record, "TITLE"))
    body = _element(record, "BODY")
    if body is None:
        # TYPE="UNPROC" stories carry their text straight inside <TEXT>.
        text = _element(record, "TEXT")
        body = _TAG.sub(" ", text) if text is not None and "<TITLE>" not in text else None
    body = _SIGNOFF.sub("", _clean(body)) if body else ""
    body = _reflow(body)
    if not title:
        # An archive keeps every story, even one the wire sent without text.
        title = title_from_paragraph(body.split("\n", 1)[0]) if body else f"Untitled Reuters story {key}"
    return Article(
        id=article_id(path, key),
        path=path,
        title=title,
        body=body,
        format="sgml",
        date=_parse_date(_element(record, "DATE")),
        source="Reuters",
        dateline=_clean(_element(record, "DATELINE")).rstrip(" -"),
        tags={name: [_clean(v) for v in _D.findall(_element(record, name.upper()) or "")] for name in _TAG_FIELDS},
    )


def _element(record: str, name: str) -> str | None:
    start = record.find(f"<{name}")
    if start < 0:
        return None
    start = record.find(">", start) + 1
    end = record.find(f"</{name}>", start)
    return record[start:] if end < 0 else record[start:end]


def _clean(value: str | None) -> str:
    if not value:
        return ""
    return _CONTROL.sub("", html.unescape(value)).strip()


def _reflow(body: str) -> str:
    """Join the wire's hard-wrapped lines; an indented line starts a paragraph."""
    paragraphs, current = [], []
    for line in body.splitlines():
        if line.startswith((" ", "\t")) and current:
            paragraphs.append(" ".join(current))
            current = []
        if line.strip():
            current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _parse_date(value: str | None) -> str | None:
    """``26-FEB-1987 15:01:01.79``: what follows the seconds (hundredths, desk codes, notes) is dropped."""
    return normalise_date(value.split(".")[0]) if value else None
