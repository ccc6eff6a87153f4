"""PostgreSQL exclusion constraints for "no two periods overlap", added by migrations.

They are not in `Meta.constraints` because SQLite cannot create them; on every
database the same rule is checked by the models' `clean` (see periods.Period).
"""

from django.db import migrations


def no_overlap(table, column, name):
    """A migration operation: on PostgreSQL, rows of `table` with the same `column`
    may not share a day (periods are [start_date, end_date], end NULL = open)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" EXCLUDE USING gist '
            f'("{column}" WITH =, daterange("start_date", "end_date", \'[]\') WITH &&)'
        )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards)
