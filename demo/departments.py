"""The departments (ISD), their coverage over time, the sections (ISS) and the
establishment table of each unit, as data.

Staff tokens, one per position: ``kind[-theme][/force][!][+start][~end]``
  kind    isa dep risa ol asst via eti cse (abroad); dir ddir cos hsd hb desk watch (central)
  theme   terror drugs immig crime cyber (liaison officers); train road migr local admin (experts)
  force   /P police, /G gendarmerie, /E either (the default for officers), /A anyone, civilians included
  !       vacant today (nobody holds it; its last holder left a few months ago)
  +date   opened on that date (default: with its unit); "+new" opened a few weeks ago, not yet filled
  ~date   closed on that date

Coverage tokens, beyond the host country (covered while the department is open):
  ``XX`` from the opening, ``XX:start``, ``XX:start:end`` or ``XX::end``.
"""

from dataclasses import dataclass

from postings.models import Position, RequiredForce

Theme = Position.Theme
Coop = Position.CooperationKind
Body = Position.ServingBody


@dataclass(frozen=True)
class PositionKind:
    role: str
    title: str
    title_fr: str
    track: str  # who moves between these posts: officer, assistant, volunteer, civil
    level: int  # how senior its holder is (picks the rank)
    theme: str = Theme.GENERAL
    cooperation: str = Coop.OPERATIONAL
    body: str = Body.DCI
    force: str = RequiredForce.EITHER


POSITION_KINDS = {
    "isa": PositionKind("isa", "Internal Security Attaché", "Attaché de sécurité intérieure", "officer", 4,
                        cooperation=Coop.INSTITUTIONAL),
    "risa": PositionKind("regional-isa", "Regional ISA", "ASI régional", "officer", 4,
                         cooperation=Coop.INSTITUTIONAL),
    "dep": PositionKind("deputy-isa", "Deputy ISA", "ASI adjoint", "officer", 3),
    "ol": PositionKind("liaison-officer", "Liaison officer", "Officier de liaison", "officer", 2),
    "eti": PositionKind("technical-expert", "International technical expert",
                        "Expert technique international", "officer", 3, cooperation=Coop.TECHNICAL),
    "cse": PositionKind("civil-security-expert", "Civil-security expert", "Expert sécurité civile", "civil",
                        0, Theme.CIVIL_SECURITY, Coop.TECHNICAL, Body.DGSCGC, RequiredForce.ANY),
    "asst": PositionKind("assistant", "Assistant", "Assistant(e)", "assistant", 1, Theme.ADMINISTRATION,
                         force=RequiredForce.ANY),
    "via": PositionKind("volunteer", "Volunteer", "Volontaire international", "volunteer", 0, Theme.TRAINING,
                        Coop.TECHNICAL, force=RequiredForce.ANY),
    "dir": PositionKind("director", "Director", "Directeur", "officer", 6, cooperation=Coop.INSTITUTIONAL),
    "ddir": PositionKind("deputy-director", "Deputy director", "Directeur adjoint", "officer", 5,
                         cooperation=Coop.INSTITUTIONAL),
    "cos": PositionKind("chief-of-staff", "Chief of staff", "Chef d'état-major", "officer", 4,
                        cooperation=Coop.INSTITUTIONAL),
    "hsd": PositionKind("head-sub-directorate", "Head of sub-directorate", "Sous-directeur", "officer", 5,
                        cooperation=Coop.INSTITUTIONAL),
    "hb": PositionKind("head-bureau", "Head of bureau", "Chef de bureau", "officer", 4),
    "desk": PositionKind("desk-officer", "Desk officer", "Chargé de mission", "officer", 2),
    "watch": PositionKind("watch-officer", "Watch officer", "Officier de permanence", "officer", 2),
}  # fmt: skip

