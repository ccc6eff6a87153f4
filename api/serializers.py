"""What the API returns for each kind of record: ids, stable natural keys (ISO codes,
region and role codes, acronyms, service numbers for those allowed), names as the pages
show them (`str()` and `.name`, in the request's language) and the figures of the
register the pages show for the same record on the same day (read from the
annotations the pages' selectors add: never counted here).

Every serializer of a model leaves out its need-to-know fields for those who may not
see them (api/access.py). Each reads only what its list's selector loaded: a page of
500 rows costs the same queries as a page of 10.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from network import figures as network_figures
from network.models import Country, Coverage, Department, DirectorateUnit, Embassy, Region, Section
from postings import figures
from postings.models import Person, Position, Posting

from .access import NeedToKnowMixin


def figures_field(name, *shown):
    """A nested object {figure key: value} of the register's figures `shown`, read from
    the record's annotations of the same names."""
    fields = {
        figure.key: serializers.IntegerField(read_only=True, help_text=figure.definition) for figure in shown
    }
    serializer = type(name, (serializers.Serializer,), fields)
    return serializer(source="*", read_only=True, help_text="Figures of the register on the as-of date.")


class PortalSerializer(NeedToKnowMixin, serializers.ModelSerializer):
    """A record with the URL of its page on the portal."""

    page_url = serializers.SerializerMethodField(help_text="The record's page on the portal.")

    def get_page_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url

    @property
    def day(self):
        return self.context["request"].as_of


class UnitSerializer(serializers.Serializer):
    """The unit of a position: a department, a section or a central unit."""

    kind = serializers.CharField()
    id = serializers.IntegerField()
    name = serializers.CharField()


def unit_of(position):
    for kind, unit in (
        ("department", position.department),
        ("section", position.section),
        ("central_unit", position.central_unit),
    ):
        if unit is not None:
            return {"kind": kind, "id": unit.pk, "name": str(unit)}
    return None


def country_code(country):
    return country.iso2 if country is not None else None


# --- The network -------------------------------------------------------------------------


class RegionSerializer(PortalSerializer):
    name = serializers.CharField(read_only=True)
    figures = figures_field("RegionFigures", network_figures.REGION_COUNTRIES)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "name_en", "name_fr", "order", "figures"]


class CoverageOnDaySerializer(serializers.Serializer):
    department = serializers.IntegerField(help_text="Id of the covering department.")
    department_name = serializers.CharField()
    residence = serializers.ChoiceField(choices=["resident", "non_resident"])
    since = serializers.DateField()


class CountrySerializer(PortalSerializer):
    name = serializers.CharField(read_only=True)
    region = serializers.CharField(source="region.code", read_only=True, help_text="Region code.")
    coverage = serializers.SerializerMethodField(
        help_text="Who covers the country on the date (null: nobody)."
    )
    figures = figures_field("CountryFigures", figures.STAFF_FOR_COUNTRY, figures.VACANCIES_FOR_COUNTRY)

    class Meta:
        model = Country
        fields = [
            "id",
            "iso2",
            "iso3",
            "iso_numeric",
            "name",
            "name_en",
            "name_fr",
            "capital",
            "capital_fr",
            "region",
            "coverage",
            "figures",
            "page_url",
        ]

    @extend_schema_field(CoverageOnDaySerializer(allow_null=True))
    def get_coverage(self, country):
        coverage = next(iter(country.coverage_on_day), None)
        if coverage is None:
            return None
        return {
            "department": coverage.department_id,
            "department_name": str(coverage.department),
            "residence": country.residence,
            "since": coverage.start_date,
        }


