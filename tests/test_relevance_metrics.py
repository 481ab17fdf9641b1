"""The ranking metrics of bench/metrics.py against a worked example."""

import math
import sys

import pytest
from helpers import REPO

sys.path.insert(0, str(REPO / "bench"))

from metrics import average_precision, evaluate, ndcg_at, precision_at, read_qrels, recall_at  # noqa: E402

# Ranking d1..d10 for one query; relevant: d1, d3, d6 and d20 (never retrieved); d2 judged not relevant.
RANKING = [f"d{i}" for i in range(1, 11)]
QRELS = {"d1": 1, "d2": 0, "d3": 1, "d6": 1, "d20": 1}


def test_average_precision_by_hand():
    # Relevant at ranks 1, 3, 6: precisions 1/1, 2/3, 3/6; d20 missed counts 0; 4 relevant in all.
    # AP = (1 + 0.6667 + 0.5 + 0) / 4 = 0.541667
    assert average_precision(RANKING, QRELS) == pytest.approx((1 + 2 / 3 + 3 / 6) / 4)
    assert average_precision(RANKING, QRELS, cutoff=3) == pytest.approx((1 + 2 / 3) / 4)


def test_precision_and_recall_by_hand():
    assert precision_at(RANKING, QRELS, 10) == pytest.approx(3 / 10)
    assert precision_at(RANKING, QRELS, 5) == pytest.approx(2 / 5)
    assert precision_at(RANKING[:2], QRELS, 10) == pytest.approx(1 / 10), "a short list is not rewarded"
    assert recall_at(RANKING, QRELS, 100) == pytest.approx(3 / 4)


def test_ndcg_by_hand():
    # DCG@10 = 1/log2(2) + 1/log2(4) + 1/log2(7) = 1 + 0.5 + 0.356207 = 1.856207
    # ideal: four relevant at ranks 1-4 = 1 + 0.630930 + 0.5 + 0.430677 = 2.561606 -> nDCG = 0.724627
    dcg = 1 + 1 / 2 + 1 / math.log2(7)
    ideal = 1 + 1 / math.log2(3) + 1 / 2 + 1 / math.log2(5)
    assert ndcg_at(RANKING, QRELS, 10) == pytest.approx(dcg / ideal)
    assert ndcg_at(RANKING, QRELS, 10) == pytest.approx(0.724627, abs=1e-6)
    assert ndcg_at(["d1", "d3", "d6", "d20"], QRELS, 10) == pytest.approx(1.0)


def test_graded_ndcg():
    # Grade 2 at rank 2, grade 1 at rank 1: DCG = 1 + 2/log2(3); ideal = 2 + 1/log2(3).
    qrels = {"a": 1, "b": 2}
    assert ndcg_at(["a", "b"], qrels, 10) == pytest.approx((1 + 2 / math.log2(3)) / (2 + 1 / math.log2(3)))


def test_evaluate_averages_over_judged_queries_and_missing_runs_score_zero():
    qrels = read_qrels(["1 0 d1 1", "1 0 d3 1", "1 0 d6 1", "1 0 d20 1", "1 0 d2 0",
                        "2 0 x 1", "3 0 y 0"])  # query 3 has no relevant document: not judged
    result = evaluate({"1": RANKING}, qrels)  # query 2 has no results
    assert result["queries"] == 2
    assert result["map"] == pytest.approx((1 + 2 / 3 + 3 / 6) / 4 / 2)
    assert result["p@10"] == pytest.approx(0.3 / 2)
    assert result["recall@100"] == pytest.approx(0.75 / 2)
