"""Spreadsheet file types of the network: regions, countries, embassies, central units,
departments, sections and coverage, and the references to network records that other
file types use (an embassy, a department or a section named by its place)."""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from network.models import Country, Coverage, Department, DirectorateUnit, Embassy, Region, Section

from .resources import (
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


class EmbassyWidget(LookupWidget):
    """The embassy in a country (ISO code); the city column, if filled, must match."""

    def __init__(self, city_column):
        super().__init__(
            Embassy,
            "country__iso2",
            _("there is no embassy in a country with ISO code %(value)s"),
            select_related=("country",),
        )
        self.city_column = city_column

    def index(self):
        if self._index is None:
            self._index = {fold(e.country.iso2): e for e in self.queryset()}
        return self._index

    def clean(self, value, row=None, **kwargs):
        embassy = super().clean(value, row, **kwargs)
        city = cell_text((row or {}).get(self.city_column))
        if embassy is not None and city and fold(city) != fold(embassy.city):
            raise CellError(
                _("the embassy in %(country)s is in %(city)s, not %(given)s")
                % {"country": embassy.country.iso2, "city": embassy.city, "given": city},
                self.city_column,
            )
        return embassy

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.country.iso2


class DepartmentWidget(IndexedWidget):
    """A department by its embassy's country (ISO code) and city; when the embassy has
    had several departments, the one open on the row's start date."""

    def __init__(self, city_column, date_column="start_date"):
        super().__init__()
        self.city_column = city_column
        self.date_column = date_column

    def index(self):
        if self._index is None:
            self._index = {}
            for department in Department.objects.with_place().order_by("start_date"):
                self._index.setdefault(fold(department.embassy.country.iso2), []).append(department)
        return self._index

    def clean(self, value, row=None, **kwargs):
        iso2 = cell_text(value)
        if not iso2:
            if cell_text((row or {}).get(self.city_column)):
                raise CellError(_("give the department's country (ISO code) as well as its city"))
            return None
        candidates = self.index().get(fold(iso2))
        if candidates is None:
            candidates = list(
                Department.objects.with_place()
                .filter(embassy__country__iso2__iexact=iso2)
                .order_by("start_date")
            )
            self._index[fold(iso2)] = candidates  # files never create the departments they name
        if not candidates:
            raise CellError(
                _("there is no department in a country with ISO code %(value)s") % {"value": iso2}
            )
        embassy = candidates[0].embassy
        city = cell_text((row or {}).get(self.city_column))
        if city and fold(city) != fold(embassy.city):
            raise CellError(
                _("the department in %(country)s is in %(city)s, not %(given)s")
                % {"country": embassy.country.iso2, "city": embassy.city, "given": city},
                self.city_column,
            )
        describe = _("the embassy in %(city)s") % {"city": embassy.city}
        return pick_by_date(candidates, row_date(row, self.date_column), describe, None)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.embassy.country.iso2


class SectionWidget(IndexedWidget):
    """A section by its country (ISO code) and city; when the section closed and
    reopened, the one open on the row's start date."""

    def __init__(self, city_column, date_column="start_date"):
        super().__init__()
        self.city_column = city_column
        self.date_column = date_column

    def queryset(self):
        return Section.objects.select_related("country", "department__embassy").order_by("start_date")

    def index(self):
        if self._index is None:
            self._index = {}
            for section in self.queryset():
                self._index.setdefault((fold(section.country.iso2), fold(section.city)), []).append(section)
        return self._index

    def clean(self, value, row=None, **kwargs):
        iso2 = cell_text(value)
        city = cell_text((row or {}).get(self.city_column))
        if not iso2:
            if city:
                raise CellError(_("give the section's country (ISO code) as well as its city"))
            return None
        if not city:
            raise CellError(_("give the section's city as well as its country"), self.city_column)
        key = (fold(iso2), fold(city))
        candidates = self.index().get(key)
        if candidates is None:
            candidates = list(self.queryset().filter(country__iso2__iexact=iso2, city__iexact=city))
            self._index[key] = candidates
        if not candidates:
            raise CellError(
                _("there is no section in %(city)s (%(country)s)") % {"city": city, "country": iso2}
            )
        describe = _("the section in %(city)s") % {"city": candidates[0].city}
        return pick_by_date(candidates, row_date(row, self.date_column), describe, None)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.country.iso2


def country_widget():
    return LookupWidget(Country, "iso2", _("there is no country with ISO code %(value)s"))


def central_unit_widget():
    return LookupWidget(DirectorateUnit, "acronym", _("there is no central unit with the acronym %(value)s"))


# --- Rows ------------------------------------------------------------------------------


class RegionResource(SpreadsheetResource):
    kind = "regions"
    verbose_name = _("regions")
    export_order_by = ("order", "code")
    example_row = {"code": "europe", "name_en": "Europe", "name_fr": "Europe", "order": "1"}

    code = text_field("code")
    name_en = text_field("name_en")
    name_fr = text_field("name_fr")
    order = fields.Field(attribute="order", column_name="order", widget=IntegerWidget(), default=0)

    class Meta(SpreadsheetResource.Meta):
        model = Region
        fields = ("code", "name_en", "name_fr", "order")
        import_id_fields = ("code",)


class CountryResource(SpreadsheetResource):
    kind = "countries"
    verbose_name = _("countries")
    select_related = ("region",)
    export_order_by = ("iso2",)
    example_row = {
        "iso2": "ES",
        "iso3": "ESP",
        "iso_numeric": "724",
        "name_en": "Spain",
        "name_fr": "Espagne",
        "capital": "Madrid",
        "capital_fr": "",
        "region": "europe",
    }

    iso2 = text_field("iso2")
    iso3 = text_field("iso3")
    iso_numeric = text_field("iso_numeric")
    name_en = text_field("name_en")
    name_fr = text_field("name_fr")
    capital = text_field("capital")
    capital_fr = text_field("capital_fr")
    region = fields.Field(
        attribute="region",
        column_name="region",
        widget=LookupWidget(Region, "code", _("there is no region with the code %(value)s")),
    )

    class Meta(SpreadsheetResource.Meta):
        model = Country
        fields = ("iso2", "iso3", "iso_numeric", "name_en", "name_fr", "capital", "capital_fr", "region")
        import_id_fields = ("iso2",)


class EmbassyResource(SpreadsheetResource):
    kind = "embassies"
    verbose_name = _("embassies")
    select_related = ("country",)
    export_order_by = ("country__iso2",)
    example_row = {"country": "ES", "city": "Madrid", "city_fr": ""}

    country = fields.Field(attribute="country", column_name="country", widget=country_widget())
    city = text_field("city")
    city_fr = text_field("city_fr")

    class Meta(SpreadsheetResource.Meta):
        model = Embassy
        fields = ("country", "city", "city_fr")
        import_id_fields = ("country",)


class DirectorateUnitResource(SpreadsheetResource):
    kind = "central_units"
    verbose_name = _("central units")
    select_related = ("parent",)
    example_row = {
        "acronym": "BCI",
        "name_en": "International cooperation bureau",
        "name_fr": "Bureau de la coopération internationale",
        "kind": "bureau",
        "parent": "DCI",
    }

    acronym = text_field("acronym")
    name_en = text_field("name_en")
    name_fr = text_field("name_fr")
    kind_ = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(DirectorateUnit.Kind))
    parent = fields.Field(attribute="parent", column_name="parent", widget=central_unit_widget())

    class Meta(SpreadsheetResource.Meta):
        model = DirectorateUnit
        fields = ("acronym", "name_en", "name_fr", "kind_", "parent")
        import_id_fields = ("acronym",)

    def export(self, queryset=None, **kwargs):
        # Parents before their children, so that the file imports in one pass.
        units = list(queryset if queryset is not None else self.get_queryset())
        by_pk = {unit.pk: unit for unit in units}

        def depth(unit):
            level, parent_id = 0, unit.parent_id
            while parent_id in by_pk and level < len(units):
                level, parent_id = level + 1, by_pk[parent_id].parent_id
            return level

        return super().export(sorted(units, key=lambda u: (depth(u), u.acronym)), **kwargs)


