"""A country needs evidence beyond a city name that is also a common word, a person's name or part of
a longer capitalised name (indexer.entities.places: WEAK_NAMES, _name_run, _weak_name)."""

from __future__ import annotations

import pytest

from indexer.article import Article
from indexer.entities import extract_entities
from indexer.entities.places import DISPLAY

FALKLANDS = DISPLAY["FK"]
CAMEROON = DISPLAY["CM"]
REUNION = DISPLAY["RE"]


def countries(body: str, title: str = "", dateline: str = "", date: str = "1987-03-02") -> list[str]:
    article = Article(id="t", path="t", title=title, body=body, format="test", date=date, dateline=dateline)
    return extract_entities(article).countries


# ------------------------------------------------------------------ a city inside a longer name


@pytest.mark.parametrize("title, body", [
    ("", "The issue is led by Morgan Stanley International, the bank said."),
    ("", "Morgan Stanley and Co Inc will act as lead manager."),
    ("LEWIS LEHRMAN TO JOIN MORGAN STANLEY <MS>", "Morgan Stanley Group Inc said Lewis Lehrman will join it."),
    ("", "Analysts at Morgan Stanley expect the Fed to hold rates. Stanley said nothing more."),
    ("", "The record of Stanley Baldwin as prime minister was debated."),
    ("STANLEY WORKS <SWK> SETS PAYOUT", "Stanley Works said it raised its quarterly dividend."),
])
def test_stanley_in_a_name_is_not_the_falklands(title, body):
    assert FALKLANDS not in countries(body, title=title)


@pytest.mark.parametrize("title, body", [
    ("", "The company plans a dual listing in London and New York."),
    ("DUAL LISTING PLANNED", "The shares will trade on two exchanges."),
    ("", "Dual trading is the practice of trading for clients and for oneself."),
    ("CME LIMITS BUT DOES NOT BAN DUAL TRADING", "The exchange voted on Tuesday."),
])
def test_dual_is_not_douala(title, body):
    assert CAMEROON not in countries(body, title=title)


@pytest.mark.parametrize("title, body", [
    ("Réunion du conseil municipal", "La réunion a duré trois heures et le maire a parlé."),
    ("", "Réunion extraordinaire des actionnaires lundi. Les actionnaires ont voté."),
    ("RÉUNION DES MINISTRES", "Les ministres se sont retrouvés pour une longue séance."),
    ("", "The family reunion drew forty people. Reunion organisers were pleased."),
])
def test_reunion_the_meeting_is_not_the_island(title, body):
    assert REUNION not in countries(body, title=title)


def test_a_person_named_after_a_city_is_not_the_city():
    assert FALKLANDS not in countries("Kevin Stanley, a trader, said prices rose.")


# ------------------------------------------------------------------ the place itself still counts


def test_port_stanley_falkland_islands():
    assert FALKLANDS in countries("British troops landed at Port Stanley, Falkland Islands, in 1982.")


def test_dateline_stanley_falkland_islands():
    assert FALKLANDS in countries("The governor said fishing licences would be issued.",
                                  dateline="STANLEY, Falkland Islands, March 3")


def test_body_dateline_stanley_falkland_islands():
    assert FALKLANDS in countries("STANLEY, Falkland Islands, March 3 - The governor said licences "
                                  "would be issued.")


def test_in_stanley_alone_is_the_place():
    assert FALKLANDS in countries("Talks were held in Stanley on Monday about fishing rights.")


def test_port_stanley_alone_is_the_place():
    assert FALKLANDS in countries("The ship reached Port Stanley after a week at sea.")


def test_in_douala_cameroons_port():
    got = countries("Cocoa was loaded in Douala, Cameroon's port, on Friday.")
    assert got == [CAMEROON]


def test_in_douala_alone_is_the_place():
    assert CAMEROON in countries("Cocoa was loaded in Douala on Friday.")


def test_the_island_of_reunion():
    assert REUNION in countries("Sugar from the island of Réunion was sold to Portugal.")


def test_reunion_island():
    assert REUNION in countries("Cyclone warnings were issued on Réunion island.")


# ------------------------------------------------------------------ names named after places


