"""Batched readers for the ICB page: each figure for every network of the ICB in one query (or
a fixed few), so the page asks the database as often for forty networks as for two.

Each reader answers {network pk: figure} and counts the same things as the network's own page
(tests/home/test_icb.py compares them on the demo network)."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum

from pcn.allocation.models import Participation, Scenario, Service
from pcn.coordination.models import MatrixVersion, RequestAnswer
from pcn.networks.models import Basis, PopulationKind, Practice, PracticePopulation
from pcn.networks.populations import figure_in_use
from pcn.reference.models import ArrsRole
from pcn.reference.queries import current_financial_year
from pcn.rota.models import Assignment
from pcn.workforce.models import NetworkRoleFigure, StaffMember, SupervisionSession
from pcn.workforce.supervision import CADENCE_FIELD

PER = 10_000  # staff per 10,000 registered patients
NO_ROLE = ""  # FTE in no ARRS role: register staff without one, census directors and admin


def in_post(ids, today):
    """Everyone in post in these networks, as the register counts them (belonging.in_post):
    named, not a draft, not yet left."""
    return StaffMember.objects.filter(network_id__in=ids, is_draft=False).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def fte_by_role(ids, today):
    """{network pk: {role code: FTE}} of the people in post ("" for no ARRS role). One query."""
    result = defaultdict(dict)
    for network_id, role_code, wte in (
        in_post(ids, today)
        .values("network_id", "role_code")
        .annotate(wte=Sum("wte"))
        .values_list("network_id", "role_code", "wte")
    ):
        result[network_id][role_code] = Decimal(wte or 0).quantize(Decimal("0.01"))
    return result


@dataclass(frozen=True)
class Figure:
    """What figure_in_use reads of a PracticePopulation, without making the whole record."""

    as_at: date
    kind: str
    value: int

    @property
    def is_estimate(self):
        return self.kind == PopulationKind.ESTIMATE


class Registered:
    """A network's registered patients: the latest figure held for each practice, with the
    dates they are at, and whether every practice has one (as the overview adds them up)."""

    def __init__(self):
        self.total = 0
        self.dates = set()
        self.practices = 0
        self.known = 0
        self.estimates = False

    @property
    def complete(self):
        return self.practices > 0 and self.known == self.practices

    @property
    def date_range(self):
        return (min(self.dates), max(self.dates)) if self.dates else None


def registered(ids):
    """{network pk: Registered}. Two queries: the practices and their registered figures."""
    practices = dict(Practice.objects.filter(network_id__in=ids).values_list("pk", "network_id"))
    # Only each practice's latest date can hold the figure in use: the kinds at that date are
    # chosen between as figure_in_use does.
    latest = (
        PracticePopulation.objects.filter(practice=OuterRef("practice"), basis=Basis.REGISTERED)
        .order_by("-as_at")
        .values("as_at")[:1]
    )
    held = defaultdict(list)
    for practice_id, *fields in PracticePopulation.objects.filter(
        practice__network_id__in=ids, basis=Basis.REGISTERED, as_at=Subquery(latest)
    ).values_list("practice_id", "as_at", "kind", "value"):
        held[practice_id].append(Figure(*fields))
    result = {pk: Registered() for pk in ids}
    for practice_id, network_id in practices.items():
        row = result[network_id]
        row.practices += 1
        figure = figure_in_use(held.get(practice_id, []))
        if figure is not None:
            row.known += 1
            row.total += figure.value
            row.dates.add(figure.as_at)
            row.estimates = row.estimates or figure.is_estimate
    return result


def per_10k(fte, patients):
    if not patients:
        return None
    return (Decimal(fte) * PER / Decimal(patients)).quantize(Decimal("0.01"))


def supervision_overdue(ids, today):
    """{network pk: people in post whose clinical supervision is overdue}, by the rules of
    workforce.supervision.due_dates (the role's cadence, the network's own figure winning).
    Four queries."""
    year = current_financial_year(today)
    shipped = dict(
        ArrsRole.objects.filter(year=year, supervision_every_days__isnull=False).values_list(
            "code", "supervision_every_days"
        )
    )
    entered = defaultdict(dict)
    for network_id, code, value in NetworkRoleFigure.objects.filter(
        network_id__in=ids, field=CADENCE_FIELD, role__year=year
    ).values_list("network_id", "role__code", "value"):
        entered[network_id][code] = int(value)
    people = list(in_post(ids, today).values_list("pk", "network_id", "role_code", "start_date"))
    last = dict(
        SupervisionSession.objects.filter(staff__in=in_post(ids, today))
        .exclude(kind=SupervisionSession.Kind.LINE)
        .values("staff")
        .annotate(last=Max("date"))
        .values_list("staff", "last")
    )
    overdue = Counter()
    for pk, network_id, role_code, start in people:
        days = entered[network_id].get(role_code, shipped.get(role_code))
        if days is None:
            continue
        latest = last.get(pk)
        if latest is not None:
            due = latest + timedelta(days=days)
        elif start is not None:
            due = start + timedelta(days=days)
        else:
            due = today
        if due < today:
            overdue[network_id] += 1
    return overdue


def rota_coverage(ids, weeks):
    """{network pk: {monday: sessions at practices in the published rota}} for the weeks from
    each Monday in `weeks`, one published rota a week (Assignment.in_force). One query."""
    first, last = min(weeks), max(weeks) + timedelta(days=6)
    found = defaultdict(Counter)
    for network_id, day, count in (
        Assignment.objects.in_force()
        .filter(plan__network_id__in=ids, day__range=(first, last), practice__isnull=False)
        .values("plan__network_id", "day")
        .annotate(n=Count("pk"))
        .values_list("plan__network_id", "day", "n")
    ):
        found[network_id][day - timedelta(days=day.weekday())] += count
    return found


def agreed_sessions(ids):
    """{network pk: (the agreed allocation's name, its sessions a week at practices)}. One
    query."""
    result = {}
    for network_id, name, outcome in (
        Scenario.objects.filter(network_id__in=ids, status=Scenario.Status.AGREED)
        .order_by("network_id", "-agreed_at", "-pk")
        .values_list("network_id", "name", "result")
    ):
        if network_id in result:
            continue
        sessions = sum(
            row.get("allocated", 0)
            for service in (outcome or {}).get("services", [])
            for row in service.get("practices", [])
        )
        result[network_id] = (name, sessions)
    return result


def answers_outstanding(ids, today):
    """{network pk: {what: count}} of practices' answers outstanding, as the PCN manager's home
    lists them: request answers overdue, practices yet to answer the proposed "who does what",
    practices yet to say which services they take part in, and practices' answers missing on
    proposed allocations. Six queries."""
    practices = Counter(
        dict(
            Practice.objects.filter(network_id__in=ids)
            .values("network_id")
            .annotate(n=Count("pk"))
            .values_list("network_id", "n")
        )
    )
    requests = Counter(
        dict(
            RequestAnswer.objects.filter(
                request__network_id__in=ids,
                request__due__lt=today,
                status__in=[RequestAnswer.Status.WAITING, RequestAnswer.Status.ACKNOWLEDGED],
            )
            .values("request__network_id")
            .annotate(n=Count("pk"))
            .values_list("request__network_id", "n")
        )
    )
    # The open proposal of each network: the newest, as coordination.proposed_matrix finds it.
    proposals = {}
    for network_id, version_id in (
        MatrixVersion.objects.filter(network_id__in=ids, status=MatrixVersion.Status.PROPOSED)
        .order_by("network_id", "-number")
        .values_list("network_id", "pk")
    ):
        proposals.setdefault(network_id, version_id)
    answered = Counter(
        dict(
            MatrixVersion.objects.filter(pk__in=list(proposals.values()))
            .annotate(n=Count("answers__practice", distinct=True))
            .values_list("network_id", "n")
        )
    )
    unanswered_service = Service.objects.filter(network_id=OuterRef("network_id")).exclude(
        Exists(
            Participation.objects.filter(service=OuterRef("pk"), practice=OuterRef(OuterRef("pk")))
        )
    )
    opt_ins = Counter(
        dict(
            Practice.objects.filter(network_id__in=ids)
            .filter(Exists(unanswered_service))
            .values("network_id")
            .annotate(n=Count("pk"))
            .values_list("network_id", "n")
        )
    )
    scenarios = Counter()
    for network_id, responded in (
        Scenario.objects.filter(network_id__in=ids, status=Scenario.Status.DRAFT)
        .annotate(n=Count("responses__practice", distinct=True))
        .values_list("network_id", "n")
    ):
        scenarios[network_id] += max(0, practices[network_id] - responded)
    return {
        pk: {
            "requests": requests[pk],
            "matrix": (practices[pk] - answered[pk]) if pk in proposals else 0,
            "opt_ins": opt_ins[pk],
            "allocations": scenarios[pk],
        }
        for pk in ids
    }
