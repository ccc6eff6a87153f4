# The search's indexes (base/search.py) on the names people type.

from django.db import migrations

import base.search


class Migration(migrations.Migration):
    dependencies = [
        ("base", "0001_search"),
        ("network", "0005_department_permissions"),
    ]
    operations = [
        base.search.trigram_indexes("network_country", "name_en", "name_fr", "capital"),
        base.search.trigram_indexes("network_embassy", "city"),
        base.search.trigram_indexes("network_section", "city"),
    ]
