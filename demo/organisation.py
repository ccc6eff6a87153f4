"""The directorate's own vocabulary as data: the central entity, roles and ranks."""

from network.models import DirectorateUnit
from postings.models import Force

Kind = DirectorateUnit.Kind

# The central entity as a tree: (acronym, parent acronym, kind, English name, French name, staff).
# Staff tokens are read like the departments' (see departments.py); "!" marks a vacancy today.
CENTRAL_UNITS = [
    ("DCI", None, Kind.DIRECTORATE, "International Cooperation Directorate",
     "Direction de la coopération internationale", "dir/P ddir/G cos"),
    ("CVO", "DCI", Kind.WATCH_CENTRE, "24/7 Operational Watch Centre",
     "Centre de veille opérationnelle 24/7", "hb watch watch watch watch watch watch watch! watch"),
    ("SDS", "DCI", Kind.SUB_DIRECTORATE, "Sub-directorate for Strategy",
     "Sous-direction de la stratégie", "hsd desk"),
    ("BSP", "SDS", Kind.BUREAU, "Strategy and Foresight Bureau",
     "Bureau de la stratégie et de la prospective", "hb desk desk"),
    ("BAEM", "SDS", Kind.BUREAU, "European and Multilateral Affairs Bureau",
     "Bureau des affaires européennes et multilatérales", "hb desk desk!"),
    ("SDCO", "DCI", Kind.SUB_DIRECTORATE, "Sub-directorate for Operational Cooperation",
     "Sous-direction de la coopération opérationnelle", "hsd desk"),
    ("BEUR", "SDCO", Kind.BUREAU, "Europe Bureau", "Bureau Europe", "hb desk desk desk"),
    ("BAMO", "SDCO", Kind.BUREAU, "Maghreb and Middle East Bureau",
     "Bureau Maghreb et Moyen-Orient", "hb desk desk"),
    ("BAFR", "SDCO", Kind.BUREAU, "Sub-Saharan Africa Bureau", "Bureau Afrique subsaharienne",
     "hb desk desk desk"),
    ("BASO", "SDCO", Kind.BUREAU, "Asia and Oceania Bureau", "Bureau Asie-Océanie", "hb desk desk"),
    ("BAME", "SDCO", Kind.BUREAU, "Americas Bureau", "Bureau Amériques", "hb desk desk"),
    ("SDCT", "DCI", Kind.SUB_DIRECTORATE, "Sub-directorate for Technical Cooperation",
     "Sous-direction de la coopération technique", "hsd"),
    ("BFOR", "SDCT", Kind.BUREAU, "Training and Expertise Bureau",
     "Bureau de la formation et de l'expertise", "hb desk desk"),
    ("BPRJ", "SDCT", Kind.BUREAU, "Projects and Funding Bureau",
     "Bureau des projets et des financements", "hb desk desk"),
    ("BPM", "SDCT", Kind.BUREAU, "Ministry Partnerships Bureau",
     "Bureau des partenariats ministériels", "hb desk desk"),
    ("SDSR", "DCI", Kind.SUB_DIRECTORATE, "Sub-directorate for Support and Resources",
     "Sous-direction du soutien et des ressources", "hsd"),
    ("BRH", "SDSR", Kind.BUREAU, "Human Resources Bureau", "Bureau des ressources humaines",
     "hb desk/A desk/A desk/A"),
    ("BFL", "SDSR", Kind.BUREAU, "Finance and Logistics Bureau", "Bureau des finances et de la logistique",
     "hb desk/A desk/A"),
    ("BSI", "SDSR", Kind.BUREAU, "Information Systems Bureau", "Bureau des systèmes d'information",
     "hb desk desk/A"),
]  # fmt: skip

# Where units sat before a reorganisation: (unit, earlier parent, last day there). The
# watch centre reported to operational cooperation until it came under the director.
EARLIER_PLACES = [("CVO", "SDCO", "2019-12-31")]

# Which operational bureau supervises the departments of each region.
SUPERVISING_BUREAU = {
    "europe": "BEUR",
    "western-balkans": "BEUR",
    "eastern-europe-central-asia": "BEUR",
    "maghreb-middle-east": "BAMO",
    "west-central-africa": "BAFR",
    "east-southern-africa": "BAFR",
    "asia": "BASO",
    "oceania": "BASO",
    "north-america": "BAME",
    "latin-america-caribbean": "BAME",
}

