"""Behaviour of indexer.entities: countries, people, merging, slugs."""

from __future__ import annotations

import pickle

import pytest

from indexer.article import Article
from indexer.entities import Entities, extract_entities, merge_people, slugify


def art(body: str, title: str = "", date: str | None = "2023-06-01", dateline: str = "") -> Article:
    return Article(id="t", path="t", title=title, body=body, format="test", date=date, dateline=dateline)


def countries(body: str, **kw) -> list[str]:
    return extract_entities(art(body, **kw)).countries


def persons(body: str, **kw) -> list[str]:
    return extract_entities(art(body, **kw)).persons


# ------------------------------------------------------------------ countries: names and forms

@pytest.mark.parametrize("text, expected", [
    ("Talks were held in Viet Nam last week.", "Vietnam"),
    ("Seoul said the Republic of Korea would respond.", "South Korea"),
    ("The U.S. economy grew.", "United States"),
    ("The US economy grew.", "United States"),
    ("Exports to the UK rose.", "United Kingdom"),
    ("Exports to the U.K. rose.", "United Kingdom"),
    ("Typhoon hits the Philippines.", "Philippines"),
    ("Vietnamese exporters gained.", "Vietnam"),
    ("Japanese carmakers gained.", "Japan"),
    ("Dutch bankers met.", "Netherlands"),
    ("American officials met.", "United States"),
    ("Iran and Taiwan were mentioned.", "Iran"),
    ("Iran and Taiwan were mentioned.", "Taiwan"),
])
def test_names_short_forms_and_demonyms(text, expected):
    assert expected in countries(text)


def test_lowercase_us_is_a_pronoun():
    assert countries("He told us about it.") == []


def test_display_names_are_everyday_names():
    got = countries("Russia, Iran, Syria, South Korea and Vietnam signed.")
    assert got == ["Russia", "Iran", "Syria", "South Korea", "Vietnam"]


# ------------------------------------------------------------------ countries: historic states by date

def test_moscow_1987_is_soviet_union():
    assert countries("Officials in Moscow said.", date="1987-03-02") == ["Soviet Union"]
    assert countries("Officials in Moscow said.", date="2019-03-02") == ["Russia"]


def test_bonn_and_germany_before_unification_are_west_germany():
    assert countries("Officials in Bonn and Frankfurt said.", date="1987-03-02") == ["West Germany"]
    assert countries("German exports rose.", date="1987-03-02") == ["West Germany"]
    assert countries("German exports rose.", date="2020-03-02") == ["Germany"]
    assert countries("Leipzig fair opened.", date="1987-03-02") == ["East Germany"]


@pytest.mark.parametrize("text, expected", [
    ("The Soviet Union and the USSR.", "Soviet Union"),
    ("Soviet grain purchases.", "Soviet Union"),
    ("West Germany and East Germany.", "West Germany"),
    ("West Germany and East Germany.", "East Germany"),
    ("Yugoslavia exported.", "Yugoslavia"),
    ("Czechoslovakia exported.", "Czechoslovakia"),
    ("Zaire exported copper.", "Zaire"),
    ("Burma exported rice.", "Burma"),
])
def test_historic_states_kept_as_themselves(text, expected):
    assert expected in countries(text, date="1987-05-01")


def test_historic_names_of_successors_by_date():
    assert countries("Prague said.", date="1987-01-01") == ["Czechoslovakia"]
    assert countries("Prague said.", date="2001-01-01") == ["Czech Republic"]
    assert countries("Kinshasa said.", date="1987-01-01") == ["Zaire"]


# ------------------------------------------------------------------ countries: datelines

@pytest.mark.parametrize("dateline, expected", [
    ("TOKYO, March 3", "Japan"),
    ("NEW YORK, March 3", "United States"),
    ("WASHINGTON", "United States"),
    ("ROCHESTER, N.Y.", "United States"),
    ("CALGARY, Alberta", "Canada"),
    ("Hanoi (VNA)", "Vietnam"),
    ("HOUSTON, March 3", "United States"),
])
def test_datelines(dateline, expected):
    assert extract_entities(art("The company reported results.", dateline=dateline)).countries == [expected]


def test_dateline_at_start_of_body():
    assert countries("Hanoi (VNA) - The ministry reported results.") == ["Vietnam"]
    assert countries("CHICAGO, March 3 - The company reported results.") == ["United States"]


def test_us_cities_in_text():
    assert countries("The Chicago-based company said.") == ["United States"]