@pytest.mark.parametrize("body, expected", [
    ("The Tokyo Stock Exchange index rose.", "Japan"),
    ("The Chicago Board of Trade closed early.", "United States"),
    ("Chicago-based Amoco Corp said it would sell the unit.", "United States"),
    ("Leipzig fair opened.", "East Germany"),
    ("Officials in Tokyo said talks would go on.", "Japan"),
])
def test_a_place_named_organisation_keeps_its_place(body, expected):
    assert expected in countries(body)


# ------------------------------------------------------------------ namesakes elsewhere


@pytest.mark.parametrize("body, wrong, right", [
    ("The plant in Jamestown, N.Y., was never built.", DISPLAY["SH"], "United States"),
    ("Unitek, based in Monrovia, Calif., makes dental products.", DISPLAY["LR"], "United States"),
    ("He moved to London, Ont., last year.", "United Kingdom", "Canada"),
])
def test_a_city_with_a_us_state_or_canadian_province_is_the_north_american_one(body, wrong, right):
    got = countries(body)
    assert wrong not in got and right in got


def test_inner_mongolia_is_china():
    assert countries("Drought hit parts of Inner Mongolia and Sichuan.") == ["China"]


def test_jersey_beside_new_jersey_is_the_state():
    got = countries("New Jersey regulators approved the rate cut. Jersey Central filed in January.")
    assert got == ["United States"]
    assert countries("The trust was set up in Jersey, Channel Islands.") == [DISPLAY["JE"]]


# ------------------------------------------------------------- a country named only in a currency, a treaty, a firm


@pytest.mark.parametrize("body", [
    "The dollar rose to 1.52 Swiss francs from 1.50, dealers in Chicago said.",
    "Futures on British pounds and Japanese yen were quiet, dealers in Chicago said.",
    "Drilling in the Gulf of Mexico rose, a company in Chicago said.",
    "The Warsaw Pact and the Uruguay Round were discussed in Chicago.",
    "Troops of the Warsaw Pact held exercises, officials in Chicago said.",
    "BP Canadian Holdings Ltd sold its stake, the Chicago firm said.",
    "The Japan Fund Inc said its net asset value rose, a Chicago spokesman said.",
])
def test_a_country_named_only_in_a_currency_treaty_or_firm_is_no_mention(body):
    assert countries(body) == ["United States"]


@pytest.mark.parametrize(("body", "country"), [
    ("Rates in the Zurich dollar forward market firmed.", "Switzerland"),
    ("Shares of U.S. Allis-Chalmers Corp fell.", "United States"),
    ("The Bank of Japan bought dollars, dealers said.", "Japan"),
    ("Swiss banks said the franc was firm.", "Switzerland"),
])
def test_a_country_a_city_or_a_central_bank_still_counts(body, country):
    assert country in countries(body)


# ------------------------------------------------------------------ institutions named after places


@pytest.mark.parametrize("body, wrong", [
    ("She studies physics at the University of Calgary and plays chess.", "Canada"),
    ("Loans were arranged by the Bank of Nova Scotia and two others.", "Canada"),
    ("Lenders led by Toronto Mercantile Bank priced the notes.", "Canada"),
    ("The victims were taken to the Kuwait Orvelle Hospital in the capital.", "Kuwait"),
    ("A camera crew from Abu Dhabi TV filmed the rally.", "United Arab Emirates"),
    ("The unit was sold to <Welsh, Brandler and Quist> for cash.", "United Kingdom"),
    ("WHITEHALL <WHT> GETS CONTRACT", "United Kingdom"),
])
def test_a_place_only_in_an_institutions_name_is_no_mention(body, wrong):
    assert wrong not in countries(body)


@pytest.mark.parametrize("body, right", [
    # the same institution beside another mention of its country
    ("Toronto Mercantile Bank said Canada's economy would grow.", "Canada"),
    ("Ottawa, the bank's home, sent a team to the University of Calgary.", "Canada"),
    # a nation's own institution is news of the nation
    ("The Bank of Japan bought dollars, dealers said.", "Japan"),
    # an abbreviation before a firm says where the firm is
    ("The U.S. Allis-Chalmers Corp sold its unit.", "United States"),
])
def test_an_institutions_place_counts_beside_other_evidence(body, right):
    assert right in countries(body)


def test_a_dateline_confirms_a_place_in_an_institutions_name():
    assert "Canada" in countries("Toronto Mercantile Bank issued notes.", dateline="TORONTO, March 3")


