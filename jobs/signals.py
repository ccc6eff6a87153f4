"""A job's result file is deleted with its record (an account deleted, a job expired)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Job


@receiver(post_delete, sender=Job, dispatch_uid="jobs.delete_result")
def delete_result(sender, instance, **kwargs):
    if instance.result:
        instance.result.delete(save=False)
