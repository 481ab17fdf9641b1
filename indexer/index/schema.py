"""The Whoosh schema: what each article becomes in the index."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from indexer.article import Article
from indexer.text.analysis import news_analyzer

if TYPE_CHECKING:  # opening an index unpickles this schema: a search process never loads the gazetteers
    from indexer.entities import Entities

TITLE_BOOST = 2.0


class ValuesTokenizer(Tokenizer):
    """One token per list item: facet values such as ``Fumio Kishida`` stay whole."""

    def __eq__(self, other):
        return isinstance(other, ValuesTokenizer)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        values = [value] if isinstance(value, str) else value
        for pos, text in enumerate(values, start_pos):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = pos
            yield token


class FacetField(KEYWORD):
    """A multi-valued exact-match field that takes a list of display values."""

    def __init__(self, stored: bool = True):
        super().__init__(stored=stored, scorable=False)
        self.analyzer = ValuesTokenizer()


class Preindexed(list):
    """A field's postings, ``(term bytes, frequency, weight, encoded positions)``, computed ahead.

    Analysis is the costliest part of indexing. Reindex workers run it in
    parallel and hand the writer these postings, so the single writer process
    only files them.
    """


class NewsText(TEXT):
    """A full-text field that also accepts postings analysed in another process."""

    def index(self, value, **kwargs):
        if isinstance(value, Preindexed):
            return iter(value)
        return super().index(value, **kwargs)


def build_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        file_hash=STORED,
        title=NewsText(analyzer=news_analyzer(), stored=True, field_boost=TITLE_BOOST),
        body=NewsText(analyzer=news_analyzer(), stored=True),
        date=DATETIME(stored=True, sortable=True),
        url=STORED,
        author=STORED,
        dateline=STORED,
        format=STORED,
        tags=STORED,
        source=FacetField(),
        person=FacetField(),
        country=FacetField(),
        # Names the article writes as a firm's: read back by the reindex to tell firms named after
        # people from people (indexer/entities/merge.py), never shown.
        firm=FacetField(stored=False),
    )


_SCHEMA = build_schema()


def to_document(article: Article, entities: Entities, file_hash: str) -> dict:
    """The Whoosh document for ``article``, its text fields already analysed (see ``Preindexed``)."""
    document = {
        "id": article.id,
        "path": article.path,
        "file_hash": file_hash,
        "title": Preindexed(_SCHEMA["title"].index(article.title)),
        "_stored_title": article.title,
        "body": Preindexed(_SCHEMA["body"].index(article.searchable_body)),
        "_stored_body": article.body,
        # Not a field (Whoosh passes over names opening with "_" that store no field's value): the
        # captions indexed with the body, which the OpenSearch document analyses the same way.
        "_captions": article.captions,
        "url": article.url,
        "author": article.author,
        "dateline": article.dateline,
        "format": article.format,
        "tags": json.dumps(article.tags) if article.tags else "",
        "person": entities.persons,
        "country": entities.countries,
        "firm": entities.firms,
    }
    if article.source:
        document["source"] = [article.source]
    if article.date:
        document["date"] = datetime.fromisoformat(article.date)
    return document
