"""Reads of the shared purpose: the version in force, a draft, each priority with its progress,
whether the viewer's service contributes, and the compact panel the home pages show."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from pcn.core.roles import managed_practice_ids

from .models import PriorityTerms, ProgressUpdate, PurposeVersion

Status = PurposeVersion.Status


def agreed(network):
    return network.purpose_versions.filter(status=Status.AGREED).first()


def proposed(network):
    return network.purpose_versions.filter(status=Status.PROPOSED).first()


def latest(network):
    """The version a new draft starts from: the newest that was not replaced before agreement."""
    return network.purpose_versions.exclude(status=Status.WITHDRAWN).first()


def my_service_ids(user, network):
    """The services the viewer delivers, from their register record(s) in this network."""
    from pcn.allocation.capacity import deliverable_services

    if not user.is_authenticated:
        return set()
    today = timezone.localdate()
    people = network.staff.filter(user=user, is_draft=False).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    services = list(network.services.all())
    return {s.pk for person in people for s in deliverable_services(person, services)}


@dataclass
class PriorityRow:
    terms: PriorityTerms
    services: list
    progress: list  # newest first
    contributes: bool  # one of the viewer's services is involved
    can_add_progress: bool = False

    @property
    def latest(self):
        return self.progress[0] if self.progress else None


def priorities(version, user, *, with_progress=True):
    """The version's priorities, in order, as the viewer sees them."""
    if version is None:
        return []
    mine = my_service_ids(user, version.network)
    terms = version.priorities.select_related("owner", "priority").prefetch_related("services")
    if with_progress:
        terms = terms.prefetch_related(
            Prefetch(
                "priority__progress",
                queryset=ProgressUpdate.objects.select_related("added_by"),
            )
        )
    rows = []
    for t in terms:
        services = list(t.services.all())
        rows.append(
            PriorityRow(
                terms=t,
                services=services,
                progress=list(t.priority.progress.all()) if with_progress else [],
                contributes=any(s.pk in mine for s in services),
                can_add_progress=version.status == Status.AGREED
                and user.has_perm("purpose.add_progress", t.priority),
            )
        )
    return rows


@dataclass
class AnswerRow:
    practice: object
    answer: object  # PurposeAnswer or None


def answers_by_practice(version):
    answers = {a.practice_id: a for a in version.answers.select_related("answered_by")}
    return [AnswerRow(p, answers.get(p.pk)) for p in version.network.practices.order_by("name")]


def changes(version):
    """What this version changes from the version in force before it: plain lines."""
    before = version.network.purpose_versions.filter(
        number__lt=version.number, status__in=[Status.AGREED, Status.SUPERSEDED]
    ).first()
    if before is None:
        return None, []
    found = []
    if before.statement != version.statement:
        found.append("The purpose is reworded.")
    if before.values != version.values:
        found.append("The values change.")
    if before.year != version.year:
        found.append(f"The priorities are for {version.year} (were {before.year}).")
    old = {t.priority_id: t for t in before.priorities.select_related("owner")}
    new = {t.priority_id: t for t in version.priorities.select_related("owner")}
    for pid, t in new.items():
        if pid not in old:
            found.append(f"Priority added: {t.title}.")
            continue
        o = old[pid]
        if o.title != t.title:
            found.append(f"{o.title} is now called {t.title}.")
        if o.owner_id != t.owner_id:
            found.append(f"{t.title}: owner {o.owner.full_name} → {t.owner.full_name}.")
        if (o.measure, o.target, o.unit) != (t.measure, t.target, t.unit):
            found.append(f"{t.title}: the measure changes.")
        if set(o.services.values_list("pk", flat=True)) != set(
            t.services.values_list("pk", flat=True)
        ):
            found.append(f"{t.title}: the services involved change.")
    found += [f"Priority removed: {o.title}." for pid, o in old.items() if pid not in new]
    return before, found


@dataclass
class Panel:
    version: object  # the agreed version, or None
    rows: list = field(default_factory=list)
    draft: object = None  # a draft waiting for the viewer's practice, or for the leadership
    waiting_for: list = field(default_factory=list)  # the viewer's practices not answered
    contributes: int = 0


def panel(network, user):
    """The compact panel for a home page: the purpose, each priority with its latest progress,
    which of them the viewer's service contributes to, and a draft waiting for them."""
    version = agreed(network)
    rows = priorities(version, user)
    draft = proposed(network)
    waiting = []
    if draft is not None:
        mine = managed_practice_ids(user, network.pk)
        answered = set(draft.answers.values_list("practice_id", flat=True))
        waiting = [
            p for p in network.practices.order_by("name") if p.pk in mine and p.pk not in answered
        ]
        if not waiting and not user.has_perm("purpose.agree_purpose", network):
            draft = None
    return Panel(
        version=version,
        rows=rows,
        draft=draft,
        waiting_for=waiting,
        contributes=sum(1 for r in rows if r.contributes),
    )
