"""The weekly digest: one email per person per network, of what matters to them this week.

Each section is a function `(user, network, since) -> Section or None`: None when there is
nothing for this person, or when they may not see it. A digest with no sections is not sent.
`SECTIONS` is the order they appear in; a new kind of news is one function and one line there.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pcn.core.models import Role
from pcn.core.roles import has_network_role, managed_practice_ids

from . import actions, anonymity, queries
from .models import Concern, Decision, DigestPreference

SOON_DAYS = 7  # requests and actions due within a week are worth a reminder
UNSUBSCRIBE_SALT = "coordination.digest.unsubscribe"


@dataclass
class Section:
    title: str
    lines: list
    link: str  # a path on the site; the email makes it absolute


def _per_network(compute, network):
    """`compute(network)` once per network object: the network-wide facts (who is at risk of
    isolation, unspent money) are the same for every recipient of one run's digests, and
    send_network holds one network object for the run."""
    memo = network.__dict__.setdefault("_digest_facts", {})
    if compute not in memo:
        memo[compute] = compute(network)
    return memo[compute]


def _today():
    return timezone.localdate()


def requests_due(user, network, since):
    today = _today()
    if managed_practice_ids(user, network.pk):
        box = queries.inbox(user, network, today)
        due = [a for a in box.outstanding if a.request.due <= today + timedelta(days=SOON_DAYS)]
        if not due:
            return None
        lines = [
            f"{'OVERDUE: ' if a.is_overdue(today) else ''}{a.request.title} "
            f"({a.practice.name}), needed by {a.request.due:%-d %B}"
            for a in due
        ]
        return Section("Requests to answer", lines, reverse("coordination:requests"))
    if user.has_perm("coordination.view_all_requests", network):
        late = [row for row in queries.request_board(network, today) if row.overdue]
        if not late:
            return None
        lines = [
            f"{row.request.title}: overdue from {', '.join(a.practice.name for a in row.overdue)}"
            for row in late
        ]
        return Section("Overdue answers from practices", lines, reverse("coordination:requests"))
    return None


def matrix_to_agree(user, network, since):
    proposal = queries.proposed_matrix(network)
    if proposal is None:
        return None
    answers = queries.answers_by_practice(proposal)
    link = reverse("coordination:matrix_version", args=[proposal.pk])
    mine = managed_practice_ids(user, network.pk)
    waiting = [a.practice.name for a in answers if a.practice.pk in mine and a.answer is None]
    if waiting:
        return Section(
            "Who does what: your agreement is asked",
            [f"Version {proposal.number} waits for {', '.join(waiting)} to agree or object."],
            link,
        )
    if user.has_perm("coordination.propose_matrix", network):
        agreed = sum(1 for a in answers if a.answer and a.answer.agrees)
        objections = [a.practice.name for a in answers if a.answer and not a.answer.agrees]
        lines = [f"Version {proposal.number}: {agreed} of {len(answers)} practices agree."]
        if objections:
            lines.append(f"Objections from {', '.join(objections)}.")
        return Section("Who does what", lines, link)
    return None


def my_actions(user, network, since):
    today = _today()
    items = [
        i
        for i in queries.action_tracker(network, status="outstanding", owner_id=user.pk)
        if i.due <= today + timedelta(days=SOON_DAYS)
    ]
    if not items:
        return None
    lines = [
        f"{'OVERDUE: ' if i.overdue else ''}{i.description}, due {i.due:%-d %B}" for i in items
    ]
    return Section("Your actions due", lines, reverse("coordination:actions") + "?owner=me")


def decisions(user, network, since):
    if not user.has_perm("coordination.view_meetings", network):
        return None
    made = Decision.objects.filter(network=network, recorded_at__gte=since).select_related(
        "meeting"
    )
    if not made:
        return None
    return Section(
        "Decisions",
        [f"{d.meeting.title}: {d.text}" for d in made],
        reverse("coordination:meetings"),
    )


def announcements(user, network, since):
    posted = network.announcements.filter(posted_at__gte=since)
    if not posted:
        return None
    return Section("Announcements", [f"{a.title}: {a.body}" for a in posted], "/")


def rota_published(user, network, since):
    if not (
        user.has_perm("rota.view_rotas", network)
        or user.has_perm("workforce.view_my_work", network)
    ):
        return None
    plans = network.rota_plans.filter(status="published", published_at__gte=since)
    if not plans:
        return None
    link = (
        reverse("rota:plans")
        if user.has_perm("rota.view_rotas", network)
        else reverse("home:my_work")
    )
    return Section("Rota published", [f"{p} is published." for p in plans], link)


def isolation_alerts(user, network, since):
    if not user.has_perm("workforce.view_belonging", network):
        return None
    from pcn.workforce import belonging

    high = [p for p in _per_network(belonging.profiles, network) if p.severity == "High"]
    if not high:
        return None
    lines = [f"{p.person.full_name}: {'; '.join(p.reasons)}" for p in high[:5]]
    if len(high) > 5:
        lines.append(f"and {len(high) - 5} more.")
    return Section("People at high risk of isolation", lines, reverse("workforce:belonging"))


def supervision_alerts(user, network, since):
    if not user.has_perm("workforce.view_overdue_supervision", network):
        return None
    from pcn.workforce import belonging, supervision
    from pcn.workforce.identity import my_supervisees

    people = belonging.active_people(network)
    if not has_network_role(user, network.pk, Role.PCN_MANAGER):
        people = [p for p in people if p.pk in my_supervisees(user, network.pk)]
    overdue = supervision.overdue_list(network, people).overdue
    if not overdue:
        return None
    lines = [
        f"{d.person.full_name}: overdue by {d.overdue_roughly or f'{d.days_overdue} days'}"
        for d in overdue[:5]
    ]
    if len(overdue) > 5:
        lines.append(f"and {len(overdue) - 5} more.")
    return Section("Supervision overdue", lines, reverse("workforce:overdue_supervision"))


def concerns(user, network, since):
    if user.has_perm("coordination.respond_concern", network):
        waiting = network.concerns.exclude(status=Concern.Status.ANSWERED)
        if not waiting:
            return None
        return Section(
            "Concerns waiting for a response",
            [c.subject for c in waiting],
            reverse("coordination:concerns"),
        )
    answered = network.concerns.filter(
        Q(raised_by=user, anonymous=False) | Q(pk__in=anonymity.mine(user, network.concerns.all())),
        responded_at__gte=since,
    )
    if not answered:
        return None
    return Section(
        "Responses to your concerns",
        [f"{c.subject}: {c.response}" for c in answered],
        reverse("coordination:concerns"),
    )


def shared_purpose(user, network, since):
    from pcn.purpose.digest import section

    return section(user, network, since)


def unspent_money(user, network, since):
    """Every week until it is fixed: ARRS money not claimed by 31 March is lost."""
    if not user.has_perm("money.view_totals", network):
        return None
    from pcn.money.queries import unspent_money_warning

    warning = _per_network(unspent_money_warning, network)
    if warning is None:
        return None
    return Section("Money at risk", [warning], reverse("money:forecast"))


SECTIONS = [
    requests_due,
    matrix_to_agree,
    my_actions,
    decisions,
    announcements,
    shared_purpose,
    rota_published,
    isolation_alerts,
    supervision_alerts,
    unspent_money,
    concerns,
]


def sections(user, network, since):
    return [s for s in (section(user, network, since) for section in SECTIONS) if s is not None]


def unsubscribe_token(user, network):
    return signing.dumps({"u": user.pk, "n": network.pk}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(user id, network id), or None for a token that was not ours or was altered. No expiry:
    the link in a year-old email must still stop the emails."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data["u"], data["n"]


def recipients(network):
    """Each active member once, with their preference (None: never changed, so subscribed)."""
    from pcn.core.models import User

    preferences = {p.user_id: p for p in DigestPreference.objects.filter(network=network)}
    people = User.objects.filter(memberships__network=network, is_active=True).distinct()
    return [
        (user, preferences.get(user.pk))
        for user in people.order_by("pk")
        if preferences.get(user.pk) is None or preferences[user.pk].subscribed
    ]


def send(user, network, since, now=None):
    """Email one person their digest if there is anything in it; True if sent."""
    found = sections(user, network, since)
    if not found:
        return False
    site = settings.SITE_URL.rstrip("/")
    unsubscribe = site + reverse(
        "coordination:unsubscribe", args=[unsubscribe_token(user, network)]
    )
    context = {
        "user": user,
        "network": network,
        "sections": found,
        "site": site,
        "unsubscribe_url": unsubscribe,
    }
    message = EmailMultiAlternatives(
        subject=f"This week in {network.name}: {len(found)} thing{'s' if len(found) != 1 else ''} for you",
        body=render_to_string("coordination/email/digest.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    actions.announcements.record_digest_sent(user=user, network=network, at=now or timezone.now())
    return True


def send_network(network, now=None):
    now = now or timezone.now()
    sent = 0
    for user, preference in recipients(network):
        since = (preference.last_sent_at if preference and preference.last_sent_at else None) or (
            now - timedelta(days=7)
        )
        sent += send(user, network, since, now=now)
    return sent


def send_all(pcn_code=None, now=None):
    from pcn.networks.models import Network

    networks = Network.objects.all()
    if pcn_code:
        networks = networks.filter(pcn_code=pcn_code.upper())
    return {network.pcn_code: send_network(network, now=now) for network in networks}