# ------------------------------------------------------------------ countries: ambiguous words

def test_georgia_us_state_vs_country():
    assert countries("Atlanta, Georgia, voted for the bill.") == ["United States"]
    got = countries("Georgia said troops left Tbilisi.", date="2008-08-20")
    assert got == ["Georgia"]


def test_jordan_person_vs_country():
    assert "Jordan" not in countries("Michael Jordan scored 40 points. Jordan said he was tired.")
    assert persons("Michael Jordan scored 40 points. Jordan said he was tired.") == ["Michael Jordan"]
    assert countries("King Abdullah of Jordan met officials in Amman.") == ["Jordan"]


def test_chad_person_vs_country():
    assert countries("Chad Smith played the drums.") == []
    assert countries("Troops from Chad and Niger crossed the border.") == ["Chad", "Niger"]


def test_turkey_bird_vs_country():
    assert countries("Turkey prices rose before Thanksgiving as poultry demand grew.") == []
    assert countries("Roast Turkey Dinner was served.") == []
    assert countries("Turkey said Ankara would respond.") == ["Turkey"]


def test_guinea_pig():
    assert countries("Scientists tested it on a Guinea pig.") == []
    assert countries("Guinea held elections.") == ["Guinea"]
    assert countries("Papua New Guinea held elections.") == ["Papua New Guinea"]


def test_china_porcelain():
    assert countries("She collected fine China and bone china.") == []
    assert countries("The China cabinet was sold.") == []
    assert countries("China exported steel.") == ["China"]


def test_niger_river():
    assert countries("The Niger River flooded.") == []
    assert countries("Niger held elections.") == ["Niger"]


def test_non_country_phrases():
    assert countries("The South China Sea and the Indian Ocean.") == []
    assert countries("He lived on Grenada Street.") == []


# ------------------------------------------------------------------ people: titles and organisations

def test_title_is_stripped():
    assert persons("Prime Minister Fumio Kishida arrived.") == ["Fumio Kishida"]
    assert persons("Party General Secretary Nguyen Phu Trong spoke.") == ["Nguyen Phu Trong"]
    assert persons("U.S. Treasury Secretary James Baker said so.") == ["James Baker"]


@pytest.mark.parametrize("phrase", [
    "Liberal Democratic Party", "National Diet", "House of Councillors", "Politburo", "Central Committee",
    "UN Charter", "Doi moi", "General Secretary", "Foreign Ministry", "Tokyo Stock Exchange",
    "Mitsubishi Corp", "Sony Corp", "Bank of Japan", "Barclays Bank", "Acme Co", "Acme Ltd", "Apple Inc",
])
def test_organisations_and_titles_are_never_people(phrase):
    assert persons(f"The {phrase} said on Monday it agreed. {phrase} officials said.") == []


def test_places_months_weekdays_not_people():
    assert persons("Japan said on Monday. Tokyo said in March. Vietnam said Hanoi agreed.") == []


def test_signals():
    assert persons("Comissaria Smith said prices rose.") == ["Comissaria Smith"]
    assert persons("Paul Volcker, chairman of the Federal Reserve, spoke.") == ["Paul Volcker"]
    assert persons("President Reagan spoke.") == ["Reagan"]


# ------------------------------------------------------------------ people: merging within an article

def test_kishida_orders_merge_in_article():
    got = persons("Prime Minister Kishida Fumio arrived. Fumio Kishida said ties were strong. Kishida left.")
    assert got == ["Fumio Kishida"]


def test_vietnamese_given_name_back_reference():
    got = persons("Politburo member Truong Thi Mai attended. Mai said relations were good.")
    assert got == ["Truong Thi Mai"]


def test_bare_surname_back_reference():
    assert persons("Treasury Secretary James Baker spoke. Baker said the dollar was fine.") == ["James Baker"]


def test_two_bakers_stay_apart():
    got = persons("Treasury Secretary James Baker met White House chief of staff Howard Baker. Baker said.")
    assert got == ["James Baker", "Howard Baker"]


def test_accents_merge_in_article():
    got = persons("General Secretary Nguyễn Phú Trọng spoke. Later Nguyen Phu Trong said so. "
                  "Nguyễn Phú Trọng left.")
    assert got == ["Nguyễn Phú Trọng"]


# ------------------------------------------------------------------ corpus merge