# theme token: (theme, on behalf of, title suffix, its French form)
THEMES = {
    "terror": (Theme.TERRORISM, Body.DCI, "counter-terrorism", "lutte antiterroriste"),
    "drugs": (Theme.DRUGS, Body.DCI, "drug trafficking", "trafic de stupéfiants"),
    "immig": (Theme.IMMIGRATION, Body.DCI, "illegal immigration", "immigration irrégulière"),
    "crime": (Theme.ORGANISED_CRIME, Body.DCI, "organised crime", "criminalité organisée"),
    "cyber": (Theme.CYBERCRIME, Body.DCI, "cybercrime", "cybercriminalité"),
    "train": (Theme.TRAINING, Body.DCI, "training", "formation"),
    "road": (Theme.ROAD_SAFETY, Body.DSR, "road safety", "sécurité routière"),
    "migr": (Theme.IMMIGRATION, Body.DGEF, "migration and asylum", "migrations et asile"),
    "local": (Theme.ADMINISTRATION, Body.DGCL, "local governance", "gouvernance locale"),
    "admin": (
        Theme.ADMINISTRATION,
        Body.GENERAL_SECRETARIAT,
        "public administration",
        "administration publique",
    ),
}

# What a Regional ISA coordinates (DepartmentSpec.regional), in French.
FRENCH_REGIONAL = {"the Western Balkans": "les Balkans occidentaux", "the Gulf": "le Golfe"}

FORCES = {"P": RequiredForce.POLICE, "G": RequiredForce.GENDARMERIE, "E": RequiredForce.EITHER,
          "A": RequiredForce.ANY}  # fmt: skip


@dataclass(frozen=True)
class DepartmentSpec:
    host: str
    opened: str
    staff: str
    covers: str = ""
    closed: str | None = None
    regional: str = ""  # the region its Regional ISA coordinates
    notes: str = ""


D = DepartmentSpec

