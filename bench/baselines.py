"""Plain BM25 baselines over a test collection, run beside the engine by bench/relevance.py.

Both read a document's title and text as one field, analysed by the engine's own analyzer
(``index_terms``: the same tokens, stop words and stems), so only the scoring differs from the engine's:

- ``lucene_bm25``: Lucene's BM25 with k1 1.5, b 0.75, one clause per query word (a repeated word
  counts again), computed with the engine's own ``idf``, ``length_factor`` and ``saturation``;
- ``fts5_bm25``: SQLite FTS5's ``bm25()`` (k1 1.2, b 0.75, its own idf) over the analysed words, the
  query an OR of them.

No feedback, no field weights, nothing tuned: the "nothing clever" a ranking must beat.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Mapping

import numpy as np

from indexer.search.ranking import idf, length_factor, saturation, top_indices
from indexer.text.analysis import index_terms

DEPTH = 1000


def read_documents(path: str) -> list[tuple[str, list[str]]]:
    """(collection doc id, analysed words of title and text) for each line of ``docs.jsonl``."""
    documents = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if line.strip():
                record = json.loads(line)
                text = f"{record.get('title') or ''}\n{record.get('text') or ''}"
                documents.append((str(record.get("id", number)), index_terms(text)))
    return documents


def lucene_bm25(documents: list[tuple[str, list[str]]], queries: Mapping[str, str],
                k1: float = 1.5, b: float = 0.75) -> dict[str, list[str]]:
    """The best DEPTH documents of each query by Lucene-style BM25 over one field."""
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    lengths = np.zeros(len(documents))
    for number, (_, words) in enumerate(documents):
        lengths[number] = len(words)
        for word, tf in Counter(words).items():
            postings[word].append((number, tf))
    arrays = {word: (np.array([d for d, _ in found]), np.array([tf for _, tf in found], dtype=np.float64))
              for word, found in postings.items()}
    factors = length_factor(lengths, float(lengths.mean()) if len(lengths) else 1.0, b, 1.0)
    runs = {}
    for qid, text in queries.items():
        scores = np.zeros(len(documents))
        for word, count in Counter(index_terms(text)).items():
            if word in arrays:
                docs, tf = arrays[word]
                scores[docs] += saturation(tf * factors[docs], k1, idf(len(documents), len(docs)) * count)
        best = top_indices(scores, DEPTH)
        runs[qid] = [documents[i][0] for i in best if scores[i] > 0]
    return runs


def fts5_bm25(documents: list[tuple[str, list[str]]], queries: Mapping[str, str]) -> dict[str, list[str]]:
    """The best DEPTH documents of each query by SQLite FTS5's bm25() over the analysed words."""
    connection = sqlite3.connect(":memory:")
    # The words are analysed already: FTS5 only splits them at spaces (and at the few non-alphanumeric
    # characters a stem can hold, in documents and queries alike).
    connection.execute("CREATE VIRTUAL TABLE docs USING fts5(words, tokenize = 'unicode61')")
    connection.executemany("INSERT INTO docs(rowid, words) VALUES (?, ?)",
                           ((number, " ".join(words)) for number, (_, words) in enumerate(documents)))
    runs = {}
    for qid, text in queries.items():
        words = [word.replace('"', '""') for word in index_terms(text)]
        if not words:
            runs[qid] = []
            continue
        match = " OR ".join(f'"{word}"' for word in words)
        rows = connection.execute("SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                                  (match, DEPTH)).fetchall()
        runs[qid] = [documents[rowid][0] for (rowid,) in rows]
    connection.close()
    return runs
