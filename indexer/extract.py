"""What the indexer would index for a set of files: the records behind `newsdex extract`."""

from __future__ import annotations

import os

from indexer.entities import extract_entities
from indexer.readers import DEFAULT_MAX_BYTES, SkipFile, read_file


def extract_files(paths, max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict]:
    """One record per article (the ``Article`` fields with its content hash, plus persons,
    countries and the file's problems) and one per skipped file (path, skipped)."""
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
            # The file's own path, not the article's copy made safe for the index, so that the
            # CLI can print an undecodable file name the same way the reindex report does.
            records.append({**article.to_dict(), "path": path, "persons": entities.persons,
                            "countries": entities.countries, "problems": problems})
    return records
