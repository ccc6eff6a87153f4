"""SQL the ORM does not write by itself, for the portal's hot queries."""

from django.db.models import BooleanField, Func


class InPage(Func):
    """`key IN (subquery)`; on PostgreSQL `key = ANY(ARRAY(subquery))`, which runs the
    subquery once and then reads the page's rows by their keys (with IN, the planner may
    join every row of the list before keeping the page's)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        key, subquery = (compiler.compile(expression) for expression in self.source_expressions)
        return f"{key[0]} IN {subquery[0]}", (*key[1], *subquery[1])

    def as_postgresql(self, compiler, connection, **extra_context):
        key, subquery = (compiler.compile(expression) for expression in self.source_expressions)
        return f"{key[0]} = ANY(ARRAY{subquery[0]})", (*key[1], *subquery[1])
