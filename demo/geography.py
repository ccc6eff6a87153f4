"""Real geography for the demo network: regions, the region and capital of every
ISO 3166-1 country, common short names, and the cities of France's embassies.

Codes and official names come from pycountry; what it does not hold (capitals,
regions, the short names people use) is typed here.
"""

import gettext

import pycountry

# code: (order, English name, French name, ISO alpha-2 codes of its countries)
REGIONS = {
    "europe": (
        10,
        "Europe",
        "Europe",
        "AD AT AX BE BG CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV "
        "MC MT NL NO PL PT RO SE SI SJ SK SM VA",
    ),
    "western-balkans": (20, "Western Balkans", "Balkans occidentaux", "AL BA ME MK RS"),
    "eastern-europe-central-asia": (
        30,
        "Eastern Europe and Central Asia",
        "Europe orientale et Asie centrale",
        "AM AZ BY GE KG KZ MD RU TJ TM UA UZ",
    ),
    "maghreb-middle-east": (
        40,
        "Maghreb and Middle East",
        "Maghreb et Moyen-Orient",
        "AE BH DZ EG EH IL IQ IR JO KW LB LY MA OM PS QA SA SY TN TR YE",
    ),
    "west-central-africa": (
        50,
        "West and Central Africa",
        "Afrique de l'Ouest et centrale",
        "BF BJ CD CF CG CI CM CV GA GH GM GN GQ GW LR ML MR NE NG SH SL SN ST TD TG",
    ),
    "east-southern-africa": (
        60,
        "East and Southern Africa, Indian Ocean",
        "Afrique orientale et australe, océan Indien",
        "AO BI BW DJ ER ET IO KE KM LS MG MU MW MZ NA RE RW SC SD SO SS SZ TZ UG YT ZA ZM ZW",
    ),
    "asia": (
        70,
        "Asia",
        "Asie",
        "AF BD BN BT CN HK ID IN JP KH KP KR LA LK MM MN MO MV MY NP PH PK SG TH TL TW VN",
    ),
    "oceania": (
        80,
        "Oceania and Pacific",
        "Océanie et Pacifique",
        "AS AU CC CK CX FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS",
    ),
    "north-america": (90, "North America", "Amérique du Nord", "BM CA GL PM US"),
    "latin-america-caribbean": (
        100,
        "Latin America and the Caribbean",
        "Amérique latine et Caraïbes",
        "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT GY HN HT JM KN KY "
        "LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI",
    ),
    "antarctic": (
        110,
        "Antarctica and sub-Antarctic islands",
        "Antarctique et îles subantarctiques",
        "AQ BV GS HM TF",
    ),
}

