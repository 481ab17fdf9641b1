"""Ranking metrics over one query's ranked list and its relevance judgements.

``ranking`` is the list of document ids in rank order (best first); ``qrels`` maps a document id to
its judged relevance (0 = judged not relevant; absent = not judged, counted as not relevant).
Every function returns 0.0 for a query without relevant documents, so callers average only over
judged queries (those with at least one relevant document).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def _relevant(qrels: Mapping[str, int]) -> set[str]:
    return {doc for doc, rel in qrels.items() if rel > 0}


def average_precision(ranking: Sequence[str], qrels: Mapping[str, int], cutoff: int = 1000) -> float:
    """Mean over the relevant documents of the precision at each one's rank (0 for those not retrieved)."""
    relevant = _relevant(qrels)
    if not relevant:
        return 0.0
    found = 0
    total = 0.0
    for rank, doc in enumerate(ranking[:cutoff], 1):
        if doc in relevant:
            found += 1
            total += found / rank
    return total / len(relevant)


def precision_at(ranking: Sequence[str], qrels: Mapping[str, int], k: int = 10) -> float:
    """Relevant documents among the first ``k``, divided by ``k`` (a short list is not rewarded)."""
    relevant = _relevant(qrels)
    if not relevant:
        return 0.0
    return sum(1 for doc in ranking[:k] if doc in relevant) / k


def recall_at(ranking: Sequence[str], qrels: Mapping[str, int], k: int = 100) -> float:
    """Share of the relevant documents found in the first ``k``."""
    relevant = _relevant(qrels)
    if not relevant:
        return 0.0
    return sum(1 for doc in ranking[:k] if doc in relevant) / len(relevant)


def ndcg_at(ranking: Sequence[str], qrels: Mapping[str, int], k: int = 10) -> float:
    """nDCG@k with linear gain (gain = relevance grade) and a log2(rank + 1) discount, as trec_eval."""
    gains = sorted((rel for rel in qrels.values() if rel > 0), reverse=True)
    if not gains:
        return 0.0
    dcg = sum(qrels.get(doc, 0) / math.log2(rank + 1) for rank, doc in enumerate(ranking[:k], 1)
              if qrels.get(doc, 0) > 0)
    ideal = sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains[:k], 1))
    return dcg / ideal


def evaluate(runs: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]]) -> dict[str, float]:
    """MAP (cut at 1000), nDCG@10, P@10 and Recall@100 averaged over every judged query.

    A judged query is one with at least one relevant document; one missing from ``runs`` scores 0.
    """
    judged = sorted(qid for qid, judgements in qrels.items() if _relevant(judgements))
    if not judged:
        return {"queries": 0, "map": 0.0, "ndcg@10": 0.0, "p@10": 0.0, "recall@100": 0.0}
    sums = {"map": 0.0, "ndcg@10": 0.0, "p@10": 0.0, "recall@100": 0.0}
    for qid in judged:
        ranking, judgements = runs.get(qid, []), qrels[qid]
        sums["map"] += average_precision(ranking, judgements, 1000)
        sums["ndcg@10"] += ndcg_at(ranking, judgements, 10)
        sums["p@10"] += precision_at(ranking, judgements, 10)
        sums["recall@100"] += recall_at(ranking, judgements, 100)
    return {"queries": len(judged), **{name: value / len(judged) for name, value in sums.items()}}


def read_qrels(lines) -> dict[str, dict[str, int]]:
    """TREC qrels (``qid iteration docid rel``), later lines overriding earlier ones."""
    qrels: dict[str, dict[str, int]] = {}
    for line in lines:
        parts = line.split()
        if len(parts) < 4:
            continue
        qrels.setdefault(parts[0], {})[parts[2]] = int(float(parts[3]))
    return qrels


def read_queries(lines) -> dict[str, str]:
    """``qid<TAB>text`` lines."""
    queries = {}
    for line in lines:
        line = line.rstrip("\n")
        if "\t" in line:
            qid, text = line.split("\t", 1)
            queries[qid.strip()] = text.strip()
    return queries
