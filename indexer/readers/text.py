"""Plain-text articles: the title on the first line, then the body.

Text copied out of news sites drags page furniture along: image file names
on their own line, photo credits and captions, and trailing "Other news" link
lists. Those are dropped; the agency credit becomes the article's source.

A first line that reads as a paragraph (it ends with a full stop and is longer
than a headline, or holds several sentences) is body: the file has no headline,
and the title is made from its first sentence, cut at a word boundary.
"""

from __future__ import annotations

import re

from indexer.article import Article, article_id
from indexer.readers.decoding import decode
from indexer.readers.errors import NotAnArticle, SkipFile
from indexer.readers.titles import SENTENCE_BREAK, title_from_paragraph
from indexer.text.dates import normalise_date

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
# A credit is short: searching only a line's tail keeps a long line from costing its length squared.
CAPTION_CREDIT_MAX_CHARS = 120
_DATELINE = re.compile(
    r"^([A-Z][\w .'-]{1,40}?)(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?\s*\(([A-Z][A-Za-z/]{1,12})\)\s*[-–—]+\s*")
# A paragraph, not a headline: ends with a full stop and is longer than headlines run, or is
# several sentences of more than a short headline's length.
_FULL_STOP_END = re.compile(r"[a-z0-9)][.][\"”’']?$")
HEADLINE_MAX_WORDS = 20
TWO_SENTENCE_HEADLINE_MAX_WORDS = 12
# A photo caption without a credit: one sentence of description standing as its own paragraph
# among the first few (where the lead photo sits), with no closing punctuation and no quotation
# (a paragraph of text ends with a mark), and not in title case (that is a subheading).
CAPTION_MIN_WORDS = 12
CAPTION_WITHIN_PARAGRAPHS = 3
TITLE_CASE_SHARE = 0.75
_QUOTE_OR_BREAK = re.compile(r"[\"“”«»]|[.!?;:]\s+\S")
_DATE_LINE = re.compile(r"^(?:(?:published|updated|posted|date)\s*:?\s*)?([\w ,:/.+-]{6,40})$", re.I)
# A file of short lines only, not one of them a sentence, is a list (the word lists beside a
# collection: names, places, codes), not an article; a headline alone runs longer than this.
WORD_LIST_MIN_LINES = 5
WORD_LIST_MAX_WORDS = 3


def read(path: str, data: bytes) -> list[Article]:
    lines = [line.strip() for line in decode(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    first = next((n for n, line in enumerate(lines) if line), None)
    if first is None:
        raise SkipFile("empty file")
    lines = lines[first:]
    filled = [line for line in lines if line]
    if len(filled) >= WORD_LIST_MIN_LINES and all(len(line.split()) <= WORD_LIST_MAX_WORDS for line in filled):
        raise NotAnArticle(f"not an article: {len(filled)} lines of at most {WORD_LIST_MAX_WORDS} words each and "
                       "no sentence (a list of words or codes)")
    if _reads_as_paragraph(lines[0]):
        title, rest = title_from_paragraph(lines[0]), lines
    else:
        title, rest = lines[0], lines[1:]
    one_paragraph_per_line = any(len(line) > 100 for line in rest)
    source, date, body_lines, captions = "", None, [], []
    paragraphs = 0  # body paragraphs so far
    for n, line in enumerate(rest):
        if _LINK_LIST_HEADER.match(line) and body_lines:
            break
        if _IMAGE_NAME.match(line):
            continue
        credit = _SOURCE_LINE.match(line) or _PHOTO_CREDIT_LINE.match(line)
        if credit:
            source = source or _agency(next(g for g in credit.groups() if g))
            continue
        written = _DATE_LINE.match(line) if date is None and not body_lines else None
        if written and normalise_date(written.group(1)):
            date = normalise_date(written.group(1))
            continue
        caption_credit = _CAPTION_CREDIT.search(line, max(0, len(line) - CAPTION_CREDIT_MAX_CHARS))
        if caption_credit:
            # Photo captions repeat the story in other words; they are page furniture.
            source = source or _agency(next(g for g in caption_credit.groups() if g))
            if caption_credit.start():  # not a credit standing alone on its line
                captions.append(line[:caption_credit.start()])
            continue
        if one_paragraph_per_line and paragraphs < CAPTION_WITHIN_PARAGRAPHS and _uncredited_caption(rest, n):
            captions.append(line)
            continue
        body_lines.append(line)
        paragraphs += bool(line)
    body = _paragraphs(body_lines)
    dateline = ""
    match = _DATELINE.match(body)
    if match:
        dateline = match.group(0).strip(" -–—")
        source = source or match.group(2)
    return [Article(id=article_id(path, 0), path=path, title=title, body=body, format="text",
                    date=date, source=source, dateline=dateline, captions=captions)]


def _reads_as_paragraph(line: str) -> bool:
    if not _FULL_STOP_END.search(line):
        return False
    words = len(line.split())
    return words > HEADLINE_MAX_WORDS or (
        words > TWO_SENTENCE_HEADLINE_MAX_WORDS and bool(SENTENCE_BREAK.search(line)))


def _uncredited_caption(lines: list[str], n: int) -> bool:
    """A line of description between blank lines, ending with no mark: a photo caption."""
    line = lines[n]
    alone = (n == 0 or not lines[n - 1]) and (n + 1 == len(lines) or not lines[n + 1])
    words = [word for word in line.split() if word[:1].isalpha()]
    title_case = sum(word[0].isupper() for word in words) >= TITLE_CASE_SHARE * len(words)
    return (alone and line[:1].isalpha() and line[-1:].isalnum() and len(line.split()) >= CAPTION_MIN_WORDS
            and not _QUOTE_OR_BREAK.search(line) and not title_case)


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
