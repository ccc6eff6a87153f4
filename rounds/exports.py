"""The committee's workbook of a round: its notices, the applications and the decisions,
one sheet each (XLSX). It names candidates: for those who may see them only. Every text
cell goes through base.exports.safe_cell (a motivation typed as "=…" stays text)."""

import datetime
import io

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from base.exports import safe_cell
from postings.models import Posting
from postings.selectors import PLACE_RELATED

from . import selectors
from .eligibility import rank_label
from .figures import NOTICE_CANDIDATES
from .models import Application

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(round):
    return f"posting-round-{round.pk}-{datetime.date.today().isoformat()}.xlsx"


def cell(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, (int, float, datetime.date)):
        return value
    return safe_cell(str(value))


def add_sheet(workbook, title, headers, rows):
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([cell(header) for header in headers])
    for header_cell in sheet[1]:
        header_cell.font = Font(bold=True)
    for row in rows:
        sheet.append([cell(value) for value in row])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(str(header)) + 4, 14), 60)
    sheet.freeze_panes = "A2"
    return sheet


def place(position):
    country = position.country
    return f"{position.unit}, {country}" if country else str(position.unit)


def round_workbook(round):
    today = datetime.date.today()
    workbook = Workbook()
    workbook.remove(workbook.active)
    notices = list(selectors.notices_of(round, with_candidates=True))
    add_sheet(
        workbook,
        _("Notices"),
        [
            _("Position"),
            _("Unit"),
            _("Why it is offered"),
            _("Available from"),
            _("Required force"),
            _("Lowest rank"),
            _("Highest rank"),
            _("Languages"),
            _("Description (English)"),
            _("Description (French)"),
            NOTICE_CANDIDATES.label,
            _("Selected candidate"),
        ],
        [
            [
                notice.position.label,
                place(notice.position),
                notice.get_reason_display(),
                notice.available_from,
                notice.get_required_force_display(),
                rank_label(notice.min_seniority) if notice.min_seniority is not None else "",
                rank_label(notice.max_seniority) if notice.max_seniority is not None else "",
                notice.local_languages,
                notice.description_en,
                notice.description_fr,
                getattr(notice, NOTICE_CANDIDATES.key),
                notice.decision.person.display_name if hasattr(notice, "decision") else "",
            ]
            for notice in notices
        ],
    )
    applications = (
        Application.objects.filter(round=round)
        .select_related("person__rank", *(f"notice__{path}" for path in selectors.NOTICE_RELATED))
        .prefetch_related(
            Prefetch(
                "person__postings",
                queryset=Posting.objects.active_on(today).select_related(*PLACE_RELATED),
                to_attr="current_postings",
            )
        )
        .order_by("notice__available_from", "notice", "-shortlisted", "committee_rank", "preference", "pk")
    )
    rows = []
    for application in applications:
        person = application.person
        current = person.current_postings[0] if person.current_postings else None
        rows.append(
            [
                str(application.notice),
                person.full_name,
                person.rank.name if person.rank_id else "",
                person.get_force_display(),
                str(current.position) if current else "",
                current.expected_end_date if current else None,
                person.local_languages,
                application.preference,
                application.available_from,
                application.motivation,
                application.get_status_display(),
                _("Yes") if application.shortlisted else _("No"),
                application.committee_rank,
                application.submitted_at,
            ]
        )
    add_sheet(
        workbook,
        _("Applications"),
        [
            _("Notice"),
            _("Candidate"),
            _("Rank"),
            _("Force"),
            _("Current posting"),
            _("Expected end of tour"),
            _("Languages"),
            _("Candidate's ranking"),
            _("Available from"),
            _("Motivation"),
            _("Status"),
            _("Shortlisted"),
            _("Committee's ranking"),
            _("Submitted at"),
        ],
        rows,
    )
    add_sheet(
        workbook,
        _("Decisions"),
        [
            _("Notice"),
            _("Selected candidate"),
            _("Start of the posting"),
            _("Expected end of tour"),
            _("Grounds"),
            _("Decided by"),
            _("Decided at"),
        ],
        [
            [
                str(decision.notice),
                decision.person.display_name,
                decision.posting.start_date,
                decision.posting.expected_end_date,
                decision.grounds,
                (decision.decided_by.get_full_name() or decision.decided_by.get_username())
                if decision.decided_by
                else "",
                decision.decided_at,
            ]
            for decision in selectors.decisions_of(round)
        ],
    )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
