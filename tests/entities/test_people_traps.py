"""People in wire copy as a browsing user meets them: firms that look like names, titles glued to names,
misspelt titles, and a person named again by family name alone.

The names are invented (but for firms' shapes), so no list of given names or of firms can find them.
"""

from __future__ import annotations

import pytest

from indexer.article import Article
from indexer.entities import extract_entities


def _people(body: str, title: str = "Markets") -> list[str]:
    return extract_entities(Article(id="1", path="t", title=title, body=body, format="test")).persons


@pytest.mark.parametrize("body", [
    "Analysts at Harlow Brenton and Co said the shares were cheap. Harlow Brenton expects a rise.",
    "Dorrin Maskell Capital Markets said it had bought the stake, Dorrin Maskell said in a statement.",
    "The bid was led by Quint Avery Brothers Inc, which said it would pay cash.",
    "The insurer Tavish Oyelo Life said its profit rose, a spokesman for Tavish Oyelo said.",
    "Quint Avery (Holdings) Ltd raised its stake; Quint Avery said the price was fair.",
    "Tessel Varnik AG cut output, and Tessel Varnik said prices would rise.",
    # A shorter name within the firm's: "Dean Witter" of "Dean Witter Reynolds Inc".
    "Dorrin Maskell Reynolds Inc led the issue, and Dorrin Maskell said demand was strong.",
])
def test_a_name_the_article_also_writes_as_a_firm_is_no_person(body):
    assert _people(body) == []


def test_a_verb_one_letter_from_an_occupation_is_no_occupation():
    # "reported" is one edit from "reporter": after a name it is a verb, not the name's employer.
    assert _people("Growth slowed, Orlen Quisk reported on Monday. Quisk said more.") == ["Orlen Quisk"]


def test_a_name_before_an_occupation_is_the_employer():
    body = "Sales rose, said Harlow Brenton analyst Karen Gibbs. Harlow Brenton also raised its forecast."
    assert _people(body) == ["Karen Gibbs"]


@pytest.mark.parametrize(("body", "person"), [
    ("Chancellor of the Exchequer Odrin Vasket said taxes would fall.", "Odrin Vasket"),
    ("Undersecretary Pell Marrowby told reporters the talks would resume.", "Pell Marrowby"),
    ("Agriculture Department Administrator Corwin Tallis said exports rose.", "Corwin Tallis"),
    ("Treasury Secertary Ludo Farrant said the dollar was stable.", "Ludo Farrant"),
    ("Prime Minsiter Hasuro Naketa arrived in the capital on Monday.", "Hasuro Naketa"),
    # A run may open with a verb of saying.
    ("Prices would hold. Said Odrin Vasket, vice-president of a bank: \"We expect more.\"", "Odrin Vasket"),
])
def test_titles_and_misspelt_titles_are_never_part_of_a_name(body, person):
    assert _people(body) == [person]


def test_a_person_named_again_by_family_name_is_a_person():
    body = ("The band opened with Orlen Quisk on drums and Davo Strell on bass. Quisk said the tour "
            "would go on, and the bass player, Strell, agreed.")
    assert _people(body) == ["Orlen Quisk", "Davo Strell"]


@pytest.mark.parametrize("body", [
    # A family-name mention after "the", followed by a noun, or a word also written in lower case.
    "He was drafted by the Varlo Hornets in the first round. He left the Hornets in 2004.",
    "Exports to other Marrish Community countries fell, and Community officials met on Monday.",
    "The Tessel Response and Recovery Appeal raised money. The response was quick.",
    "A trader in Tokyo was bullish. Another Tokyo trader was less sure.",
])
def test_a_capitalised_word_that_is_not_a_family_name_confirms_no_person(body):
    assert _people(body) == []


def test_names_listed_with_a_person_are_people():
    body = ("Orlen Quisk said the new line-up would tour. He has played with Davo Strell, Bram Tewkes and "
            "Orlen Quisk's old partner Tam Lohvey.")
    # Strell and Tewkes carry no signal of their own: the list with a person is what makes them people.
    assert _people(body) == ["Orlen Quisk", "Davo Strell", "Bram Tewkes", "Tam Lohvey"]


