from django.db import migrations

from base.exclusion import no_overlap


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [
        no_overlap("network_coverage", "country_id", "coverage_one_department_per_country"),
        no_overlap("network_department", "embassy_id", "department_one_per_embassy"),
    ]