DEPARTMENTS = [
    # --- Europe
    D("DE", "1985-09-01", "isa/G dep/P ol-terror ol-crime ol-immig! asst"),
    D("BE", "1988-09-01", "isa/P dep/G ol-terror ol-drugs asst! asst", "LU"),
    D("NL", "1995-09-01", "isa/G ol-drugs ol-crime asst", notes="Close to Europol and Eurojust."),
    D("GB", "1987-09-01", "isa/P dep/G ol-immig ol-terror ol-cyber+2019-09-01 asst", "IE"),
    D("ES", "1984-09-01", "isa/G dep/P ol-terror ol-drugs ol-immig ol-crime! asst asst", "AD"),
    D("PT", "1996-09-01", "isa/P ol-drugs asst"),
    D("IT", "1986-09-01", "isa/P dep/G ol-crime ol-terror ol-immig~2019-08-31 asst", "MT"),
    D("CH", "1992-09-01", "isa/G ol-crime asst", "LI"),
    D("AT", "1994-09-01", "isa/P ol-immig asst", "HU:2012-09-01"),
    D("PL", "1991-09-01", "isa/G dep/P! ol-immig asst", "LT:2004-05-01:2022-08-31"),
    D("CZ", "1993-01-01", "isa/P ol-drugs asst", "SK"),
    D("RO", "1991-09-01", "isa/G dep/P ol-crime ol-immig asst via!", "MD:2022-03-01"),
    D("BG", "1992-09-01", "isa/P ol-crime asst"),
    D("GR", "1989-09-01", "isa/G ol-immig ol-terror asst", "CY"),
    D(
        "SE",
        "1998-09-01",
        "isa/P ol-crime asst",
        "NO FI DK LV:2015-09-01:2022-08-31 EE:2015-09-01:2022-08-31",
    ),
    D(
        "LT",
        "2022-09-01",
        "isa/G ol-immig ol-cyber+new asst",
        "LV EE",
        notes="One department for the three Baltic states.",
    ),
    D("HR", "1996-09-01", "isa/P risa/G ol-crime asst", "SI", regional="the Western Balkans"),
    D(
        "LV",
        "1992-09-01",
        "isa asst",
        "EE:1995-01-01",
        closed="2015-08-31",
        notes="Closed in 2015; Latvia was then covered from Stockholm, and from Vilnius since 2022.",
    ),
    D(
        "HU",
        "1996-09-01",
        "isa asst",
        closed="2012-08-31",
        notes="Closed in 2012; Hungary is covered from Vienna.",
    ),
    # --- Western Balkans
    D("RS", "1998-09-01", "isa/G dep/P ol-crime ol-drugs asst", "ME:2006-06-03"),
    D("AL", "1999-09-01", "isa/P ol-crime ol-immig eti-migr asst", "MK:2005-09-01"),
    D("BA", "1997-09-01", "isa/G ol-terror eti-train asst"),
    # --- Eastern Europe and Central Asia
    D("RU", "1992-09-01", "isa/P dep/G! ol-crime ol-cyber asst asst", "BY"),
    D("UA", "1996-09-01", "isa/G dep/P ol-crime ol-immig cse! asst", "MD::2022-02-28"),
    D("GE", "2005-09-01", "isa/P ol-crime asst", "AM AZ"),
    D("KZ", "2008-09-01", "isa/G asst", "KG"),
    D("UZ", "2003-09-01", "isa/P ol-drugs asst", "TJ TM"),
    # --- Maghreb and Middle East
    D("MA", "1982-09-01", "isa/P dep/G ol-immig ol-drugs ol-terror asst asst! eti-migr"),
    D("DZ", "1984-09-01", "isa/G dep/P ol-terror ol-immig asst asst"),
    D("TN", "1983-09-01", "isa/P dep/G ol-terror ol-immig asst eti-local", "LY:2014-08-01:2021-03-31"),
    D(
        "LY",
        "2006-01-01",
        "isa ol-immig asst",
        closed="2014-07-31",
        notes="Closed in 2014 when the embassy was evacuated; Libya was covered from Tunis until 2021.",
    ),
    D("LY", "2021-04-01", "isa/G ol-immig asst", notes="Reopened in 2021."),
    D("EG", "1986-09-01", "isa/P dep/G ol-terror asst eti-train", "SD"),
    D("JO", "1995-09-01", "isa/G ol-terror asst"),
    D("LB", "1990-09-01", "isa/P dep/G ol-terror! asst asst", "SY:2012-03-02"),
    D("IL", "1993-09-01", "isa/G ol-terror asst", "PS"),
    D("TR", "1988-09-01", "isa/P dep/G ol-immig ol-terror asst"),
    D("SA", "2000-09-01", "isa/G ol-terror asst", "YE"),
    D("AE", "2007-09-01", "isa/P risa/G ol-crime ol-drugs asst via", "OM QA KW BH", regional="the Gulf"),
    D("IQ", "2009-09-01", "isa/G ol-terror! asst"),
    D(
        "SY",
        "1998-09-01",
        "isa ol-terror asst",
        closed="2012-03-01",
        notes="Closed when the embassy closed in 2012; Syria is covered from Beirut.",
    ),
    # --- West and Central Africa
    D("SN", "1980-09-01", "isa/G dep/P ol-drugs ol-immig eti-road asst asst via!", "GM GW"),
    D("MR", "2002-09-01", "isa/P ol-terror asst"),
    D("ML", "1999-09-01", "isa/G dep/P! ol-terror asst"),
    D("NE", "2001-09-01", "isa/P ol-terror asst"),
    D("BF", "2000-09-01", "isa/G ol-terror asst"),
    D("CI", "1981-09-01", "isa/P dep/G ol-drugs ol-cyber! eti-road asst", "LR"),
    D("GN", "2003-09-01", "isa/G ol-drugs asst", "SL"),
    D("GH", "2006-09-01", "isa/P ol-drugs asst", "TG BJ"),
    D("NG", "2004-09-01", "isa/G ol-immig ol-crime! asst"),
    D("TD", "1998-09-01", "isa/P eti-train asst"),
    D("CM", "1985-09-01", "isa/G dep/P eti-admin asst", "GQ CF"),
    D("GA", "1987-09-01", "isa/P asst"),
    D("CD", "1995-09-01", "isa/G ol-crime asst", "CG"),
    # --- East and Southern Africa, Indian Ocean
    D("KE", "1996-09-01", "isa/P dep/G ol-terror ol-drugs! asst", "UG TZ RW BI SO"),
    D("ET", "2004-09-01", "isa/G asst", "ER DJ"),
    D("ZA", "1995-09-01", "isa/P ol-drugs ol-crime asst", "NA BW ZW MZ ZM AO"),
    D("MG", "1990-09-01", "isa/G cse asst!", "KM MU"),
    # --- Asia and Oceania
    D("IN", "1991-09-01", "isa/P dep/G ol-immig ol-terror asst", "NP LK MV BD"),
    D("PK", "1998-09-01", "isa/G ol-terror asst", "AF:2021-08-16"),
    D(
        "AF",
        "2002-03-01",
        "isa dep ol-terror asst",
        closed="2021-08-15",
        notes="Closed on the evacuation of Kabul; Afghanistan is covered from Islamabad.",
    ),
    D("CN", "1997-09-01", "isa/P dep/G ol-immig ol-cyber asst asst!", "MN"),
    D("JP", "1999-09-01", "isa/G asst"),
    D("KR", "2011-09-01", "isa/P asst"),
    D("TH", "1989-09-01", "isa/G dep/P ol-drugs ol-crime! asst", "MM LA"),
    D("VN", "1997-09-01", "isa/P ol-immig asst", "KH"),
    D("ID", "2003-09-01", "isa/G ol-terror asst", "TL"),
    D("MY", "2005-09-01", "isa/P asst", "BN"),
    D("SG", "2012-09-01", "isa/G ol-cyber asst"),
    D("PH", "2009-09-01", "isa/P asst"),
    D("AU", "2001-09-01", "isa/G ol-crime! asst", "NZ"),
    # --- Americas
    D("US", "1983-09-01", "isa/P dep/G ol-terror ol-cyber! ol-drugs asst"),
    D("CA", "2002-09-01", "isa/G asst"),
    D("MX", "1988-09-01", "isa/P dep/G ol-drugs ol-crime asst", "GT SV HN CU"),
    D("CO", "1990-09-01", "isa/G dep/P ol-drugs ol-drugs asst", "EC VE:2019-07-01"),
    D("BR", "1992-09-01", "isa/P dep/G ol-drugs ol-crime! asst eti-train", "SR GY"),
    D("AR", "1994-09-01", "isa/G ol-drugs asst", "CL UY PY"),
    D("PE", "1996-09-01", "isa/P ol-drugs asst", "BO"),
    D("DO", "2001-09-01", "isa/G ol-drugs asst"),
    D("HT", "1995-09-01", "isa/P eti-train asst cse"),
    D("PA", "2000-09-01", "isa/G ol-drugs asst", "CR NI"),
    D(
        "VE",
        "2001-09-01",
        "isa ol-drugs asst",
        closed="2019-06-30",
        notes="Closed in 2019; Venezuela is covered from Bogotá.",
    ),
]


