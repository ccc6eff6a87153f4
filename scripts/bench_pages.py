"""Time every kind of page of the portal on a big network, side by side with the floor
(the search page with no query: same layout, no data) and the Django admin changelist
of the same model.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dci_bench .venv/bin/python scripts/bench_pages.py
    … scripts/bench_pages.py --rounds 15 --only "people|positions"
    … scripts/bench_pages.py --load            # gunicorn, 2 sync workers, 20 clients, 60 s

The database named by DATABASE_URL is migrated and, when it has no scale network, the
demo network and `generate_scale_network --factor N` are loaded into it (minutes; reused
afterwards). Pages are requested in-process through Django's test client, logged in as
a superuser, in interleaved rounds (every page once per round, so a busy machine slows
them all alike); the table gives the median, warm (the page asked again: figures and
rendered parts from the shared cache) and cold (the first request after a write, which
invalidates them all). Exports are run in a child process each:
time to first byte, total time and peak RSS of that process.
"""

import argparse
import datetime
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dci_portal.settings")
os.environ.setdefault("DEBUG", "1")

BENCH_USER = "bench-superuser"
BENCH_PASSWORD = "bench-password-not-secret"


def setup():
    import django

    django.setup()


def ensure_network(factor):
    from django.core.management import call_command

    from demo.scale import PREFIX
    from postings.models import Person

    call_command("migrate", verbosity=0)
    if not Person.objects.filter(service_number__startswith=PREFIX).exists():
        print(f"Building the ×{factor} network (a few minutes)…", flush=True)
        call_command("generate_scale_network", factor=factor, force=True, verbosity=1)


def bench_user():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username=BENCH_USER, defaults={"is_superuser": True, "is_staff": True}
    )
    user.is_superuser = user.is_staff = True
    user.set_password(BENCH_PASSWORD)
    user.save()
    return user


def list_pages(name, view_name, admin_name, *, deep=False, extra=None):
    """The list `view_name` sorted by each column its table lets the user sort by, and
    (`deep`) its middle and last page, and on a date five years ago."""
    from django.urls import resolve, reverse

    url = reverse(view_name)
    view = resolve(url).func.view_class
    table = view.table_class
    admin = reverse(admin_name) if admin_name else None
    pages = [(name, url, admin)]
    for column_name, column in table.base_columns.items():
        if column.orderable is False or (column.orderable is None and not table._meta.orderable):
            continue
        pages.append((f"{name} sort={column_name}", f"{url}?sort={column_name}", admin))
    if deep:
        pages.append(
            (
                f"{name} sort=-{list(table.base_columns)[0]}",
                f"{url}?sort=-{list(table.base_columns)[0]}",
                admin,
            )
        )
        pages.append((f"{name} page=middle", f"{url}?page=MIDDLE", admin))
        pages.append((f"{name} page=last", f"{url}?page=LAST", admin))
    past = (datetime.date.today() - datetime.timedelta(days=5 * 365)).isoformat()
    pages.append((f"{name} as of {past}", f"{url}?as_of={past}", admin))
    for label, query in (extra or {}).items():
        pages.append((f"{name} {label}", f"{url}?{query}", admin))
    return pages


