"""Fictional contact details for the demo network: embassy switchboards, department and
section lines and mailboxes, secure lines, officers' professional mobiles.

Numbers use the country's real calling code and made-up local digits. Each value is
drawn from its own generator seeded by the record's natural key, so adding contacts
leaves the rest of the demo (drawn from the planner's generator) exactly as it was.
"""

import random
import re
import unicodedata

# ITU calling codes of the countries where the demo has an embassy or a section.
CALLING_CODES = {
    **dict.fromkeys(["US", "CA"], "1"),
    **dict.fromkeys(["RU", "KZ"], "7"),
    "AD": "376", "AE": "971", "AF": "93", "AL": "355", "AM": "374", "AO": "244", "AR": "54",
    "AT": "43", "AU": "61", "AZ": "994", "BA": "387", "BD": "880", "BE": "32", "BF": "226",
    "BG": "359", "BH": "973", "BI": "257", "BJ": "229", "BN": "673", "BO": "591", "BR": "55",
    "BW": "267", "BY": "375", "CD": "243", "CF": "236", "CG": "242", "CH": "41", "CI": "225",
    "CL": "56", "CM": "237", "CN": "86", "CO": "57", "CR": "506", "CU": "53", "CY": "357",
    "CZ": "420", "DE": "49", "DJ": "253", "DK": "45", "DO": "1", "DZ": "213", "EC": "593",
    "EE": "372", "EG": "20", "ER": "291", "ES": "34", "ET": "251", "FI": "358", "GA": "241",
    "GB": "44", "GE": "995", "GH": "233", "GM": "220", "GN": "224", "GQ": "240", "GR": "30",
    "GT": "502", "GW": "245", "GY": "592", "HN": "504", "HR": "385", "HT": "509", "HU": "36",
    "ID": "62", "IE": "353", "IL": "972", "IN": "91", "IQ": "964", "IT": "39", "JO": "962",
    "JP": "81", "KE": "254", "KG": "996", "KH": "855", "KM": "269", "KR": "82", "KW": "965",
    "LA": "856", "LB": "961", "LK": "94", "LR": "231", "LT": "370", "LU": "352", "LV": "371",
    "LY": "218", "MA": "212", "MD": "373", "ME": "382", "MG": "261", "MK": "389", "ML": "223",
    "MM": "95", "MN": "976", "MR": "222", "MT": "356", "MU": "230", "MX": "52", "MY": "60",
    "MZ": "258", "NA": "264", "NE": "227", "NG": "234", "NI": "505", "NL": "31", "NO": "47",
    "NP": "977", "NZ": "64", "OM": "968", "PA": "507", "PE": "51", "PH": "63", "PK": "92",
    "PL": "48", "PS": "970", "PT": "351", "PY": "595", "QA": "974", "RO": "40", "RS": "381",
    "RW": "250", "SA": "966", "SD": "249", "SE": "46", "SG": "65", "SI": "386", "SK": "421",
    "SL": "232", "SN": "221", "SO": "252", "SR": "597", "SV": "503", "SY": "963", "TD": "235",
    "TG": "228", "TH": "66", "TJ": "992", "TL": "670", "TM": "993", "TN": "216", "TR": "90",
    "TZ": "255", "UA": "380", "UG": "256", "UY": "598", "UZ": "998", "VE": "58", "VN": "84",
    "YE": "967", "ZA": "27", "ZM": "260", "ZW": "263",
}  # fmt: skip
FRANCE = "33"
MAILBOX_DOMAIN = "interieur.gouv.fr"
SECURE_LINE_SHARE = {"department": 0.5, "section": 0.2}  # posts that have one
MOBILE_SHARE = 0.8  # officers abroad with a professional mobile


def _slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", "-", text.lower()).strip("-")


def _digits(rng, pairs):
    return " ".join(f"{rng.randint(0, 99):02d}" for _ in range(pairs))


def local_number(iso2, seed):
    rng = random.Random(seed)
    code = CALLING_CODES.get(iso2, FRANCE)
    return f"+{code} {rng.randint(2, 9)}{rng.randint(0, 9)} {_digits(rng, 3)}"


def embassy_contacts(iso2):
    return {"switchboard": local_number(iso2, f"switchboard {iso2}")}


def unit_contacts(kind, iso2, city, key):
    """Phone, functional mailbox and (for some) a secure line of a department or section.
    Secure lines go through Paris: a French number, never one of the host country."""
    rng = random.Random(f"secure {kind} {key}")
    prefix = "ssi" if kind == "department" else "sis"
    return {
        "phone": local_number(iso2, f"phone {kind} {key}"),
        "email": f"{prefix}.{_slug(city)}@{MAILBOX_DOMAIN}",
        "secure_line": (
            f"+{FRANCE} 1 86 95 {_digits(rng, 2)}" if rng.random() < SECURE_LINE_SHARE[kind] else ""
        ),
    }


def person_mobile(service_number, abroad):
    """A professional mobile for most officers abroad, none in France."""
    rng = random.Random(f"mobile {service_number}")
    if not abroad or rng.random() >= MOBILE_SHARE:
        return ""
    return f"+{FRANCE} 6 {rng.randint(10, 99)} {_digits(rng, 3)}"
