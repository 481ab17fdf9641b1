"""Plain-text articles: the title on the first line, then the body.

Text copied out of news sites drags page furniture along: image file names
on their own line, photo credits, and trailing "Other news" link lists. Those
are dropped; the agency credit becomes the article's source.
"""

from __future__ import annotations

import re

from indexer.article import Article, article_id
from indexer.dates import normalise_date
from indexer.readers.decoding import decode
from indexer.readers.errors import SkipFile

_IMAGE_NAME = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp|tiff?)$", re.I)
# The header of a trailing list of links: "Other news", "Related articles", "Read more:".
_LINK_LIST_HEADER = re.compile(
    r"^(?:(?:other|related|more|latest|recommended|top)\s+(?:news|stories|articles|posts|reading)"
    r"|see also|read more|read also|you may also like|tin liên quan|tin khác)\s*:?$", re.I)
_SOURCE_LINE = re.compile(r"^(?:source|nguồn|nguon)\s*:\s*(.{1,60}?)\.?$", re.I)
_PHOTO_CREDIT_LINE = re.compile(
    r"^([A-Z][\w&.-]*(?:/[\w&.-]+)*)\s+Photos?\b.{0,40}$"
    r"|^\(?(?i:photo)\s*:\s*([^)]{1,40})\)?$")
# A caption: a line that ends with a photo credit, "(Photo: VNA)" or "— VNA/VNS Photo Tri Dung".
_CAPTION_CREDIT = re.compile(
    r"\s*(?:\((?i:photo|ảnh)\s*:\s*([^)]{1,40})\)"
    r"|[—–-]+\s*([A-Z][\w.-]*(?:/[\w.-]+)*)\s+Photo[^\n]{0,40})$")
_DATELINE = re.compile(
    r"^([A-Z][\w .'-]{1,40}?)(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?\s*\(([A-Z][A-Za-z/]{1,12})\)\s*[-–—]+\s*")
_DATE_LINE = re.compile(r"^(?:(?:published|updated|posted|date)\s*:?\s*)?([\w ,:/.-]{6,40})$", re.I)


def read(path: str, data: bytes) -> list[Article]:
    lines = [line.strip() for line in decode(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        raise SkipFile("empty file")
    title, rest = lines[0], lines[1:]
    source, date, body_lines = "", None, []
    for line in rest:
        if _LINK_LIST_HEADER.match(line) and body_lines:
            break
        if _IMAGE_NAME.match(line):
            continue
        credit = _SOURCE_LINE.match(line) or _PHOTO_CREDIT_LINE.match(line)
        if credit:
            source = source or _agency(next(g for g in credit.groups() if g))
            continue
        if date is None and not body_lines and _DATE_LINE.match(line) and normalise_date(line.split(":", 1)[-1]):
            date = normalise_date(line.split(":", 1)[-1])
            continue
        caption_credit = _CAPTION_CREDIT.search(line)
        if caption_credit:
            # Photo captions repeat the story in other words; they are page furniture.
            source = source or _agency(next(g for g in caption_credit.groups() if g))
            continue
        body_lines.append(line)
    body = _paragraphs(body_lines)
    dateline = ""
    match = _DATELINE.match(body)
    if match:
        dateline = match.group(0).strip(" -–—")
        source = source or match.group(2)
    if not body and not title:
        raise SkipFile("no text")
    return [Article(id=article_id(path, 0), path=path, title=title, body=body, format="text",
                    date=date, source=source, dateline=dateline)]


def _agency(credit: str) -> str:
    """``VNA/VNS`` -> ``VNA``: the first agency named is the one that filed it."""
    return credit.strip(" ().").split("/")[0].strip()


def _paragraphs(lines: list[str]) -> str:
    """Copied web text has a paragraph per line; hard-wrapped text, per run of short lines."""
    if any(len(line) > 100 for line in lines):
        return "\n\n".join(line for line in lines if line)
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)
