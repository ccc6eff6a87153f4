"""Build a network many times larger than the demo, for benchmarks."""

import datetime
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from base.audit import AuditedCommand
from demo import checks, scale
from demo.guard import refuse_unless_demo_database
from network.models import Department


class Command(AuditedCommand):
    help = (
        "Add a benchmark network on top of the demo network: FACTOR times the demo's people in post "
        "abroad (about 30,000 people and 200,000 postings at the default factor 100), as many "
        "positions in the demo's departments and sections, and about 20 years of tours. "
        "Deterministic; valid by construction (no overlapping postings). Rows are written with "
        "bulk_create in batches and WITHOUT django-simple-history records. A previous scale network "
        "is replaced. Loads the demo network first if it is missing. Refuses to run when DEBUG is "
        "off unless --force is given, and always on a database that holds anything but the demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=100, help="How many times the demo (default 100).")
        parser.add_argument("--seed", type=int, default=2010, help="Seed of the random generator.")
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")
        parser.add_argument(
            "--no-check", action="store_true", help="Skip the final check of the model rules on all rows."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this may be a production database. "
                "The scale network adds tens of thousands of fictional rows; pass --force to build it anyway."
            )
        refuse_unless_demo_database("generate_scale_network")
        if options["factor"] < 1:
            raise CommandError("--factor must be at least 1.")
        today = datetime.date.today()
        verbose = options["verbosity"] > 0

        def log(message, started):
            if verbose:
                self.stdout.write(f"  {message} ({time.perf_counter() - started:.1f} s)")

        started = time.perf_counter()
        if not Department.objects.active_on(today).exists():
            call_command("load_demo_network", force=True, verbosity=0)
            log("demo network loaded", started)
        with transaction.atomic():
            scale.delete_scale_data()
            log("previous scale network removed", started)
            made = scale.generate(
                factor=options["factor"],
                today=today,
                seed=options["seed"],
                log=lambda message: log(message, started),
            )
            if not options["no_check"]:
                broken = checks.violations()
                if broken:
                    raise CommandError(f"The scale network breaks model rules: {broken}")
                log("model rules checked on every row", started)
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Scale network ×{options['factor']}: {made['people']} people, {made['positions']} "
                    f"positions, {made['postings']} postings in {time.perf_counter() - started:.1f} s."
                )
            )
