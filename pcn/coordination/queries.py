"""Reads and page presenters for coordination. Every read starts from the network."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from pcn.core.roles import managed_practice_ids

from . import matrix
from .models import ActionItem, MatrixVersion, PracticeRequest, RequestAnswer

# The matrix ------------------------------------------------------------------------------


def agreed_matrix(network):
    return (
        network.matrix_versions.filter(status=MatrixVersion.Status.AGREED)
        .select_related("agreed_by")
        .first()
    )


def proposed_matrix(network):
    return network.matrix_versions.filter(status=MatrixVersion.Status.PROPOSED).first()


def latest_matrix(network):
    """The version a new proposal starts from: the open proposal, else the agreed one."""
    return proposed_matrix(network) or agreed_matrix(network)


def previous_agreed(version):
    """The agreed (or since superseded) version before `version`, to compare with."""
    return (
        version.network.matrix_versions.filter(
            number__lt=version.number,
            status__in=[MatrixVersion.Status.AGREED, MatrixVersion.Status.SUPERSEDED],
        )
        .order_by("-number")
        .first()
    )


@dataclass
class PracticeAnswer:
    practice: object
    answer: object  # MatrixAnswer or None: not answered yet


def answers_by_practice(version):
    answers = {a.practice_id: a for a in version.answers.select_related("answered_by")}
    return [PracticeAnswer(p, answers.get(p.pk)) for p in version.network.practices.all()]


def changes_since_agreed(version):
    previous = previous_agreed(version)
    return previous, (matrix.diff(previous.rows, version.rows) if previous else [])


# Requests --------------------------------------------------------------------------------


@dataclass
class RequestRow:
    request: PracticeRequest
    answers: list
    today: object

    @property
    def overdue(self):
        return [a for a in self.answers if a.is_overdue(self.today)]

    @property
    def outstanding(self):
        return [a for a in self.answers if a.is_outstanding]

    @property
    def closed(self):
        return not self.outstanding


def _with_answers(requests):
    return requests.prefetch_related(
        Prefetch(
            "answers",
            queryset=RequestAnswer.objects.select_related("practice", "answered_by", "request"),
        )
    ).select_related("sent_by")


def request_board(network, today=None):
    """Every request with every practice's status; open ones first, soonest due first."""
    today = today or timezone.localdate()
    rows = [
        RequestRow(r, list(r.answers.all()), today)
        for r in _with_answers(network.practice_requests.all())
    ]
    return sorted(rows, key=lambda row: (row.closed, row.request.due, -row.request.pk))


def request_row(practice_request, today=None):
    today = today or timezone.localdate()
    return RequestRow(practice_request, list(practice_request.answers.all()), today)


@dataclass
class Inbox:
    outstanding: list = field(default_factory=list)  # RequestAnswer, overdue first
    answered: list = field(default_factory=list)
    today: object = None

    @property
    def overdue(self):
        return [a for a in self.outstanding if a.is_overdue(self.today)]


def inbox(user, network, today=None):
    """What is asked of the practices this person manages."""
    today = today or timezone.localdate()
    mine = managed_practice_ids(user, network.pk)
    answers = (
        RequestAnswer.objects.filter(request__network=network, practice_id__in=mine)
        .select_related("request", "practice", "request__sent_by")
        .order_by("request__due", "practice__name")
    )
    box = Inbox(today=today)
    for answer in answers:
        (box.outstanding if answer.is_outstanding else box.answered).append(answer)
    box.answered.sort(key=lambda a: a.answered_at or a.request.sent_at, reverse=True)
    return box


def requests_of_practices(network, practice_ids):
    return [
        row
        for row in request_board(network)
        if any(a.practice_id in practice_ids for a in row.answers)
    ]


# Meetings and actions --------------------------------------------------------------------


def meetings(network):
    return network.meetings.prefetch_related("decisions", "action_items").select_related(
        "created_by"
    )


def action_tracker(network, *, status="", owner_id=None, meeting_id=None, today=None):
    today = today or timezone.localdate()
    items = network.action_items.select_related("owner", "meeting")
    if meeting_id:
        items = items.filter(meeting_id=meeting_id)
    if status == "outstanding":
        items = items.exclude(status=ActionItem.Status.DONE)
    elif status:
        items = items.filter(status=status)
    if owner_id:
        items = items.filter(owner_id=owner_id)
    items = list(items)
    for item in items:
        item.overdue = item.is_overdue(today)
    return sorted(items, key=lambda i: (i.status == ActionItem.Status.DONE, i.due, i.pk))


def network_people(network):
    """Members of the network, each once, by name, with what they do here (`described`): for
    choosing owners, attendees and who agreed."""
    from pcn.core.models import Membership

    people = {}
    for membership in (
        Membership.objects.filter(network=network)
        .select_related("user", "practice")
        .order_by("user__full_name", "user__email", "role")
    ):
        user = people.setdefault(membership.user_id, membership.user)
        roles = user.__dict__.setdefault("_roles_here", [])
        roles.append(str(membership))
    for user in people.values():
        user.described = f"{user.full_name or user.email} – {', '.join(user._roles_here)}"
    return list(people.values())


@dataclass
class OverviewPanel:
    announcements: list
    feed: list


def overview_panel(network, user):
    """The overview's latest announcements and what the network did recently."""
    from . import feed

    return OverviewPanel(
        announcements=list(network.announcements.select_related("posted_by")[:2]),
        feed=feed.recent(network, user),
    )