@pytest.mark.parametrize("body", [
    "Notes come in denominations of 100,000 U.S. or Canadian dollars.",
    "Prices were quoted in Swiss, French and Belgian francs.",
])
def test_countries_joined_before_a_currency_are_the_currency(body):
    got = countries(body)
    assert "United States" not in got and "Switzerland" not in got and "France" not in got


# ------------------------------------------------------------------ traps of the second Reuters audit


def test_a_country_in_a_firms_name_with_a_bracketed_word_and_legal_form():
    assert countries("Quelbrin Inc's Quelbrin America (Media) Ltd unit sold the stake.",
                     dateline="TORONTO, March 4") == ["Canada"]


def test_a_country_after_a_currency_word_is_the_currency():
    assert countries("Shares will be sold at one dlr U.S. or 1.34 dlrs Canadian.",
                     dateline="CALGARY, June 1") == ["Canada"]


def test_a_namesake_city_joined_to_another_before_a_us_state():
    # "San Jose and San Francisco, Calif." is San Jose, California, not Costa Rica's capital.
    assert countries("It follows similar moves in San Jose and San Francisco, Calif., last year.",
                     dateline="ST LOUIS, March 6") == ["United States"]
    assert countries("It follows similar moves in San Jose and Cartago.") == ["Costa Rica"]


def test_a_dateline_with_penn_is_pennsylvania():
    assert countries("Toll Brothers said it split its stock.", dateline="HORSHAM, Penn., April 1") == \
        ["United States"]


@pytest.mark.parametrize("title, expected", [
    ("E. GERMAN EQUIPPED TEXTILE MILL OPENED IN CUBA", ["East Germany", "Cuba"]),
    ("W. GERMAN TRADE SURPLUS WIDENS", ["West Germany"]),
])
def test_an_abbreviated_east_or_west_german(title, expected):
    assert countries("The figures were published on Monday.", title=title) == expected


# ------------------------------------------------------------------ traps of the third Reuters audit


def test_a_capital_is_its_own_countrys_though_a_bigger_city_has_its_name_as_an_alternate():
    # geonames lists "Islamabad" among Chattogram's alternate names; Bangladesh was the answer.
    assert countries("Officials in Islamabad said the talks would resume.") == ["Pakistan"]
    assert countries("The talks will resume, officials said.", dateline="ISLAMABAD, March 3") == ["Pakistan"]


def test_another_citys_own_name_used_as_a_big_citys_alternate_needs_a_second_cue():
    # "Bethlehem" is one of Belém's alternate names and the own name of towns in three countries.
    assert "Brazil" not in countries("Profits rose, said a spokesman at Bethlehem Quarry's head office.")
    assert "Brazil" not in countries("The Bethlehem plant was closed for a week, the union said.")
    assert "Brazil" in countries("Cocoa arrived at Bethlehem from the farms of Brazil.")


@pytest.mark.parametrize("body", [
    "Results in U.S. funds. Net profit rose 12 pct, the Toronto company said.",
    "The ex-dividend price was 371 Irish pence, the Toronto dealer said.",
    "Venezuelan Bolivar N/A, the Toronto dealer's rate table showed.",
    "Indonesian Rupiah and Malaysian Ringgit quotes were not available, the Toronto dealer said.",
])
def test_a_country_named_only_in_a_currency_of_the_iso_tables_is_no_mention(body):
    assert countries(body) == ["Canada"]


@pytest.mark.parametrize("body, country", [
    # a currency word that is also an English word counts only with a capital
    ("Brazilian real estate prices rose, the Toronto dealer said.", "Brazil"),
    ("South Korea won the vote, the Toronto dealer said.", "South Korea"),
    # "funds" after a country without "in" are investment funds, and say where they come from
    ("Japanese funds bought bonds, the Toronto dealer said.", "Japan"),
])
def test_a_currency_word_that_is_also_an_english_word_keeps_the_country(body, country):
    assert country in countries(body)