# The seat of government of each country or territory ("" where nobody lives or there is none).
CAPITALS = {
    "AD": "Andorra la Vella", "AE": "Abu Dhabi", "AF": "Kabul", "AG": "Saint John's",
    "AI": "The Valley", "AL": "Tirana", "AM": "Yerevan", "AO": "Luanda", "AQ": "",
    "AR": "Buenos Aires", "AS": "Pago Pago", "AT": "Vienna", "AU": "Canberra", "AW": "Oranjestad",
    "AX": "Mariehamn", "AZ": "Baku", "BA": "Sarajevo", "BB": "Bridgetown", "BD": "Dhaka",
    "BE": "Brussels", "BF": "Ouagadougou", "BG": "Sofia", "BH": "Manama", "BI": "Gitega",
    "BJ": "Porto-Novo", "BL": "Gustavia", "BM": "Hamilton", "BN": "Bandar Seri Begawan",
    "BO": "Sucre", "BQ": "Kralendijk", "BR": "Brasília", "BS": "Nassau", "BT": "Thimphu",
    "BV": "", "BW": "Gaborone", "BY": "Minsk", "BZ": "Belmopan", "CA": "Ottawa",
    "CC": "West Island", "CD": "Kinshasa", "CF": "Bangui", "CG": "Brazzaville", "CH": "Bern",
    "CI": "Yamoussoukro", "CK": "Avarua", "CL": "Santiago", "CM": "Yaoundé", "CN": "Beijing",
    "CO": "Bogotá", "CR": "San José", "CU": "Havana", "CV": "Praia", "CW": "Willemstad",
    "CX": "Flying Fish Cove", "CY": "Nicosia", "CZ": "Prague", "DE": "Berlin", "DJ": "Djibouti",
    "DK": "Copenhagen", "DM": "Roseau", "DO": "Santo Domingo", "DZ": "Algiers", "EC": "Quito",
    "EE": "Tallinn", "EG": "Cairo", "EH": "Laayoune", "ER": "Asmara", "ES": "Madrid",
    "ET": "Addis Ababa", "FI": "Helsinki", "FJ": "Suva", "FK": "Stanley", "FM": "Palikir",
    "FO": "Tórshavn", "FR": "Paris", "GA": "Libreville", "GB": "London", "GD": "St. George's",
    "GE": "Tbilisi", "GF": "Cayenne", "GG": "Saint Peter Port", "GH": "Accra", "GI": "Gibraltar",
    "GL": "Nuuk", "GM": "Banjul", "GN": "Conakry", "GP": "Basse-Terre", "GQ": "Malabo",
    "GR": "Athens", "GS": "King Edward Point", "GT": "Guatemala City", "GU": "Hagåtña",
    "GW": "Bissau", "GY": "Georgetown", "HK": "Hong Kong", "HM": "", "HN": "Tegucigalpa",
    "HR": "Zagreb", "HT": "Port-au-Prince", "HU": "Budapest", "ID": "Jakarta", "IE": "Dublin",
    "IL": "Jerusalem", "IM": "Douglas", "IN": "New Delhi", "IO": "Diego Garcia", "IQ": "Baghdad",
    "IR": "Tehran", "IS": "Reykjavík", "IT": "Rome", "JE": "Saint Helier", "JM": "Kingston",
    "JO": "Amman", "JP": "Tokyo", "KE": "Nairobi", "KG": "Bishkek", "KH": "Phnom Penh",
    "KI": "South Tarawa", "KM": "Moroni", "KN": "Basseterre", "KP": "Pyongyang", "KR": "Seoul",
    "KW": "Kuwait City", "KY": "George Town", "KZ": "Astana", "LA": "Vientiane", "LB": "Beirut",
    "LC": "Castries", "LI": "Vaduz", "LK": "Sri Jayawardenepura Kotte", "LR": "Monrovia",
    "LS": "Maseru", "LT": "Vilnius", "LU": "Luxembourg", "LV": "Riga", "LY": "Tripoli",
    "MA": "Rabat", "MC": "Monaco", "MD": "Chișinău", "ME": "Podgorica", "MF": "Marigot",
    "MG": "Antananarivo", "MH": "Majuro", "MK": "Skopje", "ML": "Bamako", "MM": "Naypyidaw",
    "MN": "Ulaanbaatar", "MO": "Macao", "MP": "Saipan", "MQ": "Fort-de-France",
    "MR": "Nouakchott", "MS": "Brades", "MT": "Valletta", "MU": "Port Louis", "MV": "Malé",
    "MW": "Lilongwe", "MX": "Mexico City", "MY": "Kuala Lumpur", "MZ": "Maputo",
    "NA": "Windhoek", "NC": "Nouméa", "NE": "Niamey", "NF": "Kingston", "NG": "Abuja",
    "NI": "Managua", "NL": "Amsterdam", "NO": "Oslo", "NP": "Kathmandu", "NR": "Yaren",
    "NU": "Alofi", "NZ": "Wellington", "OM": "Muscat", "PA": "Panama City", "PE": "Lima",
    "PF": "Papeete", "PG": "Port Moresby", "PH": "Manila", "PK": "Islamabad", "PL": "Warsaw",
    "PM": "Saint-Pierre", "PN": "Adamstown", "PR": "San Juan", "PS": "Ramallah", "PT": "Lisbon",
    "PW": "Ngerulmud", "PY": "Asunción", "QA": "Doha", "RE": "Saint-Denis", "RO": "Bucharest",
    "RS": "Belgrade", "RU": "Moscow", "RW": "Kigali", "SA": "Riyadh", "SB": "Honiara",
    "SC": "Victoria", "SD": "Khartoum", "SE": "Stockholm", "SG": "Singapore", "SH": "Jamestown",
    "SI": "Ljubljana", "SJ": "Longyearbyen", "SK": "Bratislava", "SL": "Freetown",
    "SM": "San Marino", "SN": "Dakar", "SO": "Mogadishu", "SR": "Paramaribo", "SS": "Juba",
    "ST": "São Tomé", "SV": "San Salvador", "SX": "Philipsburg", "SY": "Damascus",
    "SZ": "Mbabane", "TC": "Cockburn Town", "TD": "N'Djamena", "TF": "Port-aux-Français",
    "TG": "Lomé", "TH": "Bangkok", "TJ": "Dushanbe", "TK": "", "TL": "Dili", "TM": "Ashgabat",
    "TN": "Tunis", "TO": "Nuku'alofa", "TR": "Ankara", "TT": "Port of Spain", "TV": "Funafuti",
    "TW": "Taipei", "TZ": "Dodoma", "UA": "Kyiv", "UG": "Kampala", "UM": "", "US": "Washington, D.C.",
    "UY": "Montevideo", "UZ": "Tashkent", "VA": "Vatican City", "VC": "Kingstown",
    "VE": "Caracas", "VG": "Road Town", "VI": "Charlotte Amalie", "VN": "Hanoi", "VU": "Port Vila",
    "WF": "Mata-Utu", "WS": "Apia", "YE": "Sana'a", "YT": "Mamoudzou", "ZA": "Pretoria",
    "ZM": "Lusaka", "ZW": "Harare",
}  # fmt: skip

