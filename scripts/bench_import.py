"""Time the import of a large postings file (default 10,000 rows).

    .venv/bin/python scripts/bench_import.py [--rows 10000] [--keep] [--profile]

Builds a throwaway SQLite database in a temporary folder (or uses DATABASE_URL if set:
give it a database of its own, it is migrated and filled), creates the people and
positions the postings need (bulk, not timed), writes the postings as a CSV file the
way export_network does, then times `read_sheet` + `import_sheets` (the command's path:
every row validated with the model rules and saved with its history record), and once
more to show that a second import of the same file changes nothing.

--proposed-overlap-check measures the same import with the change to
`Period.check_no_overlap` (network/periods.py) proposed with this script: look for a
conflicting record with a plain indexed query, and read it with the relations its
message needs only when there is one. Most of an import's time is the two overlap
checks of Posting.clean, whose queries join nine tables for a message that is almost
never shown (PostgreSQL plans that join anew every time).

--limits measures, instead, the reading of hostile files in a child process (its address
space capped at 3 GB, 180 s at most): a 5 KB workbook declaring A1:XFD1048576 with its
last cell styled, a workbook of 2 million rows and a 19 MB CSV; prints each one's outcome, time and
peak RSS. `--root` reads them with another checkout's code (e.g. an export of main, to
measure before a change).
"""

import argparse
import cProfile
import datetime
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POSTINGS_PER_POSITION = 10


def setup_django(workdir):
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dci_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_network(rows):
    """One department with enough positions for `rows` postings, and one person per posting."""
    from network.models import Country, Department, DirectorateUnit, Embassy, Region
    from postings.models import Force, Person, Position, Rank, Role

    region, _ = Region.objects.get_or_create(code="bench", defaults={"name_en": "Bench", "name_fr": "Banc"})
    country, _ = Country.objects.get_or_create(
        iso2="QZ", defaults={"iso3": "QZZ", "name_en": "Benchland", "name_fr": "Bancland", "region": region}
    )
    embassy, _ = Embassy.objects.get_or_create(country=country, defaults={"city": "Benchville"})
    unit, _ = DirectorateUnit.objects.get_or_create(
        acronym="BENCH", defaults={"name_en": "Bench", "name_fr": "Banc", "kind": DirectorateUnit.Kind.BUREAU}
    )
    department, _ = Department.objects.get_or_create(
        embassy=embassy, defaults={"supervising_unit": unit, "start_date": datetime.date(1970, 1, 1)}
    )
    role, _ = Role.objects.get_or_create(
        code="bench-officer",
        defaults={"name_en": "Bench officer", "name_fr": "Officier banc", "tour_months": 36},
    )
    rank, _ = Rank.objects.get_or_create(
        force=Force.POLICE, name_en="Bench rank", defaults={"name_fr": "Grade banc", "seniority": 1}
    )
    positions_needed = -(-rows // POSTINGS_PER_POSITION)
    Position.objects.bulk_create(
        Position(
            department=department,
            role=role,
            title=f"Bench post {i:05d}",
            start_date=datetime.date(1980, 1, 1),
        )
        for i in range(positions_needed)
    )
    Person.objects.bulk_create(
        Person(
            service_number=f"BN-{i:06d}",
            last_name=f"Bench{i}",
            first_name="Test",
            force=Force.POLICE,
            rank=rank,
        )
        for i in range(rows)
    )


def use_proposed_overlap_check():
    from django.core.exceptions import ValidationError

    from base.periods import Period

    def check_no_overlap(self, others, message):
        if not self.start_date or (self.end_date and self.end_date < self.start_date):
            return
        conflicts = others.overlapping(self.start_date, self.end_date).exclude(pk=self.pk)
        conflict_pk = conflicts.values_list("pk", flat=True).first()
        if conflict_pk is not None:
            raise ValidationError(message(conflicts.get(pk=conflict_pk)), code="overlap")

    Period.check_no_overlap = check_no_overlap


def postings_csv(rows):
    """The postings file: each position held by ten people in turn, three-year tours."""
    lines = [
        "service_number,central_unit,department_country,department_city,section_country,section_city,"
        "role,title,start_date,expected_end_date,end_date,end_reason"
    ]
    for i in range(rows):
        position, turn = divmod(i, POSTINGS_PER_POSITION)
        start = datetime.date(1980 + 3 * turn, 1, 1)
        end = datetime.date(1983 + 3 * turn, 1, 1) - datetime.timedelta(days=1)
        last = turn == POSTINGS_PER_POSITION - 1
        lines.append(
            f"BN-{i:06d},,QZ,Benchville,,,bench-officer,Bench post {position:05d},{start},{end},"
            + ("," if last else f"{end},completed")
        )
    return ("\n".join(lines) + "\n").encode()


def timed_import(data, *, dry_run=False):
    from spreadsheets.registry import import_sheets, read_sheet

    started = time.perf_counter()
    sheet = read_sheet(data, name="postings.csv")
    report = import_sheets([sheet], dry_run=dry_run, reason="bench_import")
    return time.perf_counter() - started, report


def measure_limits(root):
    from tests import spreadsheet_bombs as bombs

    workdir = Path(tempfile.mkdtemp(prefix="bench_import_limits_"))
    try:
        for label, data in (
            ("dimension bomb (A1:XFD1048576)", bombs.dimension_bomb()),
            ("2,000,000-row workbook", bombs.many_rows_xlsx(2_000_000)),
            ("19 MB CSV", bombs.many_rows_csv(540_000)),
        ):
            fmt = "xlsx" if data.startswith(b"PK") else "csv"
            path = workdir / f"file.{fmt}"
            path.write_bytes(data)
            outcome = bombs.read_in_child(path, fmt, memory_mb=3000, timeout=180, root=root)
            print(f"{label}, {len(data) / 1024:.0f} KB: {outcome}")
    finally:
        shutil.rmtree(workdir)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary database.")
    parser.add_argument("--profile", action="store_true", help="Print the 25 costliest functions.")
    parser.add_argument(
        "--proposed-overlap-check", action="store_true", help="Measure with the proposed overlap check."
    )
    parser.add_argument("--limits", action="store_true", help="Measure the reading of hostile files.")
    parser.add_argument("--root", default=str(ROOT), help="With --limits: the checkout whose code reads.")
    args = parser.parse_args()
    if args.limits:
        return measure_limits(Path(args.root))

    workdir = Path(tempfile.mkdtemp(prefix="bench_import_"))
    setup_django(workdir)
    if args.proposed_overlap_check:
        use_proposed_overlap_check()
    from django.db import connection

    from postings.models import Posting

    build_network(args.rows)
    data = postings_csv(args.rows)
    before = Posting.objects.count()

    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    seconds, report = timed_import(data)
    if profiler:
        profiler.disable()
    if not report.ok:
        from spreadsheets.registry import problem_lines

        print("\n".join(problem_lines(report, limit=20)))
        sys.exit(1)
    imported = Posting.objects.count() - before
    variant = " with the proposed overlap check" if args.proposed_overlap_check else ""
    print(f"database: {connection.vendor}{variant}")
    print(f"imported {imported} postings in {seconds:.1f} s ({imported / seconds:.0f} rows/s)")

    again, report = timed_import(data)
    totals = report.files[0].totals
    print(f"second import of the same file: {again:.1f} s, {totals['skip']} unchanged, {totals['new']} new")

    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    if args.keep:
        print(f"database kept in {workdir}")
    else:
        connection.close()
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