@pytest.mark.parametrize("body, wrong", [
    ("A spokesman for United Boilermakers of America local 480 in Trail, British Columbia, said.",
     "United States"),
    ("Bank of America, a branch of BankAmerica Corp, reopened in Toronto.", "United States"),
    ("The American Chamber of Commerce in Manila said investment rose.", "United States"),
    ("Royal Dutch/Shell Group said profits fell, the Toronto office said.", "Netherlands"),
    ("After serving in the Korean War, he studied law in Toronto.", "South Korea"),
    ("The general manager of Abu Dhabi Media said the crew was safe.", "United Arab Emirates"),
    ("The officers met at an Irish pub near the station in Paris.", "Ireland"),
])
def test_a_country_only_in_an_organisations_or_events_name_or_a_pubs_style_is_no_mention(body, wrong):
    assert wrong not in countries(body)


@pytest.mark.parametrize("body, country", [
    # the nation's own name in full, and "America" as the country
    ("The United States of America signed the accord.", "United States"),
    ("Growth in America slowed, the Toronto dealer said.", "United States"),
    # an organisation's place counts beside another mention of the country
    ("The American Chamber of Commerce said U.S. firms would invest more.", "United States"),
    ("Veterans of the Korean War met in Seoul.", "South Korea"),
])
def test_the_country_itself_still_counts(body, country):
    assert country in countries(body)


# ------------------------------------------------------------------ traps of the fourth Reuters audit


@pytest.mark.parametrize("body", [
    "The company will close its Angola, Ind. plant next year.",
    "Workers at the Peru, Ill. foundry went on strike.",
])
def test_a_country_named_town_with_a_us_state_abbreviation_is_in_the_united_states(body):
    assert countries(body) == ["United States"]


def test_a_country_beside_a_state_written_out_in_a_list_is_still_the_country():
    assert countries("Exports to Mexico, Texas and Arizona rose.") == ["Mexico", "United States"]


def test_the_american_continent_is_no_country():
    assert countries("Central bank governors of the American continent met in Caracas.") == ["Venezuela"]


# ------------------------------------------------------------------ traps of the fifth Reuters audit


@pytest.mark.parametrize("body, wrong", [
    ("Hutton named Jerry Welsh to the post. The company said Welsh was previously at Amex.", "United Kingdom"),
    ("The price was 2.10 Irish punts a share, the Toronto dealer said.", "Ireland"),
    ("Delhi Petroleum, a unit of the Brisbane group, found gas.", "India"),
    ("Bermuda Star Line said its ship sailed from New York.", "Bermuda"),
])
def test_a_person_currency_basin_or_firm_is_no_mention(body, wrong):
    assert wrong not in countries(body)


@pytest.mark.parametrize("body, country", [
    ("The French said no to the plan, Dawn French said.", "France"),
    ("Welsh fans cheered the team.", "United Kingdom"),
    ("Cyprus Minerals Co said Cyprus would buy more copper.", "Cyprus"),
])
def test_the_demonym_or_the_country_itself_still_counts(body, country):
    assert country in countries(body)


# ------------------------------------------------------------------ a firm's name again, a rates table


@pytest.mark.parametrize("title, body, wrong", [
    # the firm's short name later in the story
    ("", "Talks with Danish and Overseas Shipping Plc went on. A stake in Danish and Overseas was offered.",
     "Denmark"),
    # the headline in capitals names the firm the body names in full
    ("TORONTO HARBOURSIDE ISSUES BOND", "Toronto Harbourside Bank priced the notes at par.", "Canada"),
    # the place's other neighbour: "Saudi American Bank" ... "Saudi American"
    ("", "Profits at Saudi Rivers Bank fell. Both Saudi Rivers, owned 30 pct by others, and its peers fell.",
     "Saudi Arabia"),
])
def test_a_place_beside_the_words_of_a_firms_name_in_the_story_is_the_firm_again(title, body, wrong):
    assert wrong not in countries(body, title=title)


@pytest.mark.parametrize("body, country", [
    # the same place word beside other words is the place
    ("Talks with Danish and Overseas Shipping Plc went on. Danish officials said a deal was near.", "Denmark"),
    ("Toronto Harbourside Bank priced the notes. Toronto shares rose, dealers said.", "Canada"),
])
def test_the_place_beside_other_words_still_counts(body, country):
    assert country in countries(body)


def test_the_rows_of_a_rates_table_are_currencies():
    table = "Sterling rates at the close:\n US 1.6213/23\n SPAIN 206.75/207.00\n JAPAN 235.10/40\n"
    assert countries(table) == []


