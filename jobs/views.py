"""My jobs: the list, a job's page (its progress polled with htmx), its result file
(for its owner only: anyone else gets a 404), and the start of a background export of
a list page."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from base.views import ObjectListView

from . import services
from .models import Job

EXPORT_KIND = "jobs.exports.export_list"


class OwnJobsMixin:
    """Each user sees only their own jobs: anyone else's is a 404 (not a 403, which
    would tell that it exists)."""

    owner_only = True

    def get_queryset(self):
        return Job.objects.filter(owner=self.request.user)


class JobListView(OwnJobsMixin, ListView):
    template_name = "jobs/job_list.html"
    context_object_name = "jobs"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        return super().get_context_data(queue_available=services.queue_available(), **kwargs)


class JobDetailView(OwnJobsMixin, DetailView):
    """A job's page; `status/` answers only its status panel, which htmx polls until
    the job is finished."""

    context_object_name = "job"
    partial = False

    def get_template_names(self):
        return ["jobs/includes/job_status.html" if self.partial else "jobs/job_detail.html"]

    def get_context_data(self, **kwargs):
        job = self.object
        waiting = not job.is_finished
        return super().get_context_data(
            progress=services.job_progress(job),
            waiting=waiting,
            queue_available=services.queue_available() if waiting else True,
            poll_seconds=getattr(settings, "JOBS_POLL_SECONDS", 2),
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        add_never_cache_headers(response)
        return response


class JobResultView(OwnJobsMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(self.get_queryset(), pk=pk)
        if not job.has_result:
            raise Http404(_("This job has no file to download (any more)."))
        try:
            handle = job.result.open("rb")
        except FileNotFoundError:
            raise Http404(_("This job has no file to download (any more).")) from None
        response = FileResponse(handle, as_attachment=True, filename=job.result_name or None)
        patch_cache_control(response, private=True, no_store=True)
        return response


class BackgroundExportView(View):
    """POST `list` = the path and query of a list page: export all its rows (CSV) in a
    background job, as the user, with the page's own filters, columns and permission."""

    http_method_names = ["post"]

    def post(self, request):
        target = request.POST.get("list", "")
        if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            raise Http404
        parts = urlsplit(target)
        try:
            match = resolve(parts.path)
        except Resolver404:
            raise Http404 from None
        view_class = getattr(match.func, "view_class", None)
        if view_class is None or not issubclass(view_class, ObjectListView):
            raise Http404
        view = view_class(**getattr(match.func, "view_initkwargs", {}))
        view.setup(request, *match.args, **match.kwargs)
        if not view.has_permission():
            raise Http404
        title = _("Export of %(list)s") % {"list": view.model._meta.verbose_name_plural}
        try:
            job = services.job_enqueue(
                kind=EXPORT_KIND,
                title=title,
                owner=request.user,
                arguments={"path": parts.path, "query": parts.query},
            )
        except services.QueueUnavailable as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(target)
        return HttpResponseRedirect(job.get_absolute_url())
