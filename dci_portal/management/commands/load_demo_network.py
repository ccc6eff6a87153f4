"""Build the demo network: real geography, fictional people, several years of history."""

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dci_portal.demo import checks
from dci_portal.demo.plan import build_plan
from dci_portal.demo.sync import Syncer
from dci_portal.demo.users import DEMO_PASSWORD, ensure_demo_users
from dci_portal.selectors import network_figures
from network.models import Country, Embassy, Region
from postings.models import Person, Position, Posting


class Command(BaseCommand):
    help = (
        "Load the demo network: every ISO country with its region and capital, the central units, "
        "the departments, their coverage and sections, roles, ranks, fictional people and several "
        "years of postings, dated relative to today, plus one demo login per group. "
        "Deterministic and idempotent: a second run on the same day changes nothing. "
        "Refuses to run when DEBUG is off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")
        parser.add_argument("--seed", type=int, default=2010, help="Seed of the random generator.")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="Build the network as it stands on this day (YYYY-MM-DD; default: today).",
        )
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Password of the demo logins.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this may be a production database. "
                "The demo network adds fictional people and postings; pass --force to load it anyway."
            )
        started = time.perf_counter()
        today = options["date"] or datetime.date.today()
        plan = build_plan(today, seed=options["seed"])
        with transaction.atomic():
            syncer = Syncer(plan)
            syncer.run()
            broken = checks.violations()
            if broken:
                # Rolls the whole load back.
                raise CommandError(f"The demo network breaks model rules: {broken}")
            users = ensure_demo_users(options["password"])
        elapsed = time.perf_counter() - started
        if options["verbosity"] == 0:
            return
        figures = network_figures(today)
        lines = [
            ("regions", Region.objects.count()),
            ("countries", Country.objects.count()),
            ("embassies", Embassy.objects.count()),
            ("departments open", figures["departments_open"]),
            ("embassies with a department", figures["embassies_with_department"]),
            ("countries covered", figures["countries_covered"]),
            ("sections open", figures["sections_open"]),
            ("positions", Position.objects.count()),
            ("vacancies abroad", figures["vacant_positions_abroad"]),
            ("people", Person.objects.count()),
            ("postings", Posting.objects.count()),
            ("people in post abroad", figures["people_in_post_abroad"]),
            ("people in post in France", figures["people_in_post_centrally"]),
        ]
        self.stdout.write(self.style.SUCCESS(f"Demo network as of {today:%Y-%m-%d} ({elapsed:.1f} s):"))
        for label, value in lines:
            self.stdout.write(f"  {label:<30} {value:>6}")
        written = ", ".join(f"{n} {what}" for what, n in sorted(syncer.written.items())) or "nothing"
        self.stdout.write(f"  written: {written}")
        self.stdout.write(f"Demo logins (password {options['password']!r}): {', '.join(users)}")
