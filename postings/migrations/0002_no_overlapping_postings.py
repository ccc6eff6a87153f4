from django.db import migrations

from base.exclusion import no_overlap


class Migration(migrations.Migration):
    dependencies = [("postings", "0001_initial")]

    operations = [
        no_overlap("postings_posting", "person_id", "posting_one_per_person"),
        no_overlap("postings_posting", "position_id", "posting_one_holder_per_position"),
    ]