class EmbassySerializer(PortalSerializer):
    country = serializers.CharField(
        source="country.iso2", read_only=True, help_text="ISO code: the natural key."
    )
    department_on_day = serializers.SerializerMethodField(help_text="Id of the department open on the date.")
    figures = figures_field("EmbassyFigures", network_figures.EMBASSY_DEPARTMENTS)

    class Meta:
        model = Embassy
        fields = [
            "id",
            "country",
            "city",
            "city_fr",
            "switchboard",
            "department_on_day",
            "figures",
            "page_url",
        ]

    def get_department_on_day(self, embassy) -> int | None:
        department = next(iter(embassy.department_on_day), None)
        return department.pk if department else None


class DepartmentSerializer(PortalSerializer):
    """Natural key: the embassy's country and the opening date (a reopened department is
    a new one)."""

    name = serializers.CharField(source="__str__", read_only=True)
    country = serializers.CharField(source="embassy.country.iso2", read_only=True)
    city = serializers.CharField(source="embassy.city", read_only=True)
    city_fr = serializers.CharField(source="embassy.city_fr", read_only=True)
    region = serializers.CharField(source="embassy.country.region.code", read_only=True)
    supervising_unit = serializers.CharField(source="supervising_unit.acronym", read_only=True)
    open_on_day = serializers.SerializerMethodField()
    figures = figures_field(
        "DepartmentFigures",
        network_figures.DEPARTMENT_COUNTRIES_COVERED,
        figures.DEPARTMENT_STAFF_WITH_SECTIONS,
        figures.DEPARTMENT_VACANCIES_WITH_SECTIONS,
    )

    class Meta:
        model = Department
        fields = [
            "id",
            "name",
            "country",
            "city",
            "city_fr",
            "region",
            "start_date",
            "end_date",
            "open_on_day",
            "supervising_unit",
            "phone",
            "email",
            "secure_line",
            "figures",
            "page_url",
        ]
        extra_kwargs = {"secure_line": {"help_text": "Need-to-know: only for users allowed to see it."}}

    def get_open_on_day(self, record) -> bool:
        return record.is_active_on(self.day)


class DepartmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class SectionSerializer(PortalSerializer):
    """Natural key: the department, the city and the opening date."""

    name = serializers.CharField(source="__str__", read_only=True)
    country = serializers.CharField(source="country.iso2", read_only=True)
    department = DepartmentRefSerializer(read_only=True)
    open_on_day = serializers.SerializerMethodField()
    figures = figures_field("SectionFigures", figures.SECTION_STAFF, figures.SECTION_VACANCIES)

    class Meta:
        model = Section
        fields = [
            "id",
            "name",
            "city",
            "city_fr",
            "country",
            "department",
            "start_date",
            "end_date",
            "open_on_day",
            "phone",
            "email",
            "secure_line",
            "figures",
            "page_url",
        ]
        extra_kwargs = {"secure_line": {"help_text": "Need-to-know: only for users allowed to see it."}}

    def get_open_on_day(self, record) -> bool:
        return record.is_active_on(self.day)


class CentralUnitSerializer(PortalSerializer):
    name = serializers.CharField(read_only=True)
    parent = serializers.CharField(source="parent.acronym", read_only=True, allow_null=True)
    figures = figures_field("CentralUnitFigures", network_figures.UNIT_DEPARTMENTS_SUPERVISED)

    class Meta:
        model = DirectorateUnit
        fields = ["id", "acronym", "name", "name_en", "name_fr", "kind", "parent", "figures", "page_url"]


class CoverageSerializer(PortalSerializer):
    """Natural key: the country and the start date (one department per country on a day)."""

    country = serializers.CharField(source="country.iso2", read_only=True)
    department = DepartmentRefSerializer(read_only=True)
    residence = serializers.ChoiceField(choices=["resident", "non_resident"], read_only=True)
    open_on_day = serializers.SerializerMethodField()

    class Meta:
        model = Coverage
        fields = ["id", "country", "department", "residence", "start_date", "end_date", "open_on_day"]

    def get_open_on_day(self, record) -> bool:
        return record.is_active_on(self.day)


# --- People, positions, postings ---------------------------------------------------------


