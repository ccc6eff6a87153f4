"""Time the country coverage report on the demo network: building the rows, and each
export of every country (XLSX above all), several runs each, median printed.

    .venv/bin/python scripts/bench_coverage_report.py            # a throwaway SQLite database with the demo
    .venv/bin/python scripts/bench_coverage_report.py --runs 21
    DATABASE_URL=postgres://… .venv/bin/python scripts/bench_coverage_report.py --current-database

By default the script migrates a temporary SQLite file and loads the demo network into
it, so it never touches a real database. With --current-database it reads the database
configured by DATABASE_URL as it is (load the demo there first).
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(function, runs):
    """(median, min, max) in milliseconds over `runs` calls, after one warm-up call."""
    function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), min(samples), max(samples)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--current-database", action="store_true", help="use DATABASE_URL as it is")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dci_portal.settings")
    os.environ.setdefault("DEBUG", "1")
    folder = None
    if not args.current_database:
        folder = tempfile.TemporaryDirectory()
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder.name) / 'bench.sqlite3'}"

    import django

    django.setup()

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from network.figures import COUNTRIES_COVERED, DEPARTMENTS_OPEN
    from postings.figures import PEOPLE_IN_POST_ABROAD, VACANCIES_ABROAD
    from reports import exports as report_exports
    from reports import worldmap
    from reports.coverage import coverage_report
    from reports.forms import CoverageReportForm

    if not args.current_database:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_demo_network", verbosity=0)

    day = datetime.date.today()
    form = CoverageReportForm(QueryDict(""), as_of=day)
    assert form.is_valid(), form.errors
    user = get_user_model()(username="benchmark", first_name="Bench", last_name="Mark")

    def context():
        return report_exports.ExportContext.build(coverage_report(day, **form.report_kwargs()), form, user)

    with CaptureQueriesContext(connection) as queries:
        report = coverage_report(day)
    figures = {
        f.key: f.count(day)
        for f in (DEPARTMENTS_OPEN, COUNTRIES_COVERED, PEOPLE_IN_POST_ABROAD, VACANCIES_ABROAD)
    }
    xlsx = report_exports.render_xlsx(context())
    print(f"Demo network on {day}: {len(report.rows)} countries, {len(report.roles)} role columns")
    totals = report.totals
    print(
        f"Totals: {totals.departments} departments, {totals.countries_covered} countries covered, "
        f"{totals.people} people in post, {totals.vacancies} vacancies "
        f"(dashboard: {figures['departments_open']}, {figures['countries_covered']}, "
        f"{figures['people_in_post_abroad']}, {figures['vacancies_abroad']})"
    )
    print(f"Queries to build the report: {len(queries)}; full XLSX: {len(xlsx) / 1024:.0f} KiB")
    print(f"{args.runs} runs each, milliseconds: median (min–max)")
    cases = [
        ("report rows (coverage_report)", lambda: coverage_report(day)),
        ("full XLSX (rows + workbook)", lambda: report_exports.render_xlsx(context())),
        ("full CSV (rows + file)", lambda: report_exports.render_csv(context())),
        ("full JSON (rows + file)", lambda: report_exports.render_json(context())),
        ("SVG map (rows + map)", lambda: worldmap.render_map(coverage_report(day), standalone=True)),
    ]
    for label, function in cases:
        median, low, high = timed(function, args.runs)
        print(f"  {label:<32} {median:8.1f}  ({low:.1f}–{high:.1f})")
    if folder is not None:
        connection.close()
        folder.cleanup()


if __name__ == "__main__":
    main()
