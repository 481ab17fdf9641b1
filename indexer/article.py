"""The `Article` record: what every reader yields and everything downstream consumes."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field


@dataclass
class Article:
    """One news article, independent of the format it was read from.

    ``id`` is stable across reindexes: it is derived from the source file's
    absolute path and the article's key inside that file (its position, or the
    record's own id where the format has one).
    """

    id: str
    path: str
    title: str
    body: str
    format: str
    url: str = ""
    date: str | None = None  # ISO 8601: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS
    source: str = ""
    author: str = ""
    dateline: str = ""
    # Editors' own tags carried by the source (Reuters TOPICS/PLACES/PEOPLE),
    # kept apart from the people and countries we extract ourselves.
    tags: dict[str, list[str]] = field(default_factory=dict)
    # Photo captions: page furniture, kept out of the body and its snippets, but the people and
    # places they name are the article's ("X at the talks with Y" may be the only full name of Y).
    captions: list[str] = field(default_factory=list)

    @property
    def searchable_body(self) -> str:
        return searchable_text(self.body, self.captions)

    @property
    def content_hash(self) -> str:
        fields = [self.title, self.body, self.date or "", self.source, self.author, self.url]
        text = "\x1f".join(fields + self.captions)  # no captions: the same hash as before they were kept
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict:
        record = asdict(self)
        record["content_hash"] = self.content_hash
        return record


def article_id(path: str, key: str | int = 0) -> str:
    """A short, stable, URL-safe id for the article ``key`` inside ``path``."""
    digest = hashlib.sha1(f"{path}\x00{key}".encode("utf-8", "surrogateescape")).hexdigest()
    return digest[:16]


def searchable_text(body: str, captions: list[str]) -> str:
    """The body and the photo captions: the text a search reads. A caption may hold the only full name
    of someone in the story ("Kishida Fumio" in the photo's line), so it is found, though it stays out
    of the body shown and its snippets."""
    return "\n\n".join([body, *captions])
