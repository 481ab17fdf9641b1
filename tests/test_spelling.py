"""Did you mean: only misspelt plain words are corrected, and only when that finds far more articles.

The reported cases run over the user's own articles (corpus/); the typo cases over small built indexes.
"""

from types import SimpleNamespace

import pytest
from helpers import search_index_of, wire_stories

from indexer.search import IndexHandle, SearchRequest, spelling


@pytest.fixture(scope="module")
def seeds(seed_index):
    return IndexHandle(seed_index).get()


# Twelve Vietnam stories against one Japan story, so that correcting "vietnma" in "vietnma japan"
# finds more than ten times what the query finds.
VIETNAM_STORIES = [
    (f"2022-{month:02d}-01", f"Vietnam rice harvest report {month}",
     "Farmers in Vietnam harvested rice across the Mekong delta before the rains come, the ministry said.")
    for month in range(1, 13)
]
OTHER_STORIES = [
    ("2021-08-08", "Coffee sales grow", "Coffee sales from the Central Highlands grew; an export permit was issued."),
    ("2021-04-04", "Japan opens a new port", "Officials in Tokyo opened a new container port in Japan."),
    ("2022-01-10", "Nguyễn Phú Trọng visits a power plant",
     "Party General Secretary Nguyễn Phú Trọng toured a plant that supplies electricity to Hanoi."),
    ("2022-05-05", "Electricity prices climb in Germany",
     "Electricity prices in Germany climbed again, Chancellor Olaf Scholz said in Berlin."),
    ("2023-07-07", "Climate summit opens",
     "A climate summit opened with delegates discussing emissions data."),
]


@pytest.fixture(scope="module")
def stories(tmp_path_factory):
    return search_index_of(tmp_path_factory.mktemp("stories"), wire_stories(VIETNAM_STORIES + OTHER_STORIES))


# The four reported cases, on the seed articles -------------------------------------------

def test_a_query_that_finds_the_articles_gets_no_suggestion(seeds):
    result = seeds.search(SearchRequest("person:kishida"))
    assert result.total == 2
    assert result.suggestion is None


def test_field_names_are_never_corrected(seeds):
    assert seeds.search(SearchRequest("title:summit")).suggestion is None
    for field in ("title", "body", "person", "country", "source"):
        suggestion = seeds.search(SearchRequest(f"{field}:kishda")).suggestion
        assert suggestion is None or suggestion.startswith(f"{field}:"), suggestion


def test_an_operator_query_that_finds_articles_gets_no_suggestion(seeds):
    result = seeds.search(SearchRequest("trade NOT china"))
    assert result.total == 2
    assert result.suggestion is None


def test_short_words_are_not_respelt_into_other_words(seeds):
    # "news" is a real word the articles lack (the "Other news" link list is stripped); "new" is another word.
    result = seeds.search(SearchRequest('"Other news"'))
    assert result.total == 0
    assert result.suggestion is None


# Typos on the seed articles --------------------------------------------------------------

def test_a_misspelt_name_is_corrected(seeds):
    assert seeds.search(SearchRequest("kishda")).suggestion == "kishida"
    assert seeds.search(SearchRequest("Kishda")).suggestion == "Kishida", "the typed capital is kept"


def test_a_misspelt_person_is_corrected_against_the_people(seeds):
    assert seeds.search(SearchRequest("person:kishda")).total == 0
    suggestion = seeds.search(SearchRequest("person:kishda")).suggestion
    assert suggestion == "person:kishida"
    assert seeds.search(SearchRequest(suggestion)).total == 2


def test_a_correction_that_finds_every_word_is_offered_beside_the_partial_matches(seeds):
    # No article has "vietnma": the keyword query finds the two with "japan" and says so; the
    # correction finds the same two with every word.
    result = seeds.search(SearchRequest("vietnma japan"))
    assert (result.total, result.words_matched, result.suggestion) == (2, (1, 2), "vietnam japan")
    corrected = seeds.search(SearchRequest("vietnam japan"))
    assert (corrected.total, corrected.words_matched, corrected.suggestion) == (2, None, None)


def test_an_accented_word_the_index_has_unaccented_is_correct(seeds):
    result = seeds.search(SearchRequest("Nguyễn"))
    assert result.total == 2
    assert result.suggestion is None


# Typos on a built index ------------------------------------------------------------------

def test_a_correction_that_finds_ten_times_the_articles_is_offered(stories):
    assert stories.search(SearchRequest("vietnma japan")).total == 1
    assert stories.search(SearchRequest("vietnma japan")).suggestion == "vietnam japan"
    assert stories.search(SearchRequest("Vietnma JAPAN")).suggestion == "Vietnam JAPAN"


def test_the_ratio_rule_at_its_boundary(stories):
    def suggest(found, suggestion_finds):
        lexicon = spelling.IndexLexicon(stories.searcher.reader(), stories.facets)
        return spelling.suggest(SearchRequest("vietnma japan"), found, lexicon=lexicon,
                                search=lambda request: SimpleNamespace(total=suggestion_finds))

    assert suggest(0, 1) == "vietnam japan"
    assert suggest(0, 0) is None, "a suggestion must itself find articles"
    assert suggest(2, 2 * spelling.HIT_RATIO) == "vietnam japan"
    assert suggest(2, 2 * spelling.HIT_RATIO - 1) is None


def test_operators_quotes_and_accents_are_kept(stories):
    assert stories.search(SearchRequest("Nguyễn AND electrcity")).total == 0
    assert stories.search(SearchRequest("Nguyễn AND electrcity")).suggestion == "Nguyễn AND electricity"
    assert stories.search(SearchRequest('"electrcity prices"')).suggestion == '"electricity prices"'
    assert stories.search(SearchRequest("(electrcity OR rice) AND germny")).suggestion == \
        "(electricity OR rice) AND germany"


def test_the_correction_is_the_word_closest_to_what_was_typed(stories):
    # "cofee" is one edit from the stems of both "come" (in twelve articles) and "coffee" (in one).
    assert stories.search(SearchRequest("cofee")).suggestion == "coffee"
    assert stories.search(SearchRequest("exprt")).suggestion == "export"


def test_a_suggestion_that_finds_nothing_is_not_offered(stories):
    assert stories.search(SearchRequest("electricity AND summmit")).total == 0
    assert stories.search(SearchRequest("electricity AND summmit")).suggestion is None


def test_date_values_are_never_corrected(stories):
    # "date" is one edit from "data", which the index has.
    assert stories.search(SearchRequest("date:[2022-01 to 2022-12] electrcity")).suggestion == \
        "date:[2022-01 to 2022-12] electricity"
    assert stories.search(SearchRequest("date:{2022-01 to 2022-12} electrcity")).suggestion == \
        "date:{2022-01 to 2022-12} electricity"
    assert stories.search(SearchRequest("date:2022 electrcity")).suggestion == "date:2022 electricity"


def test_wildcards_are_never_corrected(stories):
    assert stories.search(SearchRequest("electrcity*")).suggestion is None


def test_entity_values_are_corrected_against_the_entities_not_the_text(stories):
    assert stories.search(SearchRequest("country:vietnma")).suggestion == "country:vietnam"
    # "vietnam" is a word of the text but no person's name.
    assert stories.search(SearchRequest("person:vietnma")).suggestion is None
