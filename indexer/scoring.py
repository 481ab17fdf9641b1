"""How matches are ranked: the Whoosh weighting model every search uses."""

from whoosh.scoring import BM25F


def weighting():
    return BM25F()