@dataclass(frozen=True)
class SectionSpec:
    city: str
    country: str
    department_host: str  # the host country of the department it is attached to
    opened: str
    staff: str
    closed: str | None = None


S = SectionSpec

SECTIONS = [
    S("Istanbul", "TR", "TR", "2008-09-01", "ol-immig asst!"),
    S("Jerusalem", "PS", "IL", "2004-01-01", "ol-terror"),
    S("Shanghai", "CN", "CN", "2012-09-01", "ol-immig"),
    S("Casablanca", "MA", "MA", "2006-09-01", "ol-drugs asst"),
    S("Lagos", "NG", "NG", "2010-01-01", "ol-drugs"),
    S("Kathmandu", "NP", "IN", "2016-09-01", "ol-immig"),
    S("Podgorica", "ME", "RS", "2009-09-01", "ol-crime"),
    S("Brazzaville", "CG", "CD", "2011-01-01", "ol-crime!"),
    S("Miami", "US", "US", "2014-09-01", "ol-drugs"),
    S("Cotonou", "BJ", "GH", "2013-09-01", "ol-drugs"),
    S("Guayaquil", "EC", "CO", "2015-09-01", "ol-drugs"),
    S("Dubai", "AE", "AE", "2017-09-01", "ol-crime"),
    S("Djibouti", "DJ", "ET", "2009-09-01", "ol-terror cse+2020-01-01"),
    S("Barcelona", "ES", "ES", "2018-09-01", "ol-terror"),
    S("Benghazi", "LY", "LY", "2011-11-01", "ol-terror", closed="2013-06-30"),
]