def test_a_country_in_capitals_before_figures_outside_a_table_row_still_counts():
    assert countries("The crop rose 2 pct.", title="JAPAN 1986/87 RICE CROP UP") == ["Japan"]
    assert countries("Output in Spain rose 4.7/5.1 pct.\n SPAIN said more.") == ["Spain"]


@pytest.mark.parametrize("body", [
    "Rates against the dollar: United Kingdom 0.4395 0.4342 and others.",
    "Fixings: IRL 0.777331 YEN 165.464 GREECE 152.510 and the rest.",
])
def test_other_rows_of_rates_tables_are_currencies(body):
    assert countries(body) == []


def test_a_firms_bank_of_a_country_is_no_mention_but_a_nations_own_is():
    assert "Canada" not in countries("Loans were priced over the Royal Bank of Canada prime rate.")
    assert countries("The Reserve Bank of Australia held rates.") == ["Australia"]
    assert countries("The loan was made to Suzuki Motor Co of Japan, it said.") == ["Japan"]


@pytest.mark.parametrize("body", [
    "The warrants are exercisable into free shares at 50 Finnish markka per share.",
    "ECU/EUA rates: BFR 43.1991 SFR 1.72386 DMK 2.07828 SPAIN 145.679 DFL 2.34512 SKR 7.23834",
    "Talks included British Airways and Air France, the commission said.",
    "Its Smith Kline and French Laboratories unit raised sales.",
    "The company will close the Geneva Works near the river, it said.",
])
def test_a_currency_a_rate_row_or_a_firms_name_is_no_mention(body):
    assert countries(body) == []


def test_a_table_of_growth_rates_names_its_countries():
    assert countries("Growth forecasts: JAPAN 2.5 GERMANY 3.1 FRANCE 1.9 for the year.") == [
        "Japan", "West Germany", "France"]


def test_turks_and_caicos_is_the_territory_not_turkey():
    assert countries("Turks and Caicos Utilities and the Turks and Caicos government signed.") == [
        "Turks and Caicos Islands"]


@pytest.mark.parametrize("body", [
    "Peter Spencer, an economist with Credit Suisse First Boston, said rates would fall.",
    "The lead manager is MecFint (Jersey) Ltd, the bank said.",
    "It marks the 30th anniversary of the founding Treaty of Rome, officials said.",
    "Central Americans were sought for spot and afloat.",
])
def test_a_bank_a_unit_a_treaty_or_a_region_named_for_a_place_is_no_mention(body):
    assert countries(body) == []


def test_a_unit_in_brackets_without_a_firms_word_is_still_the_place():
    assert countries("Exports rose (Japan) and imports fell, the ministry said.") == ["Japan"]


@pytest.mark.parametrize("body", [
    "It breaks the 1976 Berne agreement between the two countries, it said.",
    "It called the raid a violation of the Geneva Conventions and of the charter.",
    "Its price rose 0.5 cts to 49 U.S. Cts in late trade.",
])
def test_an_agreement_named_for_a_city_or_a_currency_in_cents_is_no_mention(body):
    assert countries(body) == []


def test_a_namesake_followed_by_in_and_its_state_is_in_the_united_states():
    assert countries("It will serve Albany, N.Y., and Birmingham and Huntsville in Alabama.") == [
        "United States"]


def test_an_agreement_with_a_country_and_a_city_in_new_york_still_name_their_places():
    assert countries("A Japan agreement on chips was signed in Geneva.") == ["Japan", "Switzerland"]
    assert countries("Dealers in London in New York said so.") == ["United Kingdom", "United States"]


def test_a_city_inside_a_name_with_particles_is_the_person():
    assert countries("Mexican President Miguel de la Madrid said debt talks would go on.") == ["Mexico"]


@pytest.mark.parametrize("body", [
    "Short-dated Saudi riyal interest rates were steady in a quiet market.",
    "Univisa, a Spanish-language group, will translate the system into Spanish.",
    "Its dividend rate is set through a Dutch Auction process.",
    "In 1914 the liner Empress of Ireland collided with a freighter.",
    "Orange Julius Canada Limited will be sold to its managers.",
])
def test_a_currency_a_language_a_term_a_ship_or_a_firm_named_for_a_country_is_no_mention(body):
    assert countries(body) == []


def test_a_demonym_before_a_noun_after_into_is_still_the_country():
    assert countries("Exports into Spanish markets rose.") == ["Spain"]