# Short English names where pycountry gives the long official form.
ENGLISH_NAMES = {
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "PS": "Palestine",
    "RU": "Russia",
    "SH": "Saint Helena, Ascension and Tristan da Cunha",
    "VA": "Holy See (Vatican City)",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
    "MF": "Saint Martin",
    "SX": "Sint Maarten",
    "MO": "Macao",
}

# French names as written by the French administration where the ISO catalogue
# inverts them ("Salomon, Îles") or uses the long form.
FRENCH_NAMES = {
    "AX": "Îles Åland",
    "BO": "Bolivie",
    "BY": "Biélorussie",
    "CC": "Îles Cocos (Keeling)",
    "CX": "Île Christmas",
    "FK": "Îles Malouines",
    "FM": "Micronésie",
    "GL": "Groenland",
    "GQ": "Guinée équatoriale",
    "IR": "Iran",
    "MD": "Moldavie",
    "MO": "Macao",
    "PS": "Palestine",
    "RE": "La Réunion",
    "RU": "Russie",
    "SB": "Îles Salomon",
    "SR": "Suriname",
    "TZ": "Tanzanie",
    "VA": "Saint-Siège (Vatican)",
    "VE": "Venezuela",
    "VI": "Îles Vierges des États-Unis",
}

# France's embassy is not in the capital of these countries.
EMBASSY_CITIES = {
    "BI": "Bujumbura",
    "BJ": "Cotonou",
    "BO": "La Paz",
    "CI": "Abidjan",
    "IL": "Tel Aviv",
    "LK": "Colombo",
    "MM": "Yangon",
    "NL": "The Hague",
    "TZ": "Dar es Salaam",
    "US": "Washington",
}

# Countries covered by the network where France has no resident embassy of its own.
NO_EMBASSY = {"LI", "MV", "PS", "SM"}

# French names of cities where French usage differs from English (the others are
# written the same in both languages).
FRENCH_CITY_NAMES = {
    "Abu Dhabi": "Abou Dabi", "Addis Ababa": "Addis-Abeba", "Algiers": "Alger",
    "Andorra la Vella": "Andorre-la-Vieille", "Ashgabat": "Achgabat", "Athens": "Athènes",
    "Baghdad": "Bagdad", "Barcelona": "Barcelone", "Beijing": "Pékin", "Beirut": "Beyrouth",
    "Bern": "Berne", "Bishkek": "Bichkek", "Bogotá": "Bogota", "Brasília": "Brasilia",
    "Brussels": "Bruxelles", "Bucharest": "Bucarest", "Cairo": "Le Caire", "Chișinău": "Chisinau",
    "Copenhagen": "Copenhague", "Damascus": "Damas", "Dar es Salaam": "Dar es Salam", "Dhaka": "Dacca",
    "Dubai": "Dubaï", "Dushanbe": "Douchanbé", "Guatemala City": "Guatemala", "Hanoi": "Hanoï",
    "Havana": "La Havane", "Jerusalem": "Jérusalem", "Kathmandu": "Katmandou", "Kuwait City": "Koweït",
    "Laayoune": "Laâyoune", "Lisbon": "Lisbonne", "London": "Londres", "Mexico City": "Mexico",
    "Mogadishu": "Mogadiscio", "Moscow": "Moscou", "Muscat": "Mascate", "Nicosia": "Nicosie",
    "Panama City": "Panama", "Port Louis": "Port-Louis", "Port of Spain": "Port-d'Espagne",
    "Reykjavík": "Reykjavik", "Riyadh": "Riyad", "Saint Helier": "Saint-Hélier",
    "Saint Peter Port": "Saint-Pierre-Port", "Sana'a": "Sanaa", "Santo Domingo": "Saint-Domingue",
    "Seoul": "Séoul", "Singapore": "Singapour", "South Tarawa": "Tarawa-Sud",
    "St. George's": "Saint-Georges", "Tashkent": "Tachkent", "Tbilisi": "Tbilissi", "Tehran": "Téhéran",
    "Tel Aviv": "Tel-Aviv", "The Hague": "La Haye", "Thimphu": "Thimphou", "Ulaanbaatar": "Oulan-Bator",
    "Valletta": "La Valette", "Vatican City": "Cité du Vatican", "Vienna": "Vienne", "Warsaw": "Varsovie",
    "Washington, D.C.": "Washington", "Yangon": "Rangoun", "Yerevan": "Erevan",
}  # fmt: skip