def all_pages():
    from django.db.models import Count
    from django.urls import reverse

    from network.models import Country
    from postings import figures
    from postings.models import Person

    today = datetime.date.today()
    staff = {pk: n for pk, n in figures.STAFF_FOR_COUNTRY.by_owner(today).items() if pk is not None}
    big_country = Country.objects.get(pk=max(staff, key=staff.get))
    department_staff = {
        pk: n for pk, n in figures.DEPARTMENT_STAFF_WITH_SECTIONS.by_owner(today).items() if pk is not None
    }
    big_department = max(department_staff, key=department_staff.get)
    surname = (
        Person.objects.values("last_name")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("last_name", flat=True)[0]
    )
    person = Person.objects.filter(postings__isnull=False).order_by("pk").first()
    pages = [("floor", reverse("search"), None)]
    pages += list_pages(
        "countries",
        "network:country_list",
        "admin:network_country_changelist",
        extra={"per_page=250": "per_page=250"},
    )
    pages += list_pages("departments", "network:department_list", "admin:network_department_changelist")
    pages += list_pages("sections", "network:section_list", "admin:network_section_changelist")
    pages += list_pages("embassies", "network:embassy_list", "admin:network_embassy_changelist")
    pages += list_pages("coverages", "network:coverage_list", "admin:network_coverage_changelist")
    pages += list_pages("people", "postings:person_list", "admin:postings_person_changelist", deep=True)
    pages += list_pages(
        "positions", "postings:position_list", "admin:postings_position_changelist", deep=True
    )
    pages += list_pages("vacancies", "postings:vacancy_list", "admin:postings_position_changelist", deep=True)
    pages += list_pages("postings", "postings:posting_list", "admin:postings_posting_changelist", deep=True)
    pages += list_pages("rotation plan", "postings:rotation_plan", "admin:postings_posting_changelist")
    pages += [
        (
            f"country page ({big_country.name_en})",
            reverse("network:country_detail", args=[big_country.iso2]),
            reverse("admin:network_country_change", args=[big_country.pk]),
        ),
        (
            "department page (biggest)",
            reverse("network:department_detail", args=[big_department]),
            reverse("admin:network_department_change", args=[big_department]),
        ),
        (
            "person page",
            reverse("postings:person_detail", args=[person.pk]),
            reverse("admin:postings_person_change", args=[person.pk]),
        ),
        (
            f"search: a country ({big_country.name_en})",
            f"{reverse('search')}?{urlencode({'q': big_country.name_en})}",
            None,
        ),
        (f"search: a surname ({surname})", f"{reverse('search')}?{urlencode({'q': surname})}", None),
        ("typeahead: countries", f"{reverse('network:country_choices')}?q={big_country.name_en[:3]}", None),
        ("typeahead: people", f"{reverse('postings:person_choices')}?q={surname[:4]}", None),
        ("typeahead: positions", f"{reverse('postings:position_choices')}?q=chef", None),
        ("coverage report", reverse("reports:coverage"), None),
        ("coverage report CSV", reverse("reports:coverage_csv"), None),
        ("coverage report XLSX", reverse("reports:coverage_xlsx"), None),
        ("dashboard", reverse("dashboard"), None),
    ]
    return pages


