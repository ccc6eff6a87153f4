# The forgiving search (base/search.py): on PostgreSQL, unaccent, pg_trgm and portal_fold().

from django.db import migrations

import base.search


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [base.search.create_fold_function()]