def test_a_name_before_an_occupation_is_not_listed_with_people():
    body = "Guests were Orlen Quisk, Davo Strell and Brass Harbour drummer Tam Lohvey. Quisk said he was glad."
    assert _people(body) == ["Orlen Quisk", "Davo Strell", "Tam Lohvey"]


@pytest.mark.parametrize(("body", "people"), [
    # A given name that is also an organisation word ("bill") opens a two-word name.
    ("The two presidents were Orlen Quisk, in 1972, and Bill Varnet, in 1998.", ["Bill Varnet"]),
    ("The Senate passed the Farm Bill on Monday.", []),
    # A particle is part of the name when it is all but one of its words.
    ("It cemented the victory over Al Varnet.", ["Al Varnet"]),
    ("Osman bin Varleh spoke, and Bin Varleh said more.", ["Osman bin Varleh"]),
])
def test_given_names_that_are_words_and_particles_that_open_names(body, people):
    assert [name for name in _people(body) if name != "Orlen Quisk"] == people


@pytest.mark.parametrize("body, expected", [
    # an occupation opening the sentence, before a given name, is no part of the name
    ("Trader Maria Quelbrin said prices fell.", ["Maria Quelbrin"]),
    ("Broker Francesco Dinepi said the market was quiet.", ["Francesco Dinepi"]),
    # an initial is part of the name, and so is a given name before another
    ("H. Maria Quelbrin said prices fell.", ["H. Maria Quelbrin"]),
    ("Anna Maria Quelbrin said prices fell.", ["Anna Maria Quelbrin"]),
])
def test_a_sentence_opening_word_before_a_given_name(body, expected):
    assert _people(body) == expected


@pytest.mark.parametrize("body, expected", [
    ("Sales grew, said Varnik QuickServe, the maker of the machines.", []),
    ("Stocks rose, Orlen McQuisk said. McQuisk expects more.", ["Orlen McQuisk"]),
    ("Stocks rose, Orlen DeQuisk said. DeQuisk expects more.", ["Orlen DeQuisk"]),
])
def test_a_word_with_a_capital_inside_is_a_products_unless_a_surname_prefix(body, expected):
    assert _people(body) == expected


def test_a_foreign_banks_name_is_no_person():
    assert _people("The lead manager, Banque Orvelle de Paris, said demand was strong.") == []


def test_saint_abbreviated_inside_a_name_keeps_the_name_whole():
    # "St." of Saint is no sentence end before a capital: the family name is "St. Germain".
    assert _people("Committee chairman Orval St. Quentin said the bill would pass.") == ["Orval St. Quentin"]
    got = extract_entities(Article(id="1", path="t", title="Talks", format="test",
                                   body="Talks in St. Lucia ended. Delegates flew on to St. Petersburg."))
    assert got.persons == [] and got.countries == ["Saint Lucia", "Russia"]


@pytest.mark.parametrize("body, firm", [
    ("Harlow Cablevision L.P. said it would sell its systems.", "Harlow Cablevision"),
    # the legal form ends the firm's name even when a capital follows it
    ("Brenton Quelbrin is a unit of Tavish Beleggingscompagnie B.V. In which Orlen Quisk holds a stake.",
     "Tavish Beleggingscompagnie"),
    ("The buyer, Dorrin Varnik K.K., said it would pay cash.", "Dorrin Varnik"),
    ("Tessel Maskell OYJ cut output, Tessel Maskell said.", "Tessel Maskell"),
])
def test_a_name_a_legal_form_closes_is_a_firm(body, firm):
    got = extract_entities(Article(id="1", path="t", title="Markets", body=body, format="test"))
    assert firm not in got.persons and firm in got.firms
    assert not any(firm in person for person in got.persons)


