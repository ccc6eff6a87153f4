"""Build the demo network: real geography, fictional people, several years of history."""

import datetime
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction

from base.audit import AuditedCommand
from demo import checks
from demo import rounds as demo_rounds
from demo.guard import refuse_unless_demo_database
from demo.plan import build_plan
from demo.sync import Syncer
from demo.users import DEMO_PASSWORD, ensure_demo_users
from network import figures as network_figures
from network.models import Country, Embassy, Region
from postings import figures as postings_figures
from postings.models import Person, Position, Posting
from rounds import figures as rounds_figures


class Command(AuditedCommand):
    help = (
        "Load the demo network: every ISO country with its region and capital, the central units, "
        "the departments, their coverage and sections, roles, ranks, fictional people and several "
        "years of postings, dated relative to today, an open posting round with notices and "
        "applications, plus one demo login per group, each linked to a demo person. "
        "Deterministic and idempotent: a second run on the same day changes nothing. "
        "Refuses to run when DEBUG is off unless --force is given, and always on a database that holds "
        "anything but the demo."
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
        refuse_unless_demo_database("load_demo_network")
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
            # The posting round reads the network just written: it comes last.
            demo_round = demo_rounds.sync_rounds(syncer, today, options["seed"])
        elapsed = time.perf_counter() - started
        if options["verbosity"] == 0:
            return
        lines = [
            ("regions", Region.objects.count()),
            ("countries", Country.objects.count()),
            ("embassies", Embassy.objects.count()),
            ("departments open", network_figures.DEPARTMENTS_OPEN.count(today)),
            ("embassies with a department", network_figures.EMBASSIES_WITH_DEPARTMENT.count(today)),
            ("countries covered", network_figures.COUNTRIES_COVERED.count(today)),
            ("sections open", network_figures.SECTIONS_OPEN.count(today)),
            ("positions", Position.objects.count()),
            ("vacancies abroad", postings_figures.VACANCIES_ABROAD.count(today)),
            ("people", Person.objects.count()),
            ("postings", Posting.objects.count()),
            ("people in post abroad", postings_figures.PEOPLE_IN_POST_ABROAD.count(today)),
            ("people in post in France", postings_figures.PEOPLE_IN_POST_IN_FRANCE.count(today)),
            (f"notices of {demo_round}", rounds_figures.ROUND_NOTICES.count(today, demo_round)),
            ("applications to them", rounds_figures.ROUND_APPLICATIONS.count(today, demo_round)),
        ]
        self.stdout.write(self.style.SUCCESS(f"Demo network as of {today:%Y-%m-%d} ({elapsed:.1f} s):"))
        for label, value in lines:
            self.stdout.write(f"  {label:<30} {value:>6}")
        written = ", ".join(f"{n} {what}" for what, n in sorted(syncer.written.items())) or "nothing"
        self.stdout.write(f"  written: {written}")
        self.stdout.write(f"Demo logins (password {options['password']!r}): {', '.join(users)}")