def resolve_pages(client, pages):
    """Replace MIDDLE/LAST by page numbers (read from the list's paginator)."""
    resolved = []
    for name, url, admin in pages:
        if "MIDDLE" in url or "LAST" in url:
            response = client.get(url.split("?")[0])
            last = max(int(n) for n in re.findall(r"page=(\d+)", response.content.decode()))
            url = url.replace("MIDDLE", str(max(1, last // 2))).replace("LAST", str(last))
        resolved.append((name, url, admin))
    return resolved


def run_pages(rounds, only):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from base.cache import bump_data_version

    pages = all_pages()
    if only:
        pattern = re.compile(only)
        pages = [page for page in pages if page[0] == "floor" or pattern.search(page[0])]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bench_user())
    pages = resolve_pages(client, pages)
    urls = {url for _, url, _ in pages} | {admin for _, _, admin in pages if admin}
    samples = {url: [] for url in urls}
    queries = {}
    for url in urls:  # warm-up, and the query count
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, (url, response.status_code)
        queries[url] = len(captured)
    ordered = sorted(urls)
    cold = {url: [] for url in urls}
    for index in range(rounds):
        for url in ordered[index % len(ordered) :] + ordered[: index % len(ordered)]:
            # Cold: the first request after a write (every cached figure and page part
            # invalidated); then warm: the same request again, served from what it cached.
            for kept in (cold, samples):
                if kept is cold:
                    bump_data_version()
                reset_queries()
                started = time.perf_counter()
                response = client.get(url)
                b"".join(response.streaming_content) if response.streaming else response.content
                kept[url].append((time.perf_counter() - started) * 1000)
        print(f"  round {index + 1}/{rounds}", file=sys.stderr, flush=True)
    median = {url: statistics.median(values) for url, values in samples.items()}
    cold_median = {url: statistics.median(values) for url, values in cold.items()}
    floor = median[pages[0][1]]
    print(
        f"\n{'page':<52} {'ms':>8} {'queries':>7} {'× floor':>8} {'× admin':>8} {'(admin ms)':>10}"
        f" {'cold ms':>8} {'cold × floor':>12}"
    )
    for name, url, admin in pages:
        ms = median[url]
        admin_ratio = f"{ms / median[admin]:8.2f}" if admin else " " * 8
        admin_ms = f"({median[admin]:.0f})" if admin else ""
        print(
            f"{name[:52]:<52} {ms:8.0f} {queries[url]:7d} {ms / floor:8.1f} {admin_ratio} {admin_ms:>10}"
            f" {cold_median[url]:8.0f} {cold_median[url] / floor:12.1f}"
        )
    return floor


def export_child(url):
    """Run in a child process: one export, streamed or not; prints ttfb, total, peak RSS."""
    import resource

    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bench_user())
    started = time.perf_counter()
    response = client.get(url)
    size = 0
    if response.streaming:
        first = None
        for chunk in response.streaming_content:
            if first is None:
                first = time.perf_counter()
            size += len(chunk)
    else:
        size = len(response.content)
        first = time.perf_counter()
    total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{response.status_code} {(first - started) * 1000:.0f} {total * 1000:.0f} {peak:.0f} {size}")


def run_exports(only):
    from django.urls import reverse

    exports = [
        ("people CSV, all rows", f"{reverse('postings:person_list')}?_export=csv"),
        ("people XLSX, all rows", f"{reverse('postings:person_list')}?_export=xlsx"),
        ("postings CSV, all rows", f"{reverse('postings:posting_list')}?_export=csv"),
        ("postings XLSX, all rows", f"{reverse('postings:posting_list')}?_export=xlsx"),
        ("positions CSV, all rows", f"{reverse('postings:position_list')}?_export=csv"),
        ("countries CSV", f"{reverse('network:country_list')}?_export=csv"),
        ("departments CSV", f"{reverse('network:department_list')}?_export=csv"),
        ("baseline: floor page, same process", reverse("search")),
    ]
    if only:
        pattern = re.compile(only)
        exports = [item for item in exports if pattern.search(item[0]) or item[0].startswith("baseline")]
    print(
        f"\n{'export':<40} {'status':>6} {'first byte ms':>13} {'total ms':>9} "
        f"{'peak RSS MB':>11} {'bytes':>11}"
    )
    # Lists of more than EXPORT_IN_REQUEST_MAX_ROWS rows are exported by a background job
    # (the request answers 302 to "My jobs"); the limit is lifted here to time the file
    # streamed in the request, which is also what the job writes.
    child_env = {**os.environ, "EXPORT_IN_REQUEST_MAX_ROWS": "0"}
    for name, url in exports:
        found = subprocess.run(
            [sys.executable, __file__, "--export-child", url], capture_output=True, text=True, env=child_env
        )
        line = found.stdout.strip().splitlines()[-1] if found.stdout.strip() else ""
        try:
            status, first, total, peak, size = line.split()
        except ValueError:
            print(f"{name:<40} failed: {found.stderr.strip().splitlines()[-1:]}")
            continue
        print(f"{name:<40} {status:>6} {first:>13} {total:>9} {peak:>11} {size:>11}")


# --- Load: gunicorn, 2 sync workers, 20 clients ---------------------------------------------


def run_load(seconds, clients, only):
    import http.cookiejar
    import socket
    import urllib.request

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    user = bench_user()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "dci_portal.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        mix = [
            reverse("postings:person_list"),
            f"{reverse('postings:person_list')}?sort=country",
            reverse("postings:position_list"),
            reverse("postings:posting_list"),
            reverse("network:country_list"),
            reverse("network:department_list"),
            f"{reverse('search')}?q=france",
            reverse("reports:coverage"),
            reverse("network:country_detail", args=["ES"]),
        ]
        for label, urls in (("floor", [reverse("search")]), ("mixed pages", mix)):
            if only and label != "floor" and not re.search(only, label):
                continue
            results, errors = [], []
            deadline = time.perf_counter() + seconds

            def client_loop(offset, urls=urls, deadline=deadline, results=results, errors=errors):
                jar = http.cookiejar.CookieJar()
                opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
                opener.addheaders = [("Cookie", f"{settings.SESSION_COOKIE_NAME}={session.session_key}")]
                index = offset
                while time.perf_counter() < deadline:
                    url = urls[index % len(urls)]
                    index += 1
                    started = time.perf_counter()
                    try:
                        with opener.open(base + url, timeout=60) as response:
                            response.read()
                            if response.status != 200:
                                errors.append(response.status)
                    except Exception as error:  # noqa: BLE001 - every failure counts as an error
                        errors.append(repr(error))
                    results.append(time.perf_counter() - started)

            threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            results.sort()
            p50 = results[len(results) // 2] if results else 0
            p95 = results[int(len(results) * 0.95)] if results else 0
            print(
                f"load {label:<12} {len(results) / seconds:7.1f} req/s  p50 {p50 * 1000:6.0f} ms  "
                f"p95 {p95 * 1000:6.0f} ms  errors {len(errors)}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--only", help="a regular expression: only the pages whose name matches (and the floor)"
    )
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--no-exports", action="store_true")
    parser.add_argument("--load", action="store_true", help="also the load run (gunicorn)")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--export-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup()
    if args.export_child:
        return export_child(args.export_child)
    from django.db import connection

    if connection.vendor != "postgresql":
        print("Warning: not PostgreSQL; set DATABASE_URL.", file=sys.stderr)
    ensure_network(args.factor)
    print(
        f"database {connection.settings_dict['NAME']} ({connection.vendor}), "
        f"{datetime.datetime.now():%Y-%m-%d %H:%M}"
    )
    if not args.no_pages:
        run_pages(args.rounds, args.only)
    if not args.no_exports:
        run_exports(args.only)
    if args.load:
        run_load(args.load_seconds, args.clients, args.only)


if __name__ == "__main__":
    main()
