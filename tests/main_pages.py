"""The main pages of the portal's journeys, for the checks every page must pass (valid
HTML, one date format): each list, a record page of each kind, the forms, the reports."""

from django.urls import reverse

from network.models import Country, Coverage, Department, DirectorateUnit, Embassy, Section
from postings.models import Person, Position, Posting

LIST_PAGES = (
    "dashboard",
    "network:country_list",
    "network:department_list",
    "network:section_list",
    "network:embassy_list",
    "network:unit_list",
    "network:coverage_list",
    "postings:person_list",
    "postings:position_list",
    "postings:vacancy_list",
    "postings:posting_list",
    "postings:rotation_plan",
    "reports:coverage",
    "reports:rotation",
    "postings:person_add",
    "postings:posting_add",
)


def main_page_urls():
    """URLs of the main pages on the demo network (an administrator may open them all)."""
    urls = [reverse(name) for name in LIST_PAGES]
    urls.append(reverse("search") + "?q=nepal")
    urls.append(Country.objects.get(iso2="NP").get_absolute_url())
    for model in (Department, Section, Embassy, DirectorateUnit, Person, Position, Posting):
        urls.append(model.objects.order_by("pk").first().get_absolute_url())
    person = Person.objects.order_by("pk").first()
    posting = Posting.objects.filter(end_date__isnull=True).order_by("pk").first()
    urls += [
        reverse("postings:person_edit", args=[person.pk]),
        reverse("postings:person_history", args=[person.pk]),
        reverse("postings:posting_end", args=[posting.pk]),
        reverse("network:coverage_edit", args=[Coverage.objects.order_by("pk").first().pk]),
        reverse("network:country_history", args=["NP"]),
    ]
    return urls
