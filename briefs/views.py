"""The country and department briefs (page, PDF) and the contact cards (.vcf).

Each brief is one view class with three outputs (`output`): the page, printable from the
browser (brief.css: A4, no menu, a header with the date and "Restricted" on every page),
the PDF made on the server, and the team's contact cards. Exports of personal data go
through one function each, `export_pdf` and `export_vcards`: the place to log them.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.views import View

from base.access import ModelPermissionMixin
from base.exports import filters_of, record_export
from base.tables import with_as_of
from network.models import Country, Department
from postings.models import Person
from postings.selectors import PLACE_RELATED
from reports import worldmap

from . import pdf, vcards
from .selectors import country_brief, department_brief

HTML, PDF, VCF = "html", "pdf", "vcf"
TEAM_PERMISSIONS = ("postings.view_person", "postings.view_posting")


def export_pdf(request, html, filename, *, kind, rows):
    """The one entry point of PDF exports of briefs (personal data: recorded here)."""
    content = pdf.render_pdf(html, base_url=request.build_absolute_uri("/"))
    record_export(user=request.user, kind=kind, file_format="pdf", filters=filters_of(request.GET), rows=rows)
    return attachment(content, "application/pdf", filename)


def export_vcards(request, cards, filename, *, kind):
    """The one entry point of contact card exports (personal data: recorded here)."""
    record_export(
        user=request.user, kind=kind, file_format="vcf", filters=filters_of(request.GET), rows=len(cards)
    )
    return attachment(vcards.serialize(cards), vcards.MEDIA_TYPE, filename)


def attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class BriefView(ModelPermissionMixin, View):
    """A brief of one record on the page's date, as `output`: the page, its PDF or the
    team's contact cards. Needs the view permission of the record and of the team."""

    output = HTML
    template_name = "briefs/brief_page.html"
    document_template_name = "briefs/brief_document.html"
    url_names = {}  # output -> URL name

    def get_permission_required(self):
        return (*super().get_permission_required(), *TEAM_PERMISSIONS)

    def get(self, request, **kwargs):
        subject = self.get_object()
        brief = self.build(subject, request.as_of, request.user)
        stem = f"{self.file_stem(subject)}-{brief.day.isoformat()}"
        if self.output == VCF:
            cards = vcards.team_cards(brief.team, request.user)
            return export_vcards(request, cards, f"team-{stem}.vcf", kind=f"team contact cards: {subject}")
        context = {"brief": brief, "links": self.output == HTML, **self.urls(subject)}
        if self.output == PDF:
            context["map_image"] = pdf.data_uri(
                worldmap.render_map(
                    brief.map_report, standalone=True, highlight=brief.highlight, with_legend=False
                )
            )
            html = render_to_string(self.document_template_name, context, request=request)
            return export_pdf(
                request, html, f"brief-{stem}.pdf", kind=f"brief: {subject}", rows=len(brief.team)
            )
        context["map_svg"] = worldmap.render_map(brief.map_report, highlight=brief.highlight)
        return TemplateResponse(request, self.template_name, context)

    def urls(self, subject):
        args = [self.url_arg(subject)]
        return {
            "back_url": with_as_of(subject.get_absolute_url(), self.request),
            "pdf_url": with_as_of(reverse(self.url_names[PDF], args=args), self.request),
            "vcf_url": with_as_of(reverse(self.url_names[VCF], args=args), self.request),
        }


class CountryBriefView(BriefView):
    model = Country
    slug_field = slug_url_kwarg = "iso2"
    url_names = {PDF: "briefs:country_brief_pdf", VCF: "briefs:country_team_vcf"}
    build = staticmethod(country_brief)

    def get_object(self):
        queryset = Country.objects.select_related("region", "embassy")
        return get_object_or_404(queryset, iso2=self.kwargs["iso2"].upper())

    @staticmethod
    def url_arg(country):
        return country.iso2

    @staticmethod
    def file_stem(country):
        return country.iso2


class DepartmentBriefView(BriefView):
    model = Department
    url_names = {PDF: "briefs:department_brief_pdf", VCF: "briefs:department_team_vcf"}
    build = staticmethod(department_brief)

    def get_object(self):
        queryset = Department.objects.with_place().select_related("embassy__country__region")
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    @staticmethod
    def url_arg(department):
        return department.pk

    @staticmethod
    def file_stem(department):
        return f"isd-{slugify(department.embassy.city)}-{department.start_date.year}"


class PersonCardView(ModelPermissionMixin, View):
    """A person's contact card, with their posting on the page's date."""

    model = Person

    def get(self, request, pk):
        person = get_object_or_404(Person.objects.select_related("rank"), pk=pk)
        posting = person.postings.active_on(request.as_of).select_related(*PLACE_RELATED).first()
        card = vcards.person_card(person, request.user, posting)
        return export_vcards(
            request, [card], f"{slugify(person.full_name)}.vcf", kind=f"contact card: {person}"
        )