def french_city(name):
    """The French form of a city's name, "" when it is written the same in French."""
    return FRENCH_CITY_NAMES.get(name, "")


# French names of the languages the demo staff speak (written in lower case in French).
FRENCH_LANGUAGE_NAMES = {
    "Albanian": "albanais", "Amharic": "amharique", "Arabic": "arabe", "Bosnian": "bosnien",
    "Bulgarian": "bulgare", "Croatian": "croate", "Czech": "tchèque", "Dutch": "néerlandais",
    "English": "anglais", "German": "allemand", "Greek": "grec", "Haitian Creole": "créole haïtien",
    "Hebrew": "hébreu", "Hindi": "hindi", "Indonesian": "indonésien", "Italian": "italien",
    "Japanese": "japonais", "Korean": "coréen", "Lingala": "lingala", "Malagasy": "malgache",
    "Mandarin Chinese": "chinois mandarin", "Polish": "polonais", "Portuguese": "portugais",
    "Romanian": "roumain", "Russian": "russe", "Serbian": "serbe", "Spanish": "espagnol",
    "Swahili": "swahili", "Swedish": "suédois", "Thai": "thaï", "Turkish": "turc",
    "Ukrainian": "ukrainien", "Urdu": "ourdou", "Vietnamese": "vietnamien",
}  # fmt: skip


# Languages spoken by the staff posted in a country, beyond English.
LANGUAGES = {
    "AE": "Arabic", "AL": "Albanian", "AR": "Spanish", "AT": "German", "BA": "Bosnian",
    "BE": "Dutch", "BG": "Bulgarian", "BR": "Portuguese", "CH": "German", "CN": "Mandarin Chinese",
    "CO": "Spanish", "CZ": "Czech", "DE": "German", "DO": "Spanish", "DZ": "Arabic", "EG": "Arabic",
    "ES": "Spanish", "GR": "Greek", "HR": "Croatian", "ID": "Indonesian", "IL": "Hebrew",
    "IN": "Hindi", "IQ": "Arabic", "IT": "Italian", "JO": "Arabic", "JP": "Japanese",
    "KR": "Korean", "KZ": "Russian", "LB": "Arabic", "LT": "Russian", "LY": "Arabic",
    "MA": "Arabic", "MX": "Spanish", "NL": "Dutch", "PA": "Spanish", "PE": "Spanish",
    "PK": "Urdu", "PL": "Polish", "PT": "Portuguese", "RO": "Romanian", "RS": "Serbian",
    "RU": "Russian", "SA": "Arabic", "SE": "Swedish", "TH": "Thai", "TN": "Arabic", "TR": "Turkish",
    "UA": "Ukrainian", "UZ": "Russian", "VN": "Vietnamese", "GE": "Russian", "KE": "Swahili",
    "ET": "Amharic", "CD": "Lingala", "HT": "Haitian Creole", "MG": "Malagasy",
}  # fmt: skip


def region_of():
    """{iso2: region code}; every ISO country appears in exactly one region."""
    mapping = {}
    for code, (_order, _en, _fr, countries) in REGIONS.items():
        for iso2 in countries.split():
            if iso2 in mapping:
                raise ValueError(f"{iso2} is in two regions: {mapping[iso2]} and {code}")
            mapping[iso2] = code
    return mapping


def iso_countries():
    """Every ISO 3166-1 country as a dict of the Country fields (region as a code)."""
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    regions = region_of()
    rows = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        iso2 = country.alpha_2
        if iso2 not in regions or iso2 not in CAPITALS:
            raise ValueError(f"{iso2} ({country.name}) has no region or no capital in the demo data")
        short = getattr(country, "common_name", None) or country.name
        rows.append(
            {
                "iso2": iso2,
                "iso3": country.alpha_3,
                "iso_numeric": country.numeric,
                "name_en": ENGLISH_NAMES.get(iso2, short),
                "name_fr": FRENCH_NAMES.get(iso2) or french.gettext(short),
                "capital": CAPITALS[iso2],
                "capital_fr": french_city(CAPITALS[iso2]),
                "region": regions[iso2],
            }
        )
    return rows