@pytest.mark.parametrize("body, firm", [
    # the wire marks a firm's name, or gives its ticker
    ("<Dorrin Varnik U.S.A.> said it has agreed to buy the unit. Dorrin Varnik said the price was fair.",
     "Dorrin Varnik"),
    ("Lines ordered jets of the Harlow Cablevision <HCVN.PA> group. Harlow Cablevision said so.",
     "Harlow Cablevision"),
])
def test_a_name_the_wire_marks_as_a_firms_is_a_firm(body, firm):
    got = extract_entities(Article(id="1", path="t", title="Markets", body=body, format="test"))
    assert got.persons == [] and firm in got.firms


def test_a_person_beside_the_wires_marks_stays_a_person():
    assert _people("Orlen Quisk, chairman of <Tavish Corp>, said it would sell <TVS> shares.") == ["Orlen Quisk"]


def test_a_legal_form_leaves_the_person_after_it():
    got = _people("Brenton Quelbrin is a unit of Tavish Beleggingscompagnie B.V. In which Orlen Quisk, "
                  "a banker, said he holds a stake.")
    assert got == ["Orlen Quisk"]


def test_a_name_whose_first_word_the_article_writes_alone_as_the_employer_is_a_firm():
    body = ("Harlow Brenton said its report will urge more stocks, said Karen Gibbs, Harlow senior "
            "investment strategist.")
    assert _people(body) == ["Karen Gibbs"]


def test_a_given_name_written_alone_before_an_occupation_keeps_the_person():
    # "Maria" is a given name: "Maria Quelbrin" stays a person though "Maria" heads a role once.
    body = "Maria Quelbrin said prices fell. Later Maria podcast host Orlen Quisk said so too."
    assert "Maria Quelbrin" in _people(body)


@pytest.mark.parametrize("body", [
    "Shares of the California Technology Stock Letter rose; Stock Letter said its stock picks did well.",
    "Community Cable said it added subscribers, and cable operators agreed.",
    "Public Sector Borrowing Requirement figures fell, Sector Borrowing Requirement data said, as borrowing eased.",
])
def test_a_run_of_everyday_words_one_also_written_in_lower_case_is_no_name(body):
    assert _people(body) == []


def test_everyday_words_that_open_with_a_given_name_stay_a_name():
    # "Frank" is a given name; "frank" and "hope" are words, written in lower case here too.
    assert _people("Frank Hope said the talks were frank, and that hope remained.") == ["Frank Hope"]


def test_everyday_words_never_written_in_lower_case_may_be_a_name():
    # "ginger" and "baker" are dictionary words, but the article never writes them in lower case.
    assert _people("Drummer Ginger Baker said he would tour. Baker played on.") == ["Ginger Baker"]


# ------------------------------------------------------------------ traps of the third Reuters audit


def test_a_sentence_opening_word_that_is_no_english_word_stays_in_the_name():
    # "Broker" goes (an everyday word), "Ildefonso" stays: a given name the lists lack is no English word.
    assert _people("Ildefonso Maria Quelbrin, president of the cooperative, said exports fell.") == \
        ["Ildefonso Maria Quelbrin"]


def test_the_comma_after_a_speakers_employer_is_no_signal_for_the_employer():
    assert _people("Orlen W. Quisk, vice president for grain marketing with Tavish Grain, said he would "
                   "prefer futures.") == ["Orlen W. Quisk"]
    # without the preposition the comma still marks an apposition: "Maria Quelbrin, said ..."
    assert _people("Asked about prices, Maria Quelbrin, said the outlook was poor.") == ["Maria Quelbrin"]


def test_a_role_after_a_comma_that_opens_the_next_name_is_that_names():
    assert _people("The deal was signed with Varnik Power Generation Transmission, spokesman B. Orlen Quisk "
                   "said.") == ["B. Orlen Quisk"]
    assert _people("The deal was signed by Maria Quelbrin, spokeswoman for the agency.") == ["Maria Quelbrin"]


def test_a_name_before_organisation_words_that_end_in_a_firms_word_is_the_firms():
    # a given name opening a two-word run makes it a person's, but for the firm's words after it
    assert _people("It agreed to acquire privately-held Anna Fashions Industries Inc for cash. "
                   "Anna Fashions imports apparel.") == []
    assert _people("Anna Fashions imports apparel.") == ["Anna Fashions"]


