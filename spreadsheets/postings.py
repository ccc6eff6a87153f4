"""Spreadsheet import and export of ranks, roles, people, positions and postings.

Natural keys: a rank by its force and English name, a role by its code, a person by
service number, a position by its unit + role + title (the one open on the row's date
when the post closed and reopened), a posting by the person's service number and its
start date (a person holds one posting on a given day).

People and postings files carry service numbers: reading or writing them needs the
permission to view sensitive personnel data (see spreadsheets/files.py).
"""

import copy

from django.utils.translation import gettext_lazy as _
from import_export import fields

from postings.models import Force, Person, Position, Posting, Rank, RequiredForce, Role

from .network import DepartmentWidget, SectionWidget, central_unit_widget
from .resources import (
    BooleanWidget,
    CellError,
    ChoiceWidget,
    IndexedWidget,
    IntegerWidget,
    LookupWidget,
    SpreadsheetResource,
    cell_text,
    date_field,
    fold,
    pick_by_date,
    readonly_field,
    row_date,
    text_field,
)


def role_widget():
    return LookupWidget(Role, "code", _("there is no role with the code %(value)s"))


class RankWidget(IndexedWidget):
    """A rank by its English or French name or its abbreviation, within the force of
    the row when two forces use the same word."""

    def __init__(self, force_column="force"):
        super().__init__()
        self.force_column = force_column

    def index(self):
        if self._index is None:
            self._index = {}
            for rank in Rank.objects.all():
                for name in {fold(rank.name_en), fold(rank.name_fr), fold(rank.abbreviation)} - {""}:
                    self._index.setdefault(name, []).append(rank)
        return self._index

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        matches = self.index().get(fold(text), [])
        if len(matches) > 1:
            force = fold((row or {}).get(self.force_column))
            matches = [rank for rank in matches if rank.force == force] or matches
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise CellError(_("there is no rank called %(value)s") % {"value": text})
        raise CellError(_("%(value)s is a rank of several forces: fill in the force") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.name_en


UNIT_COLUMNS = ("central_unit", "department_country", "section_country")


class PositionWidget(IndexedWidget):
    """A position by its unit (one of central_unit, department_country + department_city,
    section_country + section_city), its role (this column) and its title; when such a
    post closed and reopened, the one open on the row's start date."""

    def __init__(self):
        super().__init__()
        self.units = {
            "central_unit": central_unit_widget(),
            "department_country": DepartmentWidget("department_city"),
            "section_country": SectionWidget("section_city"),
        }
        self.role = role_widget()

    def __deepcopy__(self, memo):
        clone = super().__deepcopy__(memo)
        clone.units = {column: copy.deepcopy(widget, memo) for column, widget in self.units.items()}
        clone.role = copy.deepcopy(self.role, memo)
        return clone

    @staticmethod
    def key(unit_column, unit_id, role_id, title):
        return (unit_column, unit_id, role_id, fold(title))

    def queryset(self):
        return Position.objects.select_related(
            "role", "central_unit", "department__embassy__country", "section__country"
        ).order_by("start_date")

    def index(self):
        if self._index is None:
            self._index = {}
            for position in self.queryset():
                for column, unit_id in zip(
                    UNIT_COLUMNS,
                    (position.central_unit_id, position.department_id, position.section_id),
                    strict=True,
                ):
                    if unit_id is not None:
                        key = self.key(column, unit_id, position.role_id, position.title)
                        self._index.setdefault(key, []).append(position)
        return self._index

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        units = []
        for column, widget in self.units.items():
            try:
                unit = widget.clean(row.get(column), row)
            except CellError as error:
                raise CellError(str(error), error.column or column) from None
            if unit is not None:
                units.append((column, unit))
        if len(units) != 1:
            raise CellError(
                _("give the unit in exactly one of central_unit, department_country, section_country"),
                units[1][0] if units else "central_unit",
            )
        if not cell_text(value):
            raise CellError(_("give the role of the position"))
        role = self.role.clean(value)
        title = cell_text(row.get("title"))
        column, unit = units[0]
        key = self.key(column, unit.pk, role.pk, title)
        candidates = self.index().get(key)
        if candidates is None:
            candidates = list(
                self.queryset().filter(
                    **{column.removesuffix("_country"): unit, "role": role, "title__iexact": title}
                )
            )
            if candidates:
                self._index[key] = candidates
        if not candidates:
            raise CellError(
                _("%(unit)s has no position with the role %(role)s and the title “%(title)s”")
                % {"unit": unit, "role": role.code, "title": title},
                "title",
            )
        describe = _("the position %(position)s") % {"position": candidates[0]}
        return pick_by_date(candidates, row_date(row), describe, None)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.role.code


class RankResource(SpreadsheetResource):
    kind = "ranks"
    verbose_name = _("ranks")
    export_order_by = ("force", "-seniority", "name_en")
    example_row = {
        "force": "police",
        "name_en": "Police Commander",
        "name_fr": "Commandant",
        "abbreviation": "Cdt",
        "seniority": "70",
    }

    force = fields.Field(attribute="force", column_name="force", widget=ChoiceWidget(Force))
    name_en = text_field("name_en")
    name_fr = text_field("name_fr")
    abbreviation = text_field("abbreviation")
    seniority = fields.Field(attribute="seniority", column_name="seniority", widget=IntegerWidget())

    class Meta(SpreadsheetResource.Meta):
        model = Rank
        fields = ("force", "name_en", "name_fr", "abbreviation", "seniority")
        import_id_fields = ("force", "name_en")


class RoleResource(SpreadsheetResource):
    kind = "roles"
    verbose_name = _("roles")
    export_order_by = ("order", "code")
    example_row = {
        "code": "liaison-officer",
        "name_en": "Liaison officer",
        "name_fr": "Officier de liaison",
        "abbreviation": "OL",
        "heads_department": "no",
        "abroad": "yes",
        "tour_months": "36",
        "order": "4",
    }

    code = text_field("code")
    name_en = text_field("name_en")
    name_fr = text_field("name_fr")
    abbreviation = text_field("abbreviation")
    heads_department = fields.Field(
        attribute="heads_department", column_name="heads_department", widget=BooleanWidget()
    )
    abroad = fields.Field(attribute="abroad", column_name="abroad", widget=BooleanWidget())
    tour_months = fields.Field(
        attribute="tour_months", column_name="tour_months", widget=IntegerWidget(), default=36
    )
    order = fields.Field(attribute="order", column_name="order", widget=IntegerWidget(), default=0)

    class Meta(SpreadsheetResource.Meta):
        model = Role
        fields = (
            "code",
            "name_en",
            "name_fr",
            "abbreviation",
            "heads_department",
            "abroad",
            "tour_months",
            "order",
        )
        import_id_fields = ("code",)


class PersonResource(SpreadsheetResource):
    kind = "people"
    verbose_name = _("people")
    sensitive = True
    select_related = ("rank",)
    export_order_by = ("service_number",)
    import_prefilter = ("service_number", "service_number")
    example_row = {
        "service_number": "PN-123456",
        "last_name": "Martin",
        "first_name": "Claire",
        "force": "police",
        "rank": "Police Commander",
        "email": "claire.martin@interieur.gouv.fr",
        "phone": "+33 1 23 45 67 89",
        "personal_email": "",
        "personal_phone": "",
        "languages": "English, Spanish",
        "languages_fr": "anglais, espagnol",
        "specialties": "Drug trafficking",
        "specialties_fr": "Trafic de stupéfiants",
    }

    service_number = text_field("service_number")
    last_name = text_field("last_name")
    first_name = text_field("first_name")
    force = fields.Field(attribute="force", column_name="force", widget=ChoiceWidget(Force))
    rank = fields.Field(attribute="rank", column_name="rank", widget=RankWidget())
    email = text_field("email")
    phone = text_field("phone")
    personal_email = text_field("personal_email")
    personal_phone = text_field("personal_phone")
    languages = text_field("languages")
    languages_fr = text_field("languages_fr")
    specialties = text_field("specialties")
    specialties_fr = text_field("specialties_fr")

    class Meta(SpreadsheetResource.Meta):
        model = Person
        fields = (
            "service_number",
            "last_name",
            "first_name",
            "force",
            "rank",
            "email",
            "phone",
            "personal_email",
            "personal_phone",
            "languages",
            "languages_fr",
            "specialties",
            "specialties_fr",
        )
        import_id_fields = ("service_number",)


class PositionResource(SpreadsheetResource):
    kind = "positions"
    verbose_name = _("positions")
    select_related = ("role", "central_unit", "department__embassy__country", "section__country")
    export_order_by = ("start_date", "role__order", "title", "pk")
    example_row = {
        "central_unit": "",
        "department_country": "ES",
        "department_city": "Madrid",
        "section_country": "",
        "section_city": "",
        "role": "liaison-officer",
        "title": "Liaison officer (drugs)",
        "title_fr": "Officier de liaison (stupéfiants)",
        "required_force": "either",
        "theme": "drugs",
        "cooperation_kind": "operational",
        "serving_body": "dci",
        "start_date": "2012-09-01",
        "end_date": "",
    }

    central_unit = fields.Field(
        attribute="central_unit", column_name="central_unit", widget=central_unit_widget()
    )
    department = fields.Field(
        attribute="department", column_name="department_country", widget=DepartmentWidget("department_city")
    )
    department_city = readonly_field("department__embassy__city", "department_city")
    section = fields.Field(
        attribute="section", column_name="section_country", widget=SectionWidget("section_city")
    )
    section_city = readonly_field("section__city", "section_city")
    role = fields.Field(attribute="role", column_name="role", widget=role_widget())
    title = text_field("title")
    title_fr = text_field("title_fr")
    required_force = fields.Field(
        attribute="required_force",
        column_name="required_force",
        widget=ChoiceWidget(RequiredForce, blank=RequiredForce.EITHER),
    )
    theme = fields.Field(
        attribute="theme",
        column_name="theme",
        widget=ChoiceWidget(Position.Theme, blank=Position.Theme.GENERAL),
    )
    cooperation_kind = fields.Field(
        attribute="cooperation_kind",
        column_name="cooperation_kind",
        widget=ChoiceWidget(Position.CooperationKind, blank=Position.CooperationKind.OPERATIONAL),
    )
    serving_body = fields.Field(
        attribute="serving_body",
        column_name="serving_body",
        widget=ChoiceWidget(Position.ServingBody, blank=Position.ServingBody.DCI),
    )
    start_date = date_field("start_date")
    end_date = date_field("end_date")

    class Meta(SpreadsheetResource.Meta):
        model = Position
        fields = (
            "central_unit",
            "department",
            "department_city",
            "section",
            "section_city",
            "role",
            "title",
            "title_fr",
            "required_force",
            "theme",
            "cooperation_kind",
            "serving_body",
            "start_date",
            "end_date",
        )
        import_id_fields = ("central_unit", "department", "section", "role", "title", "start_date")


class PostingResource(SpreadsheetResource):
    kind = "postings"
    verbose_name = _("postings")
    sensitive = True
    select_related = (
        "person",
        "position__role",
        "position__central_unit",
        "position__department__embassy__country",
        "position__section__country",
    )
    export_order_by = ("person__service_number", "start_date")
    import_prefilter = ("service_number", "person__service_number")
    example_row = {
        "service_number": "PN-123456",
        "central_unit": "",
        "department_country": "ES",
        "department_city": "Madrid",
        "section_country": "",
        "section_city": "",
        "role": "liaison-officer",
        "title": "Liaison officer (drugs)",
        "start_date": "2019-09-01",
        "expected_end_date": "2022-08-31",
        "end_date": "",
        "end_reason": "",
    }

    person = fields.Field(
        attribute="person",
        column_name="service_number",
        widget=LookupWidget(
            Person,
            "service_number",
            _("there is no person with the service number %(value)s"),
            select_related=("rank",),  # the posting's label names the person with their rank
        ),
    )
    central_unit = readonly_field("position__central_unit__acronym", "central_unit")
    department_country = readonly_field("position__department__embassy__country__iso2", "department_country")
    department_city = readonly_field("position__department__embassy__city", "department_city")
    section_country = readonly_field("position__section__country__iso2", "section_country")
    section_city = readonly_field("position__section__city", "section_city")
    position = fields.Field(attribute="position", column_name="role", widget=PositionWidget())
    title = readonly_field("position__title", "title")
    start_date = date_field("start_date")
    expected_end_date = date_field("expected_end_date")
    end_date = date_field("end_date")
    end_reason = fields.Field(
        attribute="end_reason", column_name="end_reason", widget=ChoiceWidget(Posting.EndReason)
    )

    class Meta(SpreadsheetResource.Meta):
        model = Posting
        fields = (
            "person",
            "central_unit",
            "department_country",
            "department_city",
            "section_country",
            "section_city",
            "position",
            "title",
            "start_date",
            "expected_end_date",
            "end_date",
            "end_reason",
        )
        import_id_fields = ("person", "start_date")

    @classmethod
    def required_columns(cls):
        # The position is named by its unit, role and title.
        return [*super().required_columns(), *UNIT_COLUMNS, "role", "title"]
