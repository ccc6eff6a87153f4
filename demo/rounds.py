"""The demo's posting rounds: one open today, its notices proposed from the demo network
by the round's own selector (rounds.selectors.proposals) and applications from staff who
meet the rules (rounds.eligibility); last year's round, archived, whose decisions are
postings of the demo that have since begun; and next season's, in preparation. The demo
logins are linked to demo people.

Run after the network and the logins are written (it reads them), in the same
transaction. Deterministic and idempotent like the rest of the demo: keyed by natural
keys (a round's name, a notice's position, a candidate), written with Syncer.sync, so a
second run on the same day writes nothing; a run on another day moves the rounds and
drops what no longer fits.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from base.periods import add_months
from postings.models import Person, Posting
from rounds import mail
from rounds.eligibility import eligibility_problems, rank_labels
from rounds.models import Account, Application, Decision, OutgoingMail, Round, VacancyNotice
from rounds.selectors import proposals

from . import geography
from .users import DEMO_USERS

DAY = datetime.timedelta(days=1)
State = Round.State
Reason = VacancyNotice.Reason
NOTICES = {Reason.TOUR_ENDING: 5, Reason.VACANT: 2, Reason.NEW_POSITION: 1}
DECIDED_NOTICES = 4
NEXT_NOTICES = 3
MAX_APPLICATIONS = 3
# (lowest, highest) rank seniority the notices of a role ask for (organisation.RANKS).
RANK_BANDS = {
    "isa": (60, None),  # commandant / squadron leader or above
    "regional-isa": (70, None),
    "deputy-isa": (50, 81),
    "liaison-officer": (35, 71),
    "assistant": (None, 36),  # up to major
}
MOTIVATIONS = [
    (
        "In my current post since {since}, I speak the languages of this one. "
        "I would bring my experience of operational exchanges with partner services."
    ),
    (
        "This position matches my background in {theme}. I am ready to take it up on the date "
        "given and to stay for a full tour."
    ),
    (
        "After my current tour I wish to serve abroad again; the regional dimension of this post "
        "and its partners interest me particularly."
    ),
]
GROUNDS = "Experience and languages best suited to the post; the committee's first choice."


@dataclass
class PlannedRound:
    name: str
    values: dict


def windows(today):
    """The first day of the open round's postings window: the month four months ahead."""
    ahead = add_months(today, 4)
    return datetime.date(ahead.year, ahead.month, 1)


def season_name(first):
    return f"{'Summer' if 3 <= first.month <= 8 else 'Winter'} {first.year} round"


def season_name_fr(first):
    return f"Campagne {'d’été' if 3 <= first.month <= 8 else 'd’hiver'} {first.year}"


def plan_open_round(today):
    """Applications from two weeks ago to three weeks ahead; postings starting in the six
    months from the first day of the month four months ahead."""
    first = windows(today)
    return PlannedRound(
        season_name(first),
        {
            "name_fr": season_name_fr(first),
            "applications_open": today - 14 * DAY,
            "applications_close": today + 21 * DAY,
            "postings_start": first,
            "postings_end": add_months(first, 6) - DAY,
            "max_applications": MAX_APPLICATIONS,
            "min_months_in_post": 18,
            "state": State.OPEN,
        },
    )


def plan_past_round(today):
    """The same season a year earlier, decided and archived."""
    first = add_months(windows(today), -12)
    return PlannedRound(
        season_name(first),
        {
            "name_fr": season_name_fr(first),
            "applications_open": add_months(first, -4),
            "applications_close": add_months(first, -3),
            "postings_start": first,
            "postings_end": add_months(first, 6) - DAY,
            "max_applications": MAX_APPLICATIONS,
            "min_months_in_post": 18,
            "state": State.ARCHIVED,
        },
    )


def plan_next_round(today):
    """The following season, in preparation: applications open in six weeks."""
    first = add_months(windows(today), 6)
    return PlannedRound(
        season_name(first),
        {
            "name_fr": season_name_fr(first),
            "applications_open": today + 42 * DAY,
            "applications_close": today + 70 * DAY,
            "postings_start": first,
            "postings_end": add_months(first, 6) - DAY,
            "max_applications": MAX_APPLICATIONS,
            "min_months_in_post": 18,
            "state": State.DRAFT,
        },
    )


