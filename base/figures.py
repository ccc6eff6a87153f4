"""The register of figures: every count the portal shows, defined once.

A `Figure` is declared next to its one implementation (network/figures.py,
postings/figures.py) and listed in plain words in docs/figures.md. It counts rows
(people's postings, positions, departments…) on a day, for an owner (a country, a
department…) or for the whole network. Its implementation is a tuple of `Part`s:
disjoint sets of rows, each with the path from a row to its owner. A figure is the sum
of its parts' counts: "staff for a country" is three simple queries (based in one of
its departments, in one of its sections, in a department covering it from elsewhere)
rather than one query with ORs that no index serves.

Every page uses the same parts, in one of four ways:
- `count(day, owner)`: one value (a detail page, the dashboard);
- `annotation(day)`: a column of a list, as a correlated count per row (sortable);
  `annotation(day, grouped=True)` the same column read from `by_owner` (below), passed
  to the query as a table of counts: sortable, and cached until the next write;
- `by_owner(day)`: every owner's value at once, one GROUP BY per part (the report);
- `rows(day, owner)` / `rows_of_owners(day, owners)`: the rows themselves (the team of
  a country; each person once over several countries);
- `distinct_counts(day, owners, group=…)`: each row once over several owners, by group
  (the report's totals, overall and by region), in one query.

`count` and `by_owner` are kept in the shared cache (base/cache.py) until the next write
of the network or the postings: the dashboard's, the report's and the pages' figures are
computed once, not on every request.

Pages mark each value they show with `data-figure` (FigureColumn in base/tables.py,
the `figure` template tag, `figure_display` in the admin); the consistency tests read
those marks on every page and export and compare them with `count`.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from functools import reduce
from operator import add

from django.db import connections
from django.db.models import Count, Expression, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from .cache import cached
from .expressions import InPage

REGISTER = {}


def count_of(queryset):
    """A correlated subquery counting the rows of `queryset` (0 when there are none)."""
    counted = queryset.order_by().annotate(
        _count=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    return Coalesce(Subquery(counted.values("_count")), 0)


class CountFromTable(Expression):
    """The count of the row whose key is `ref`, read from `counts` ({owner key: count}:
    the figure's `by_owner`, kept in the shared cache). The counts travel with the query
    as one JSON parameter, so a list of every country sorted by a figure costs the
    database no more than one sorted by name: no GROUP BY over the postings per request."""

    output_field = IntegerField()

    def __init__(self, counts, ref):
        # `counts`: a callable, read when the query is compiled (a page served from the
        # cache never compiles it).
        super().__init__(output_field=IntegerField())
        self.counts, self.ref = counts, ref

    def get_source_expressions(self):
        return [self.ref]

    def set_source_expressions(self, expressions):
        (self.ref,) = expressions

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        resolved = self.copy()
        resolved.ref = self.ref.resolve_expression(query, allow_joins, reuse, summarize)
        return resolved

    def _table(self):
        return json.dumps({str(key): n for key, n in self.counts().items() if key is not None})

    def as_sql(self, compiler, connection):
        ref, ref_params = compiler.compile(self.ref)
        return f"COALESCE(json_extract(%s, '$.\"' || {ref} || '\"'), 0)", (self._table(), *ref_params)

    def as_postgresql(self, compiler, connection):
        ref, ref_params = compiler.compile(self.ref)
        return f"COALESCE((%s::jsonb ->> ({ref})::text)::integer, 0)", (self._table(), *ref_params)


@dataclass(frozen=True)
class Part:
    """Rows counted by a figure. `rows(day, where, **narrowing)` returns them on `day`,
    with the condition `where` applied in the same `filter()` (so that a condition on
    the owner follows the same join as the rows' own conditions); `owner` is the path
    from a row to its owner ("position__section__country"), None for a figure of the
    whole network."""

    rows: callable
    owner: str | None = None

    def of(self, day, owner=None, **narrowing):
        where = Q() if self.owner is None or owner is None else Q(**{self.owner: owner})
        return self.rows(day, where, **narrowing)

    def of_owners(self, day, owners, **narrowing):
        return self.rows(day, Q(**{f"{self.owner}__in": owners}), **narrowing)


@dataclass(frozen=True, eq=False)
class Figure:
    key: str
    label: str  # lazy: the column heading and card title
    definition: str  # lazy: what it counts, in plain words (docs/figures.md says the same)
    of: type | None  # the model of the owner; None for a figure of the whole network
    parts: tuple  # of Part, disjoint

    def __post_init__(self):
        if self.key in REGISTER:
            raise ValueError(f"The figure {self.key!r} is registered twice.")
        REGISTER[self.key] = self

    def count(self, day, owner=None, **narrowing):
        owner = getattr(owner, "pk", owner)
        key = self._cache_key("count", day, owner, narrowing)
        return cached(key, lambda: self._count(day, owner, narrowing))

    def _count(self, day, owner, narrowing):
        # One query: each part's count (a GROUP BY on a constant: one row, none when the
        # part has no row) joined by UNION ALL, summed here.
        counted = [
            part.of(day, owner, **narrowing)
            .order_by()
            .annotate(_all=Value(1))
            .values("_all")
            .annotate(_n=Count("pk"))
            .values_list("_n", flat=True)
            for part in self.parts
        ]
        if len(counted) == 1:
            return sum(counted[0])
        return sum(counted[0].union(*counted[1:], all=True))

    def _cache_key(self, method, day, *args):
        def plain(value):
            if isinstance(value, dict):
                return ",".join(f"{name}={plain(item)}" for name, item in sorted(value.items()))
            return str(getattr(value, "pk", value))

        return ":".join((self.key, method, str(day), *(plain(arg) for arg in args)))

    def annotation(self, day, ref="pk", grouped=False, **narrowing):
        """A count per row of a queryset of `of`, whose key is `ref`. `grouped`: read from
        `by_owner` (for a list of many rows: cached, one GROUP BY per part when it is not)
        rather than counted per row."""
        if grouped:
            return CountFromTable(lambda: self.by_owner(day, **narrowing), F(ref))
        return reduce(add, (count_of(part.of(day, OuterRef(ref), **narrowing)) for part in self.parts))

    def by_owner(self, day, *group_by, **narrowing):
        """{owner pk: count}, or {(owner pk, *group_by values): count}, for every owner."""
        return cached(
            self._cache_key("by_owner", day, ",".join(group_by), narrowing),
            lambda: self._by_owner(day, *group_by, **narrowing),
        )

    def _by_owner(self, day, *group_by, **narrowing):
        # One query: the parts' GROUP BYs joined by UNION ALL, summed here.
        grouped = [
            part.of(day, **narrowing)
            .order_by()
            .annotate(_owner=F(part.owner))
            .values("_owner", *group_by)
            .annotate(_n=Count("pk"))
            .values_list("_owner", *group_by, "_n")
            for part in self.parts
        ]
        counts = Counter()
        for *key, n in grouped[0].union(*grouped[1:], all=True):
            counts[key[0] if not group_by else tuple(key)] += n
        return counts

    def distinct_counts(self, day, owners, *, group=None, extra=(), **narrowing):
        """Rows counted for any of `owners`, each row once even when it counts for
        several of them, grouped by `group` (a path from the owner, e.g. "region") and by
        `extra` (paths from the row): {(group value, *extra values): count}. One query:
        COUNT(DISTINCT) over the union of the parts."""
        if not len(owners):
            return Counter()
        if isinstance(owners, list | tuple):
            owned = hashlib.sha1(",".join(sorted(map(str, owners))).encode()).hexdigest()
            key = self._cache_key("distinct", day, owned, group, ",".join(extra), narrowing)
            return cached(key, lambda: self._distinct_counts(day, owners, group, extra, narrowing))
        return self._distinct_counts(day, owners, group, extra, narrowing)

    def _distinct_counts(self, day, owners, group, extra, narrowing):
        selects, params = [], []
        columns = ["_group", "_row", *(f"_extra{i}" for i in range(len(extra)))]
        for part in self.parts:
            rows = (
                part.of_owners(day, owners, **narrowing)
                .order_by()
                .annotate(
                    _group=F(f"{part.owner}__{group}") if group else Value(0),
                    _row=F("pk"),
                    **{f"_extra{i}": F(path) for i, path in enumerate(extra)},
                )
            )
            sql, part_params = rows.values(*columns).query.sql_with_params()
            selects.append(sql)
            params.extend(part_params)
        keys = ", ".join(c for c in columns if c != "_row")
        union = " UNION ALL ".join(selects)
        query = f"SELECT {keys}, COUNT(DISTINCT _row) FROM ({union}) counted GROUP BY {keys}"
        with connections[rows.db].cursor() as cursor:
            cursor.execute(query, params)
            return Counter({tuple(found[:-1]): found[-1] for found in cursor.fetchall()})

    def rows(self, day, owner=None, **narrowing):
        """The rows counted, as one queryset (each row once)."""
        owner = getattr(owner, "pk", owner)
        parts = [part.of(day, owner, **narrowing) for part in self.parts]
        return parts[0] if len(parts) == 1 else self._union(parts)

    def rows_of_owners(self, day, owners, **narrowing):
        """The rows counted for any of `owners` (a queryset or a list of pks), each once
        even when it counts for several of them."""
        return self._union([part.of_owners(day, owners, **narrowing) for part in self.parts])

    @staticmethod
    def _union(querysets):
        # One subquery, the UNION of the parts' keys, run once (see InPage): with one
        # IN per part joined by OR, PostgreSQL scanned every posting.
        model = querysets[0].model
        keys = [queryset.order_by().values("pk") for queryset in querysets]
        return model.objects.filter(InPage(F("pk"), Subquery(keys[0].union(*keys[1:]))))

    def __str__(self):
        return str(self.label)