class RankSerializer(serializers.Serializer):
    abbreviation = serializers.CharField()
    name = serializers.CharField()


class PostingOnDaySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField(source="position_id")
    role = serializers.CharField(source="position.role.code")
    unit = serializers.SerializerMethodField()
    country = serializers.SerializerMethodField(help_text="Where the position is based (null: in France).")
    start_date = serializers.DateField()
    expected_end_date = serializers.DateField()

    @extend_schema_field(UnitSerializer)
    def get_unit(self, posting):
        return unit_of(posting.position)

    def get_country(self, posting) -> str | None:
        return country_code(posting.position.country)


class PersonSerializer(PortalSerializer):
    """Natural key: the service number, for those allowed to see it."""

    display_name = serializers.CharField(read_only=True)
    rank = RankSerializer(read_only=True, allow_null=True)
    posting_on_day = serializers.SerializerMethodField(help_text="The posting held on the date (null: none).")

    class Meta:
        model = Person
        fields = [
            "id",
            "service_number",
            "display_name",
            "last_name",
            "first_name",
            "force",
            "rank",
            "email",
            "phone",
            "mobile",
            "personal_email",
            "personal_phone",
            "languages",
            "languages_fr",
            "specialties",
            "specialties_fr",
            "posting_on_day",
            "page_url",
        ]
        extra_kwargs = {
            name: {"help_text": "Need-to-know: only for users allowed to see it."}
            for name in Person.SENSITIVE_FIELDS
        }

    @extend_schema_field(PostingOnDaySerializer(allow_null=True))
    def get_posting_on_day(self, person):
        posting = next(iter(person.postings_on_day), None)
        return PostingOnDaySerializer(posting).data if posting else None


class PersonRefSerializer(NeedToKnowMixin, serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "service_number", "display_name"]
        extra_kwargs = {"service_number": {"help_text": "Need-to-know: only for users allowed to see it."}}


class PositionSerializer(PortalSerializer):
    role = serializers.CharField(source="role.code", read_only=True, help_text="Role code.")
    role_name = serializers.CharField(source="role.name", read_only=True)
    unit = serializers.SerializerMethodField()
    country = serializers.SerializerMethodField(help_text="Where the position is based (null: in France).")
    open_on_day = serializers.BooleanField(read_only=True)
    holder_on_day = serializers.SerializerMethodField(help_text="Who holds it on the date (null: nobody).")

    class Meta:
        model = Position
        fields = [
            "id",
            "title",
            "title_fr",
            "role",
            "role_name",
            "unit",
            "country",
            "required_force",
            "theme",
            "cooperation_kind",
            "serving_body",
            "start_date",
            "end_date",
            "open_on_day",
            "holder_on_day",
            "page_url",
        ]

    @extend_schema_field(UnitSerializer)
    def get_unit(self, position):
        return unit_of(position)

    def get_country(self, position) -> str | None:
        return country_code(position.country)

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_holder_on_day(self, position):
        posting = next(iter(position.holdings_on_day), None)
        return PersonRefSerializer(posting.person, context=self.context).data if posting else None


class PositionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    role = serializers.CharField(source="role.code")


class PostingSerializer(PortalSerializer):
    """Natural key: the person's service number (for those allowed), the position and
    the start date."""

    person = PersonRefSerializer(read_only=True)
    position = PositionRefSerializer(read_only=True)
    unit = serializers.SerializerMethodField()
    country = serializers.SerializerMethodField(help_text="Where the position is based (null: in France).")

    class Meta:
        model = Posting
        fields = [
            "id",
            "person",
            "position",
            "unit",
            "country",
            "start_date",
            "end_date",
            "expected_end_date",
            "end_reason",
            "page_url",
        ]

    @extend_schema_field(UnitSerializer)
    def get_unit(self, posting):
        return unit_of(posting.position)

    def get_country(self, posting) -> str | None:
        return country_code(posting.position.country)
