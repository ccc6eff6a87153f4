from django.core.management.base import BaseCommand

from jobs.services import expire_jobs


class Command(BaseCommand):
    help = "Delete the result files of background jobs whose time is up (JOBS_RESULT_DAYS)."

    def handle(self, *args, **options):
        count = expire_jobs()
        self.stdout.write(f"{count} job result(s) expired.")