# ------------------------------------------------------------------ traps of the fourth Reuters audit


@pytest.mark.parametrize("body", [
    "Output rose, the French Federation of Non-Ferrous Metals said on Monday.",
    "The German Agency for Technical Cooperation said the grant would be paid.",
    "A report by the States of Tavish Chamber of Mines said tin output fell.",
])
def test_words_after_an_organisations_of_or_for_continue_its_name(body):
    assert _people(body) == []


@pytest.mark.parametrize("body, person", [
    # a title or role before "of" heads what follows, and the name after it is the person's
    ("Secretary of State Orlen Quisk said the talks would go on.", "Orlen Quisk"),
    ("The wife of Orlen Quisk said he was in Paris.", "Orlen Quisk"),
])
def test_a_name_after_of_with_a_title_or_in_lower_case_before_is_a_person(body, person):
    assert _people(body) == [person]


def test_a_country_misspelt_is_no_person():
    assert _people("Sri Lanaka said it would tender for wheat, Maria Quelbrin said.") == ["Maria Quelbrin"]


def test_a_place_glued_to_a_name_by_a_participle_is_no_part_of_it():
    assert _people("Bahrain-based Investcorp said it bought the stake. Investcorp said the price was fair.") == []
    # a hyphenated given name stays whole
    assert _people("Kim Dae-jung said the talks would go on.") == ["Kim Dae-jung"]


# ------------------------------------------------------------------ traps of the fifth Reuters audit


@pytest.mark.parametrize("body", [
    "General Dynamics Corp won the contract. General Dynamics said work starts soon.",
    "The Paris Bourse will add three stocks to its list, the exchange said.",
    "Gruppo Quelbrin said it would sell the unit. Gruppo Quelbrin owns mills.",
    "Colonial Bancgroup said it agreed to buy the bank.",
])
def test_firms_exchanges_and_foreign_groups_are_no_people(body):
    assert _people(body) == []


def test_a_general_with_a_family_name_is_a_person():
    assert _people("General Noriega said the talks had failed.") == ["Noriega"]


def test_a_demonym_that_is_a_family_name_after_a_given_name():
    assert _people("Hutton named Jerry Welsh to the post. Welsh was at Amex.") == ["Jerry Welsh"]


@pytest.mark.parametrize("generation", ["Gen Zers", "Gen Xers", "Gen Alpha", "Gen Alphas", "Gen Z", "Gen Y"])
@pytest.mark.parametrize("sentence", ["In the poll, {} and their parents disagreed, Gen. Orlen Quisk said.",
                                      "{} are online all day. Orlen Quisk said so."])
def test_a_generation_is_no_general(generation, sentence):
    assert _people(sentence.format(generation)) == ["Orlen Quisk"]


def test_a_general_with_a_one_word_name_is_still_a_person():
    assert _people("Troops were inspected by Gen Quisk on Monday.") == ["Quisk"]


@pytest.mark.parametrize("body", [
    "The attacker, identified as Ovrak Sallow, 20, was placed under surveillance. Sallow had left prison.",
    "The driver, Ovrak Sallow (34), was arrested at the scene.",
])
def test_a_name_ending_in_an_everyday_word_is_a_person_when_an_age_follows(body):
    assert _people(body) == ["Ovrak Sallow"]


@pytest.mark.parametrize("body", [
    "The budget was set at 36.2 billion Grain Payment Units (362) for the year.",
    "Output reached Grain Payment Units, 2025, the board said.",
])
def test_a_number_after_a_thing_is_no_age(body):
    assert _people(body) == []


@pytest.mark.parametrize("body, person", [
    ("Trask asked the court to question his son, Hollis Vantreby. Vantreby declined.", "Hollis Vantreby"),
    ("Another son, Dorran Keswith, died in 1988.", "Dorran Keswith"),
    ("Hollis Vantreby, son of the founder, remains as chairman.", "Hollis Vantreby"),
])
def test_a_name_beside_a_kin_word_is_a_person(body, person):
    assert person in _people(body)


