"""The one matching rule of every place a person types a name: the global search, each
list's quick search (`q`) and the typeahead choosers.

Forgiving: case and accents do not matter ("noel" finds Noël, "cote d'ivoire" finds
Côte d'Ivoire), and every word must match the start or the middle of one of the fields.
On PostgreSQL a word may also be a small typo of one ("Bogta" finds Bogotá), through
trigram word similarity. Results are ranked: an exact name first, then names that start
with the query, then those that contain it, then the near misses.

Both databases compare *folded* text — lower case, accents stripped — through one SQL
function, `portal_fold(text)`: on PostgreSQL an IMMUTABLE wrapper of the `unaccent`
extension (created by base's first migration, so that expression indexes can use it),
on SQLite the Python `fold` below, registered on every new connection.
"""

import re
import unicodedata
from functools import reduce
from operator import and_, or_

from django.db import connection, migrations
from django.db.backends.signals import connection_created
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    F,
    FloatField,
    Func,
    IntegerField,
    Lookup,
    Q,
    Subquery,
    TextField,
    Transform,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.dispatch import receiver
from django.utils.translation import gettext as _

from .access import search_fields

SEARCH_MAX_LENGTH = 100
MAX_WORDS = 8
# Shorter words are matched exactly (a typo of "of" or "d'" means nothing).
TYPO_MIN_LENGTH = 4

# What NFKD decomposition leaves alone but PostgreSQL's unaccent folds (ligatures,
# stroked letters) and the typographic punctuation of names (Côte d’Ivoire).
_SPECIAL = str.maketrans(
    {
        "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
        "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i", "ħ": "h", "Ħ": "H",
        "‘": "'", "’": "'", "‛": "'", "ʼ": "'", "´": "'", "`": "'", "“": '"', "”": '"', "„": '"',
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "\u00a0": " ",
    }
)  # fmt: skip


def fold(text):
    """`text` in lower case without accents: what the database compares."""
    if text is None:
        return None
    text = unicodedata.normalize("NFKD", str(text).translate(_SPECIAL))
    return "".join(char for char in text if not unicodedata.combining(char)).lower()


class SearchError(ValueError):
    """A query that cannot be searched for; its text says why, to the user."""


def search_words(query):
    """The folded words of `query` (letters and digits; at most MAX_WORDS; single letters
    only when there is nothing longer)."""
    if len(query) > SEARCH_MAX_LENGTH:
        raise SearchError(
            _("The search is too long: use at most %(max)d characters.") % {"max": SEARCH_MAX_LENGTH}
        )
    if "\x00" in query:
        # PostgreSQL refuses NUL in any string; no name contains one.
        raise SearchError(_("The search contains a character that cannot be searched for."))
    words = re.findall(r"[^\W_]+", fold(query))
    # A lone letter ("d" of d'Ivoire) matches nearly every name: it only narrows alone.
    longer = [word for word in words if len(word) > 1]
    return (longer or words)[:MAX_WORDS]


def _phrase(query):
    return " ".join(fold(query).split())


# --- the database side --------------------------------------------------------------------


class Fold(Transform):
    """`field__fold`: the field folded by `portal_fold` (see the module's docstring)."""

    lookup_name = "fold"
    function = "portal_fold"
    output_field = TextField()


class WordSimilar(Lookup):
    """`field__fold__word_similar="bogta"`: PostgreSQL's trigram word similarity (the
    `%>` operator, which GIN trigram indexes serve) is above the connection's
    `pg_trgm.word_similarity_threshold` (see settings.DATABASES)."""

    lookup_name = "word_similar"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} %%> {rhs}", (*lhs_params, *rhs_params)


CharField.register_lookup(Fold)
TextField.register_lookup(Fold)
Fold.register_lookup(WordSimilar)


@receiver(connection_created, dispatch_uid="base.search.register_fold")
def register_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("portal_fold", 1, fold, deterministic=True)


def typo_tolerant(connection_vendor):
    return connection_vendor == "postgresql"


def _vendor(queryset):
    from django.db import connections

    return connections[queryset.db].vendor


# --- the rule -----------------------------------------------------------------------------


def search_q(model, fields, text, *, identifiers=(), typos=False):
    """Q for rows of `model` where every word of `text` is in one of `fields` (folded),
    or — with `typos` (PostgreSQL) — near one; or where one of `identifiers` (a service
    number: the whole text, never split in words) contains the whole `text`."""
    words = search_words(text)
    condition = None
    if words and fields:
        near = ("fold__word_similar",) if typos else ()
        condition = reduce(
            and_,
            (
                _match(
                    model, fields, word, ("fold__contains", *(near if len(word) >= TYPO_MIN_LENGTH else ()))
                )
                for word in words
            ),
        )
    whole = fold(text.strip())
    if identifiers and whole:
        found_by_id = _match(model, identifiers, whole, ("fold__contains",))
        condition = found_by_id if condition is None else condition | found_by_id
    return Q(pk__in=[]) if condition is None else condition