def test_merge_people_orders_accents_and_bakers():
    aliases = merge_people([
        ["Kishida Fumio"], ["Fumio Kishida"], ["Kishida Fumio", "Nguyễn Phú Trọng"],
        ["Nguyen Phu Trong"], ["Nguyen Phu Trong"], ["Nguyễn Phú Trọng"], ["Nguyen Phu Trong"],
        ["James Baker"], ["Howard Baker"], ["James Baker"], ["Howard Baker"], ["Baker"],
    ])
    assert aliases["Kishida Fumio"] == "Fumio Kishida"
    assert aliases.get("Fumio Kishida", "Fumio Kishida") == "Fumio Kishida"
    assert aliases["Nguyễn Phú Trọng"] == "Nguyen Phu Trong"
    assert aliases.get("Nguyen Phu Trong", "Nguyen Phu Trong") == "Nguyen Phu Trong"
    assert aliases.get("James Baker", "James Baker") == "James Baker"
    assert aliases.get("Howard Baker", "Howard Baker") == "Howard Baker"
    assert aliases.get("Baker", "Baker") == "Baker"


def test_merge_people_drops_names_the_archive_writes_as_a_firms():
    # "Merrill Lynch": named as a person in 3 articles, written as a firm in 2 (at least half as many).
    # "Margaret Thatcher": a person in 4, a firm's name once (a parse slip): still a person.
    # "Dean Witter": a firm in 1 article only, beside 1 as a person: one article cannot tell.
    persons = [["Merrill Lynch"], ["Merrill Lynch", "Margaret Thatcher"], ["Lynch Merrill"],
               ["Margaret Thatcher"], ["Margaret Thatcher"], ["Margaret Thatcher"], ["Dean Witter"]]
    firms = [["Merrill Lynch"], ["Merrill Lynch"], [], ["Margaret Thatcher"], [], [], ["Dean Witter"]]
    aliases = merge_people(persons, firms)
    assert aliases["Merrill Lynch"] is None and aliases["Lynch Merrill"] is None
    assert aliases.get("Margaret Thatcher", "Margaret Thatcher") == "Margaret Thatcher"
    assert aliases.get("Dean Witter", "Dean Witter") == "Dean Witter"
    # Three person articles need two firm articles (half is 1.5): one is not enough.
    assert merge_people([["Merrill Lynch"]] * 3, [["Merrill Lynch"]]).get("Merrill Lynch") == "Merrill Lynch"


def test_an_article_reports_the_names_it_writes_as_a_firms():
    got = extract_entities(art(
        "Merrill Lynch and Co raised its forecast. Merrill Lynch said demand was strong. "
        "Bank Leumi lent the money, said Yosef Levy, a spokesman."))
    assert got.firms == ["Merrill Lynch", "Leumi"]
    assert got.persons == ["Yosef Levy"]


def test_merge_people_accented_form_wins_when_more_common():
    aliases = merge_people([["Nguyễn Phú Trọng"], ["Nguyễn Phú Trọng"], ["Nguyen Phu Trong"]])
    assert aliases["Nguyen Phu Trong"] == "Nguyễn Phú Trọng"


def test_merge_people_hyphenated_and_spaced_given_names():
    aliases = merge_people([["Rha Woong-bae"], ["Rha Woong-bae"], ["Rha Woong Bae"], ["Jean Pierre Raffarin"],
                            ["Jean-Pierre Raffarin"], ["Jean-Pierre Raffarin"], ["Kim Mahn-je"]])
    assert aliases["Rha Woong Bae"] == "Rha Woong-bae"
    assert aliases["Jean Pierre Raffarin"] == "Jean-Pierre Raffarin"
    assert aliases.get("Kim Mahn-je", "Kim Mahn-je") == "Kim Mahn-je"


def test_merge_people_bare_surname_to_unique_full_name():
    aliases = merge_people([["Yasuhiro Nakasone"], ["Nakasone"], ["Yasuhiro Nakasone"]])
    assert aliases["Nakasone"] == "Yasuhiro Nakasone"


# ------------------------------------------------------------------ slugs and API

@pytest.mark.parametrize("name, slug", [
    ("Fumio Kishida", "fumio-kishida"), ("Nguyễn Phú Trọng", "nguyen-phu-trong"),
    ("United States", "united-states"), ("Côte d'Ivoire", "cote-divoire"), ("Đà Nẵng", "da-nang"),
])
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_entities_pickle():
    ents = extract_entities(art("Prime Minister Fumio Kishida visited Vietnam."))
    assert isinstance(ents, Entities)
    assert pickle.loads(pickle.dumps(ents)) == ents
    assert pickle.loads(pickle.dumps(art("x"))).body == "x"