@pytest.mark.parametrize("body, person", [
    ("Softbank's founder Masayoshi Son said the fund would grow.", "Masayoshi Son"),
    ("The cook Julia Child wrote the book.", "Julia Child"),
])
def test_a_kin_word_is_no_split_word_inside_a_name(body, person):
    assert person in _people(body)


@pytest.mark.parametrize("body, person", [
    ("The prime minister is appointed by the monarch, currently Queen Alarra II.", "Alarra II"),
    ("Pope Vantrel XVI resigned in February.", "Vantrel XVI"),
    ("Elizabeth II opened the bridge.", "Elizabeth II"),
])
def test_a_regnal_number_is_part_of_a_monarchs_or_a_popes_name(body, person):
    assert person in _people(body)


@pytest.mark.parametrize("body", [
    "Phase II of the Harlow project starts in May.",
    "The stake is held by Quint Investors Partnership II, its filing said.",
])
def test_a_series_number_after_a_word_is_no_regnal_name(body):
    assert not any(name.endswith(" II") for name in _people(body))


@pytest.mark.parametrize("body, people", [
    ("Prime Minister Theresa May is to step down. Theresa May appointed him.", ["Theresa May"]),
    ("Sales rose, said Richard May, senior analyst at the bank.", ["Richard May"]),
    ("He told Peter May 5 was the day the talks would start.", []),
    ("Prices rose in May, and Peter said in May that they would rise again.", []),
])
def test_a_month_that_is_a_family_name_after_a_given_name(body, people):
    assert _people(body) == people


@pytest.mark.parametrize("body", [
    "Hobbyists showed a model of the deck of the aircraft carrier USS Dorran Keswith.",
    "Their ship, MV Hollis Vantreby, was previously MV Professor Orlen Quisk.",
    "HMS Tarquin Zelwood sailed from Portsmouth on Monday.",
    "Loading on the Soviet freighter Orlen Quisk was completed today.",
    "The aircraft carrier Margaret Zelwood sailed into the Gulf.",
])
def test_a_ship_named_after_a_person_is_no_person(body):
    assert _people(body) == []


@pytest.mark.parametrize("body", [
    "It owns land in the harbour area of Vera Quisk, Mexico, the company said.",
    "The plants, one in Orlen Hill, N.J., the other in Texas, will close.",
    "The systems are for the U.S. Marine Corps and the Air Force.",
    "The St Lawrence Seaway opens for shipping on Monday.",
    "IMI - Istituto Mobiliare Italiano said it would lead the issue.",
])
def test_a_town_a_corps_a_seaway_or_an_institute_is_no_person(body):
    assert _people(body) == []


@pytest.mark.parametrize("body, people", [
    ("It was said to Orlen Quisk, Mexico's envoy, on Monday.", ["Orlen Quisk"]),
    ("Crowds toppled statues of Christopher Columbus, US presidents and generals.", ["Christopher Columbus"]),
])
def test_a_person_before_a_country_that_goes_on_is_still_a_person(body, people):
    assert _people(body) == people


@pytest.mark.parametrize("body, people", [
    ("She met Roman Catholic Pope Vantrel in the Vatican.", ["Vantrel"]),
    ("A stake was sought by former Harlow Brenton Worldwide Chairman Orlen Quisk.", ["Orlen Quisk"]),
])
def test_the_words_before_a_title_opening_the_run_are_no_person(body, people):
    assert _people(body) == people


def test_a_base_named_after_a_person_is_no_person():
    assert _people("Infections were reported at General Orlen Quisk Base on the peninsula.") == []


@pytest.mark.parametrize("body, person", [
    ("The mayor of Harbourton, Ovrak Sallow, gave his condolences.", "Ovrak Sallow"),
    ("They met Ovrak Tesmin, one of the governor's aides, on Monday.", "Ovrak Tesmin"),
])
def test_an_apposition_naming_a_role_makes_a_person(body, person):
    assert person in _people(body)


@pytest.mark.parametrize("body", [
    "A spokesman told Reuters Vantrel producers will meet in May.",
    "A company spokeswoman told Reuters Skanvik will receive the order.",
])
def test_the_wire_told_is_no_part_of_the_next_name(body):
    assert _people(body) == []


