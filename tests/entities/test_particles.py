"""One list of name particles: an article and the corpus agree on which words tell people apart."""

from indexer.entities import merge_people
from indexer.entities.people import find_people
from indexer.entities.text import fold, tokenize


def _people(text: str) -> list[str]:
    tokens = tokenize(text)
    return find_people(tokens, [fold(t) for t in tokens])[0]


def test_a_particle_joins_a_name_in_an_article():
    assert _people("President Zine el-Abidine ben Ali said on Monday that talks would go on.") == [
        "Zine el-Abidine ben Ali"]


def test_the_corpus_merges_names_that_differ_by_a_particle_only():
    aliases = merge_people([["Zine el-Abidine ben Ali"], ["Zine el-Abidine ben Ali"], ["Zine el-Abidine Ali"]])
    assert aliases["Zine el-Abidine Ali"] == "Zine el-Abidine ben Ali"