def describe(position, available_from):
    role, unit, country = position.role, position.unit, position.country
    english = (
        f"{position.title or role.name_en}, {unit} ({country.name_en}). "
        f"Theme: {position.get_theme_display()}. "
        f"The holder works with the host country's police and justice services and reports to the "
        f"head of department. Available from {available_from:%d %B %Y}; a normal tour lasts "
        f"{role.tour_months} months."
    )
    with translation.override("fr"):
        unit_fr, label_fr = str(position.unit), position.label
    french = (
        f"{label_fr}, {unit_fr} ({country.name_fr}). "
        f"Le titulaire travaille avec les services de police et de justice du pays hôte et rend compte "
        f"au chef de service. Poste disponible à partir du {available_from:%d/%m/%Y} ; une affectation "
        f"dure normalement {role.tour_months} mois."
    )
    return english, french


def notice_values(round_pk, position, reason, available_from, outgoing=None):
    country = position.country
    languages = ["English"]
    local = geography.LANGUAGES.get(country.iso2) if country else None
    if local and local not in languages:
        languages.append(local)
    english, french = describe(position, available_from)
    low, high = RANK_BANDS.get(position.role.code, (None, None))
    return {
        "round_id": round_pk,
        "position_id": position.pk,
        "reason": reason,
        "outgoing_posting_id": outgoing.pk if outgoing else None,
        "available_from": available_from,
        "required_force": position.required_force,
        "min_seniority": low,
        "max_seniority": high,
        "languages": ", ".join(languages),
        "languages_fr": ", ".join(geography.FRENCH_LANGUAGE_NAMES[language] for language in languages),
        "description_en": english,
        "description_fr": french,
    }