# code: (abbreviation, English, French, heads a department, abroad, tour months, order)
ROLES = {
    "isa": ("ASI", "Internal Security Attaché", "Attaché de sécurité intérieure", True, True, 36, 10),
    "regional-isa": ("ASIR", "Regional ISA", "ASI régional", False, True, 36, 15),
    "deputy-isa": ("ASIA", "Deputy ISA", "ASI adjoint", False, True, 36, 20),
    "liaison-officer": ("OL", "Liaison officer", "Officier de liaison", False, True, 36, 30),
    "technical-expert": (
        "ETI",
        "International technical expert",
        "Expert technique international (ETI)",
        False,
        True,
        36,
        40,
    ),
    "civil-security-expert": ("ESC", "Civil-security expert", "Expert sécurité civile", False, True, 36, 50),
    "assistant": ("ASST", "Assistant", "Assistant(e)", False, True, 36, 60),
    "volunteer": ("VIA", "Volunteer (VIA)", "Volontaire international (VIA)", False, True, 24, 70),
    "director": ("DIR", "Director", "Directeur", False, False, 48, 100),
    "deputy-director": ("DIRA", "Deputy director", "Directeur adjoint", False, False, 48, 110),
    "chief-of-staff": ("CEM", "Chief of staff", "Chef d'état-major", False, False, 36, 120),
    "head-sub-directorate": ("SD", "Head of sub-directorate", "Sous-directeur", False, False, 48, 130),
    "head-bureau": ("CB", "Head of bureau", "Chef de bureau", False, False, 48, 140),
    "desk-officer": ("CM", "Desk officer", "Chargé de mission", False, False, 48, 150),
    "watch-officer": ("OP", "Watch officer", "Officier de permanence", False, False, 36, 160),
}

# The lowest seniority of rank a holder of each role usually has (the lowest of its level in
# RANKS_BY_LEVEL below): opening a posting below it asks the editor to confirm.
MINIMUM_RANK_SENIORITY = {
    "isa": 60,
    "regional-isa": 60,
    "deputy-isa": 50,
    "liaison-officer": 32,
    "technical-expert": 50,
    "director": 90,
    "deputy-director": 80,
    "chief-of-staff": 60,
    "head-sub-directorate": 80,
    "head-bureau": 60,
    "desk-officer": 32,
    "watch-officer": 32,
}

# (force, English, French, abbreviation, seniority): seniority compares ranks across forces.
RANKS = [
    (Force.POLICE, "General Commissioner", "Commissaire général", "CG", 90),
    (Force.POLICE, "Chief Superintendent", "Commissaire divisionnaire", "CD", 80),
    (Force.POLICE, "Superintendent", "Commissaire", "Cre", 70),
    (Force.POLICE, "Police Commander", "Commandant", "Cdt", 60),
    (Force.POLICE, "Police Captain", "Capitaine", "Cne", 50),
    (Force.POLICE, "Police Lieutenant", "Lieutenant", "Lt", 40),
    (Force.POLICE, "Police Major", "Major", "Maj", 35),
    (Force.POLICE, "Chief Sergeant", "Brigadier-chef", "BC", 30),
    (Force.POLICE, "Sergeant", "Brigadier", "Brig", 25),
    (Force.POLICE, "Constable", "Gardien de la paix", "GPX", 20),
    (Force.GENDARMERIE, "Brigadier General", "Général de brigade", "GBR", 91),
    (Force.GENDARMERIE, "Colonel", "Colonel", "COL", 81),
    (Force.GENDARMERIE, "Lieutenant Colonel", "Lieutenant-colonel", "LCL", 71),
    (Force.GENDARMERIE, "Squadron Leader", "Chef d'escadron", "CEN", 61),
    (Force.GENDARMERIE, "Captain", "Capitaine", "CNE", 51),
    (Force.GENDARMERIE, "Lieutenant", "Lieutenant", "LTN", 41),
    (Force.GENDARMERIE, "Senior Warrant Officer", "Major", "MAJ", 36),
    (Force.GENDARMERIE, "Chief Warrant Officer", "Adjudant-chef", "ADC", 32),
    (Force.GENDARMERIE, "Warrant Officer", "Adjudant", "ADJ", 28),
    (Force.GENDARMERIE, "Staff Sergeant", "Maréchal des logis-chef", "MDC", 26),
    (Force.GENDARMERIE, "Gendarme", "Gendarme", "GND", 21),
]

# The ranks a holder of a role of each level usually has (level: see POSITION_KINDS in departments.py).
RANKS_BY_LEVEL = {
    Force.POLICE: {
        6: ["Commissaire général"],
        5: ["Commissaire général", "Commissaire divisionnaire"],
        4: ["Commissaire divisionnaire", "Commissaire", "Commissaire", "Commandant"],
        3: ["Commissaire", "Commandant", "Commandant", "Capitaine"],
        2: ["Commandant", "Capitaine", "Capitaine", "Lieutenant", "Major"],
        1: ["Major", "Brigadier-chef", "Brigadier-chef", "Brigadier", "Gardien de la paix"],
    },
    Force.GENDARMERIE: {
        6: ["Général de brigade"],
        5: ["Général de brigade", "Colonel"],
        4: ["Colonel", "Lieutenant-colonel", "Lieutenant-colonel", "Chef d'escadron"],
        3: ["Lieutenant-colonel", "Chef d'escadron", "Chef d'escadron", "Capitaine"],
        2: ["Chef d'escadron", "Capitaine", "Capitaine", "Lieutenant", "Major", "Adjudant-chef"],
        1: ["Major", "Adjudant-chef", "Adjudant", "Maréchal des logis-chef", "Gendarme"],
    },
}