def test_a_clerical_rank_is_a_title_not_a_name():
    assert _people("Parliament speaker Hojatoleslam Orlen Akbar Quisk said the war would go on.") == [
        "Orlen Akbar Quisk"]


@pytest.mark.parametrize("body", [
    "The Japanese daily Vantrel Shimbun said today that the talks failed.",
    "A report in the weekly Harlow Brenton said prices would rise.",
    "Der Tasvik reported the deal, and Die Orlen said so too.",
])
def test_a_publication_named_like_a_person_is_no_person(body):
    assert _people(body) == []


@pytest.mark.parametrize("body, people", [
    ("Pieter van der Vorm, managing director, said prices fell. Van der Vorm said more.", ["Pieter van der Vorm"]),
    ("Finance Minister Rene de la Serre said the bank would grow.", ["Rene de la Serre"]),
    # "bin" and "arap" are "son of": a title word after them is a father's name
    ("UAE President Sheikh Zaid bin Sultan al-Nahayan said so.", ["Zaid bin Sultan al-Nahayan"]),
    ("President Daniel arap Moi said aid would rise.", ["Daniel arap Moi"]),
])
def test_a_name_with_a_run_of_particles_or_a_patronymic_is_one_person(body, people):
    assert _people(body) == people


@pytest.mark.parametrize("body, people", [
    ("Mohammed Osman of Societe Bancaire du Liban said.", ["Mohammed Osman"]),
    ("Industrial projects will follow, Prensa Latina said.", []),
    ("<Quint Metals Corp> said the work at its Silver Queen Mine has yielded positive results.", []),
])
def test_a_firm_a_press_agency_or_a_mine_is_no_person(body, people):
    assert _people(body) == people


@pytest.mark.parametrize("body, people", [
    ("St. Joseph Light and Power Corp said it would split. St. Joseph Light said more.", []),
    ("Dorrin Maskell and Jenrette Securities Corp led it. Dorrin Maskell said so.", []),
    ("Ming Pao newspaper of Hong Kong said the talks failed.", []),
    # a person beside a firm of its own stays a person
    ("The offer of Asher Edelman and Dominion Textile Ltd stands. Edelman said so.", ["Asher Edelman"]),
    ("Chairman Orlen Quisk and Acme Corp agreed on the price.", ["Orlen Quisk"]),
])
def test_a_name_before_and_the_rest_of_a_firms_name_or_a_newspaper_is_no_person(body, people):
    assert _people(body) == people


@pytest.mark.parametrize("body, people", [
    # a given name that is also a word ("bill") after a title
    ("The trial of President Bill Quisk in 1998 was short.", ["Bill Quisk"]),
    # a given name alone before "and" and a full name shares the family name
    ("The victims were Joanne and Edward Tavish, officials said.", ["Joanne Tavish", "Edward Tavish"]),
    ("Michael Ferazzi and Edward Tavish died.", ["Michael Ferazzi", "Edward Tavish"]),
    # one person written with a short and a long given name
    ("Mitchell Quisk, a senior attorney, sent a letter. We thank Mitch Quisk for his help.", ["Mitchell Quisk"]),
])
def test_given_names_shared_shortened_or_that_are_words(body, people):
    assert _people(body) == people


@pytest.mark.parametrize("body", [
    "Phanfone damaged regions hit by Typhoon Haiyan in 2013. It is like the younger sibling of Haiyan.",
    "Tropical Storm Chantal formed on Monday. Chantal said nothing of its path.",
    "He served five terms in Rajya Sabha. He led it, and Sabha said so.",
])
def test_a_storm_or_a_house_of_parliament_is_no_person(body):
    assert _people(body) == []


@pytest.mark.parametrize("body", [
    "The Finnish mining group Tessel Varnik Oy said it would close a refinery.",
    "Among the firms to be sold are Martin's and Gordon Drummond pharmacies.",
    "Construction costs at the Alvin W. Vogtle Nuclear Plant rose again.",
])
def test_a_finnish_firm_a_chain_or_a_nuclear_plant_is_no_person(body):
    assert _people(body) == []