class RoundSyncer:
    def __init__(self, syncer, today, seed):
        self.syncer, self.today = syncer, today
        self.rng = random.Random(seed)
        User = get_user_model()
        self.users = {u.username: u for u in User.objects.filter(username__in=list(DEMO_USERS))}

    def run(self):
        """Write the three rounds and the demo logins' accounts; returns the open round."""
        planned = [plan_open_round(self.today), plan_past_round(self.today), plan_next_round(self.today)]
        self.remove_stale_rounds({p.name for p in planned})
        pks = self.syncer.sync(
            Round, {p.name: {"name": p.name, **p.values} for p in planned}, lambda r: r.name
        )
        rounds = Round.objects.in_bulk(list(pks.values()))
        open_round, past_round, next_round = (rounds[pks[p.name]] for p in planned)
        self.sync_past_round(past_round)
        self.sync_open_round(open_round, ignore=[open_round.pk, next_round.pk])
        self.sync_next_round(next_round)
        self.sync_accounts(open_round)
        self.sync_outbox(past_round)
        return open_round

    def remove_stale_rounds(self, keep):
        """Rounds the demo made on another day (another name), with their decisions."""
        made = Round.history.filter(history_type="+", history_change_reason=self.syncer.reason).values("id")
        stale = list(Round.objects.filter(pk__in=made).exclude(name__in=keep))
        self.syncer.delete(list(Decision.objects.filter(round__in=stale)))
        self.syncer.delete(stale)

    def sync_notices(self, round, desired):
        existing = VacancyNotice.objects.filter(round=round)
        self.syncer.delete(
            [n for n in existing.filter(decision__isnull=True) if n.position_id not in desired]
        )
        return self.syncer.sync(VacancyNotice, desired, lambda n: n.position_id, existing)

    def sync_applications(self, round, notice_pk, desired):
        """`desired`: {(position pk, person pk): values}."""
        position_of = {pk: position for position, pk in notice_pk.items()}
        existing = Application.objects.filter(round=round)
        self.syncer.delete(
            [
                a
                for a in existing.filter(decision__isnull=True)
                if (position_of.get(a.notice_id), a.person_id) not in desired
            ]
        )
        desired = {
            key: {"round_id": round.pk, "notice_id": notice_pk[key[0]], **values}
            for key, values in desired.items()
        }
        return self.syncer.sync(
            Application, desired, lambda a: (position_of.get(a.notice_id), a.person_id), existing
        )

    # --- the open round ------------------------------------------------------------------

    def sync_open_round(self, round, ignore):
        found = proposals(round, self.today, ignore_rounds=ignore)
        found.sort(key=lambda p: (p.reason, p.available_from, p.position.pk))
        taken, chosen = dict.fromkeys(NOTICES, 0), []
        for proposal in found:
            if taken[proposal.reason] < NOTICES[proposal.reason]:
                taken[proposal.reason] += 1
                chosen.append(proposal)
        notice_pk = self.sync_notices(
            round,
            {
                p.position.pk: notice_values(
                    round.pk, p.position, p.reason, p.available_from, p.outgoing_posting
                )
                for p in chosen
            },
        )
        notices = (
            VacancyNotice.objects.filter(pk__in=list(notice_pk.values()))
            .select_related("round", "position__role")
            .order_by("available_from", "position_id")
        )
        self.sync_applications(round, notice_pk, self.candidates(notices))

    def sync_next_round(self, round):
        """The next season's round, in preparation: a few tours ending in its window."""
        found = [
            p
            for p in proposals(round, self.today, ignore_rounds=[round.pk])
            if p.reason == Reason.TOUR_ENDING
        ]
        found.sort(key=lambda p: (p.available_from, p.position.pk))
        self.sync_notices(
            round,
            {
                p.position.pk: notice_values(
                    round.pk, p.position, p.reason, p.available_from, p.outgoing_posting
                )
                for p in found[:NEXT_NOTICES]
            },
        )

    def candidates(self, notices):
        """{(position pk, person pk): values}: one to three eligible candidates per notice,
        each applying to at most MAX_APPLICATIONS notices, ranked in the order they apply."""
        today, rng = self.today, self.rng
        current = {p.person_id: p for p in Posting.objects.active_on(today).select_related("position")}
        planned = set(Posting.objects.planned(today).values_list("person_id", flat=True))
        people = list(
            Person.objects.filter(pk__in=list(current), rank__isnull=False)
            .exclude(pk__in=list(planned))
            .select_related("rank")
            .order_by("service_number")
        )
        labels = rank_labels()
        applied, chosen = {}, {}
        for notice in notices:
            eligible = [
                person
                for person in people
                if applied.get(person.pk, 0) < MAX_APPLICATIONS
                and not eligibility_problems(
                    person, notice, day=today, current=current.get(person.pk), planned=[], labels=labels
                )
            ]
            for person in rng.sample(eligible, min(len(eligible), rng.randint(1, 3))):
                applied[person.pk] = applied.get(person.pk, 0) + 1
                since = current[person.pk].start_date.year
                chosen[(notice.position_id, person.pk)] = {
                    "person_id": person.pk,
                    "preference": applied[person.pk],
                    "motivation": self.motivation(since, notice.position),
                    "available_from": notice.available_from,
                    "status": Application.Status.SUBMITTED,
                    "shortlisted": False,
                    "committee_rank": None,
                }
        return chosen

    def motivation(self, since, position):
        return self.rng.choice(MOTIVATIONS).format(since=since, theme=position.get_theme_display().lower())

    # --- last year's round, decided ------------------------------------------------------

    def sync_past_round(self, round):
        """Notices for postings abroad that began in the round's window, each decided for
        the person who holds it, with one other shortlisted candidate."""
        decided = list(
            Posting.objects.abroad()
            .filter(start_date__gte=round.postings_start, start_date__lte=round.postings_end)
            .filter(start_date__lte=self.today)
            .select_related("person", "position__role", "position__department__embassy__country")
            .select_related("position__section__country")
            .order_by("start_date", "pk")[:DECIDED_NOTICES]
        )
        earlier = {}
        for posting in Posting.objects.filter(position__in=[d.position_id for d in decided]).order_by(
            "start_date"
        ):
            earlier.setdefault(posting.position_id, []).append(posting)
        before = {
            d.position_id: next(
                (p for p in reversed(earlier[d.position_id]) if p.start_date < d.start_date), None
            )
            for d in decided
        }
        notice_pk = self.sync_notices(
            round,
            {
                d.position_id: notice_values(
                    round.pk, d.position, Reason.TOUR_ENDING, d.start_date, before.get(d.position_id)
                )
                for d in decided
            },
        )
        others = list(
            Person.objects.filter(rank__isnull=False)
            .exclude(pk__in=[d.person_id for d in decided])
            .order_by("service_number")
            .values_list("pk", "force")
        )
        applications, choices = {}, {}
        for posting in decided:
            for rank, person in enumerate(
                (posting.person_id, self.other_candidate(posting, others)), start=1
            ):
                choices[person] = choices.get(person, 0) + 1
                applications[(posting.position_id, person)] = {
                    "person_id": person,
                    "preference": choices[person],
                    "motivation": self.motivation(posting.start_date.year - 3, posting.position),
                    "available_from": posting.start_date,
                    "status": Application.Status.SUBMITTED,
                    "shortlisted": True,
                    "committee_rank": rank,
                }
        application_pk = self.sync_applications(round, notice_pk, applications)
        manager = self.users.get("demo-manager")
        position_of = {pk: position for position, pk in notice_pk.items()}
        self.syncer.sync(
            Decision,
            {
                posting.position_id: {
                    "round_id": round.pk,
                    "notice_id": notice_pk[posting.position_id],
                    "application_id": application_pk[(posting.position_id, posting.person_id)],
                    "person_id": posting.person_id,
                    "posting_id": posting.pk,
                    "grounds": GROUNDS,
                    "decided_by_id": manager.pk if manager else None,
                }
                for posting in decided
            },
            lambda d: position_of.get(d.notice_id),
            Decision.objects.filter(round=round),
        )

    def other_candidate(self, posting, others):
        accepted = [pk for pk, force in others if posting.position.accepts_force(force)]
        return accepted[(posting.pk * 7919) % len(accepted)]

    def sync_outbox(self, round):
        """The "round opened" e-mails the archived round sent to the demo logins."""
        sent = timezone.make_aware(datetime.datetime.combine(round.applications_open, datetime.time(9)))
        desired = {}
        for user in sorted(self.users.values(), key=lambda u: u.username):
            recipient = mail.recipient_of_user(user)
            if recipient is None:
                continue
            subject, body = mail.render(
                "round_opened",
                recipient[1],
                round=round,
                url=mail.absolute_url(round.get_absolute_url()),
            )
            desired[recipient[0]] = {
                "event": OutgoingMail.Event.ROUND_OPENED,
                "round_id": round.pk,
                "to": recipient[0],
                "language": recipient[1],
                "subject": subject,
                "body": body,
                "sent_at": sent,
                "attempts": 1,
            }
        self.syncer.sync(OutgoingMail, desired, lambda m: m.to, OutgoingMail.objects.filter(round=round))

    # --- the demo logins -------------------------------------------------------------------

    def sync_accounts(self, round):
        """The staff login to a candidate of the open `round` (it sees its own
        applications), the other logins to people in post in France."""
        users = self.users
        taken = set(Account.objects.exclude(user__in=users.values()).values_list("person_id", flat=True))
        candidate = (
            Application.objects.filter(round=round)
            .exclude(person_id__in=taken)
            .order_by("person__service_number")
            .values_list("person_id", flat=True)
            .first()
        )
        at_home = (
            Posting.objects.active_on(self.today)
            .in_france()
            .exclude(person_id__in=taken | {candidate})
            .order_by("person__service_number")
            .values_list("person_id", flat=True)
        )
        people = [candidate, *at_home[: len(DEMO_USERS) - 1]]
        desired = {
            username: {"user_id": users[username].pk, "person_id": person, "language": ""}
            for username, person in zip(DEMO_USERS, people, strict=False)
            if username in users
        }
        by_user = {user.pk: name for name, user in users.items()}
        self.syncer.sync(
            Account,
            desired,
            lambda a: by_user.get(a.user_id),
            Account.objects.filter(user__in=users.values()),
        )


def sync_rounds(syncer, today, seed):
    """Write the demo's rounds and accounts; returns the open round. Texts are written in
    English (and French where both are kept), whatever language is active."""
    with translation.override("en"):
        return RoundSyncer(syncer, today, seed).run()