class DepartmentResource(SpreadsheetResource):
    kind = "departments"
    verbose_name = _("departments")
    select_related = ("embassy__country", "supervising_unit")
    export_order_by = ("embassy__country__iso2", "start_date")
    example_row = {
        "country": "ES",
        "city": "Madrid",
        "supervising_unit": "SDCO",
        "start_date": "1984-09-01",
        "end_date": "",
        "notes": "",
    }

    embassy = fields.Field(attribute="embassy", column_name="country", widget=EmbassyWidget("city"))
    city = readonly_field("embassy__city", "city")
    supervising_unit = fields.Field(
        attribute="supervising_unit", column_name="supervising_unit", widget=central_unit_widget()
    )
    start_date = date_field("start_date")
    end_date = date_field("end_date")
    notes = text_field("notes")

    class Meta(SpreadsheetResource.Meta):
        model = Department
        fields = ("embassy", "city", "supervising_unit", "start_date", "end_date", "notes")
        import_id_fields = ("embassy", "start_date")


class SectionResource(SpreadsheetResource):
    kind = "sections"
    verbose_name = _("sections")
    select_related = ("country", "department__embassy__country")
    export_order_by = ("country__iso2", "city", "start_date")
    example_row = {
        "country": "ES",
        "city": "Barcelona",
        "city_fr": "Barcelone",
        "department_country": "ES",
        "department_city": "Madrid",
        "start_date": "2005-09-01",
        "end_date": "",
    }

    country = fields.Field(attribute="country", column_name="country", widget=country_widget())
    city = text_field("city")
    city_fr = text_field("city_fr")
    department = fields.Field(
        attribute="department", column_name="department_country", widget=DepartmentWidget("department_city")
    )
    department_city = readonly_field("department__embassy__city", "department_city")
    start_date = date_field("start_date")
    end_date = date_field("end_date")

    class Meta(SpreadsheetResource.Meta):
        model = Section
        fields = ("country", "city", "city_fr", "department", "department_city", "start_date", "end_date")
        import_id_fields = ("country", "city", "start_date")


class CoverageResource(SpreadsheetResource):
    kind = "coverage"
    verbose_name = _("coverage")
    select_related = ("country", "department__embassy__country")
    export_order_by = ("country__iso2", "start_date")
    example_row = {
        "country": "AD",
        "department_country": "ES",
        "department_city": "Madrid",
        "start_date": "2010-01-01",
        "end_date": "",
    }

    country = fields.Field(attribute="country", column_name="country", widget=country_widget())
    department = fields.Field(
        attribute="department", column_name="department_country", widget=DepartmentWidget("department_city")
    )
    department_city = readonly_field("department__embassy__city", "department_city")
    start_date = date_field("start_date")
    end_date = date_field("end_date")

    class Meta(SpreadsheetResource.Meta):
        model = Coverage
        fields = ("country", "department", "department_city", "start_date", "end_date")
        import_id_fields = ("country", "start_date")