def _match(model, fields, value, lookups):
    """`value` matches one of `fields` by one of `lookups`. Fields reached through a
    foreign key are matched in a subquery of the related table (`department__in=…`):
    PostgreSQL combines the indexes of an OR on one table, but reads every row for an
    OR across joined tables."""
    local, related = [], {}
    for name in fields:
        head, _, rest = name.partition("__")
        relation = model._meta.get_field(head) if rest else None
        if relation is not None and relation.concrete and relation.is_relation:
            related.setdefault(head, []).append(rest)
        else:
            local.append(name)
    matches = [Q(**{f"{name}__{lookup}": value}) for lookup in lookups for name in local]
    for head, paths in related.items():
        target = model._meta.get_field(head).related_model
        inner = target._default_manager.filter(_match(target, paths, value, lookups)).order_by().values("pk")
        if "fold__word_similar" in lookups or connection.vendor == "postgresql":
            matches.append(Q(AnyOf(F(head), inner)))
        else:
            matches.append(Q(**{f"{head}__in": inner}))
    return reduce(or_, matches)


class AnyOf(Func):
    """PostgreSQL: `column = ANY(ARRAY(subquery))`. The subquery runs once, first (an
    InitPlan), and its ids meet the column's index, even inside an OR — where
    `column IN (subquery)` would test every row."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column, subquery):
        super().__init__(column, Subquery(subquery))

    def as_sql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        subquery, subquery_params = compiler.compile(self.source_expressions[1])
        return f"{column} = ANY(ARRAY{subquery})", (*column_params, *subquery_params)


def _any(fields, lookup, value):
    return reduce(or_, (Q(**{f"{field}__fold__{lookup}": value}) for field in fields))


def search_rank(fields, text, *, typos=False):
    """0 for an exact name, 1 a name starting with `text`, 2 a word of the name starting
    with it, 3 containing it, 4 every word somewhere, 5 a near miss (typos only)."""
    phrase = _phrase(text)
    words = search_words(text)
    whens = [
        When(_any(fields, "exact", phrase), then=Value(0)),
        When(_any(fields, "startswith", phrase), then=Value(1)),
        When(_any(fields, "contains", f" {phrase}"), then=Value(2)),
        When(_any(fields, "contains", phrase), then=Value(3)),
    ]
    if typos and words:  # an identifier typed alone (a service number) has no name words
        whens.append(When(reduce(and_, (_any(fields, "contains", w) for w in words)), then=Value(4)))
    return Case(*whens, default=Value(5 if typos else 4), output_field=IntegerField())


def similarity(fields, text):
    """PostgreSQL: how close the best field is to `text` (0–1), to order near misses."""
    scores = [
        Func(
            Value(_phrase(text)), Fold(F(field)), function="strict_word_similarity", output_field=FloatField()
        )
        for field in fields
    ]
    return scores[0] if len(scores) == 1 else Greatest(*scores)


def search(queryset, fields, text, *, identifiers=()):
    """The rows of `queryset` matching `text`, best match first (then in the queryset's
    own order). Raises SearchError for a query that cannot be searched for."""
    if not search_words(text) and not (identifiers and text.strip()):
        return queryset.none()
    typos = typo_tolerant(_vendor(queryset))
    queryset = queryset.filter(search_q(queryset.model, fields, text, identifiers=identifiers, typos=typos))
    if not fields:
        return queryset
    order = list(queryset.query.order_by or queryset.model._meta.ordering or ["pk"])
    queryset = queryset.annotate(search_rank=search_rank(fields, text, typos=typos))
    if typos:
        queryset = queryset.annotate(search_similarity=similarity(fields, text))
        return queryset.order_by("search_rank", "-search_similarity", *order)
    return queryset.order_by("search_rank", *order)


def fields_for(model, user):
    """(name fields, identifier fields) of `model` that `user` may search: its
    SEARCH_FIELDS less the need-to-know ones they may not see (base/access.py); the
    need-to-know ones they may see are identifiers, matched as typed."""
    fields = search_fields(user, model)
    sensitive = set(getattr(model, "SENSITIVE_FIELDS", ()))
    return [f for f in fields if f not in sensitive], [f for f in fields if f in sensitive]


def search_for(user, queryset, text):
    """`search` over what `user` may search of the queryset's model."""
    fields, identifiers = fields_for(queryset.model, user)
    return search(queryset, fields, text, identifiers=identifiers)


# --- migrations -----------------------------------------------------------------------------

FOLD_FUNCTION = """
CREATE OR REPLACE FUNCTION portal_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""


def create_fold_function():
    """A migration operation: on PostgreSQL, the `unaccent` and `pg_trgm` extensions and
    `portal_fold`, IMMUTABLE (unaccent itself is only STABLE) so that indexes may use it."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        schema_editor.execute(FOLD_FUNCTION)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP FUNCTION IF EXISTS portal_fold(text)")

    return migrations.RunPython(forwards, backwards)


def trigram_indexes(table, *columns):
    """A migration operation: on PostgreSQL, a GIN trigram index on the folded value of
    each of `columns` of `table`, serving the search's LIKE and similarity tests."""

    def name(column):
        return f"{table}_{column}_fold_trgm"[:63]

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name(column)}" ON "{table}" '
                f'USING gin (portal_fold("{column}") gin_trgm_ops)'
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name(column)}"')

    return migrations.RunPython(forwards, backwards)
