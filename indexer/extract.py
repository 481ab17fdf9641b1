"""What the indexer would index for a set of files: the records behind `newsdex extract`."""

from __future__ import annotations

import os

from indexer.entities import extract_entities
from indexer.readers import DEFAULT_MAX_BYTES, SkipFile, read_file


def extract_files(paths, max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict]:
    """One record per article (path, title, date, author, source, url, persons, countries, body)
    and one per skipped file (path, skipped)."""
    records = []
    for path in paths:
        path = os.path.abspath(path)
        try:
            articles = read_file(path, max_bytes)
        except SkipFile as exc:
            records.append({"path": path, "skipped": str(exc)})
            continue
        problems = list(getattr(articles, "problems", []))
        for article in articles:
            entities = extract_entities(article)
            records.append({
                "path": path, "id": article.id, "title": article.title, "date": article.date,
                "author": article.author, "source": article.source, "url": article.url,
                "dateline": article.dateline, "persons": entities.persons, "countries": entities.countries,
                "body": article.body, "problems": problems,
            })
    return records
