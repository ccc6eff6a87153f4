"""Figures of the whole network on a date, composed from both apps' selectors."""

from network import selectors as network
from postings import selectors as postings


def network_figures(day):
    """The dashboard's figures; the coverage report's totals must equal these."""
    return {
        "departments_open": network.departments_open_on(day).count(),
        "embassies_with_department": network.embassies_with_department_on(day).count(),
        "countries_covered": network.countries_covered_on(day).count(),
        "sections_open": network.sections_open_on(day).count(),
        "people_in_post_abroad": postings.people_in_post_abroad_on(day).count(),
        "people_in_post_centrally": postings.people_in_post_centrally_on(day).count(),
        "vacant_positions_abroad": postings.vacant_positions_abroad_on(day).count(),
    }
