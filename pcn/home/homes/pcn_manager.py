"""A PCN manager's home: the network's to-do. Practices that have not answered (who does what,
services, proposed allocations, requests), rota solves finished and not yet published, ARRS
claims to make or submit, leave to decide, people without a team or a supervisor."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse

from pcn.allocation.models import Participation, Scenario, Service
from pcn.coordination import queries as coordination
from pcn.coordination.models import RequestAnswer
from pcn.core.years import label_month
from pcn.money.models import Claim
from pcn.rota.models import SolveRun
from pcn.workforce import belonging, census_match
from pcn.workforce.models import day_text

from .clinical_director import leave_to_decide
from .common import LIMIT, Item, ToDo, day, first


@dataclass
class ManagerHome:
    practices: list  # ToDo: what practices have not answered
    work: list  # ToDo: the PCN manager's own work

    @property
    def nothing_to_do(self):
        return not any(t.total for t in self.practices + self.work)


def home(user, network, today):
    work = [_rota(network), _claims(network, today)]
    if user.has_perm("workforce.decide_leave", network):
        work.append(leave_to_decide(network))
    if user.has_perm("workforce.view_register", network):
        work += _people(network, today)
    if user.has_perm("workforce.explain_census", network):
        work.append(_census(network, today))
    return ManagerHome(
        practices=[
            _requests(network, today),
            _matrix(network),
            _opt_ins(network),
            _scenarios(network),
        ],
        work=work,
    )


def _names(practices, total):
    names = ", ".join(p.name for p in practices)
    return names + (f" and {total - len(practices)} more" if total > len(practices) else "")


def _requests(network, today):
    waiting = Q(
        answers__status__in=[RequestAnswer.Status.WAITING, RequestAnswer.Status.ACKNOWLEDGED]
    )
    requests, total = first(
        network.practice_requests.filter(due__lt=today)
        .annotate(overdue=Count("answers", filter=waiting))
        .filter(overdue__gt=0)
        .order_by("due", "pk")
    )
    items = [
        Item(
            text=r.title,
            href=reverse("coordination:request", args=[r.pk]),
            detail=f"Needed by {day(r.due)}; {r.overdue} "
            f"{'practice has' if r.overdue == 1 else 'practices have'} not answered",
            overdue=True,
        )
        for r in requests
    ]
    return ToDo(
        "requests",
        "Requests overdue at practices",
        items,
        total,
        reverse("coordination:requests"),
        "See every request",
    )


def _matrix(network):
    version = coordination.proposed_matrix(network)
    items = []
    if version is not None:
        silent, total = first(
            network.practices.exclude(pk__in=version.answers.values("practice_id")).order_by("name")
        )
        objecting = version.answers.filter(agrees=False).count()
        if total or objecting:
            detail = (
                f"Not answered: {_names(silent, total)}" if total else "Every practice answered"
            )
            if objecting:
                detail += (
                    f"; {objecting} {'practice objects' if objecting == 1 else 'practices object'}"
                )
            items.append(
                Item(
                    text=f"Who does what, version {version.number}",
                    href=reverse("coordination:matrix_version", args=[version.pk]),
                    detail=detail,
                )
            )
    return ToDo("matrix", "Who does what: practices to agree", items, len(items))


def _opt_ins(network):
    unanswered = Service.objects.filter(network=network).exclude(
        Exists(
            Participation.objects.filter(service=OuterRef("pk"), practice=OuterRef(OuterRef("pk")))
        )
    )
    silent, total = first(network.practices.filter(Exists(unanswered)).order_by("name"))
    items = []
    if total:
        items.append(
            Item(
                text="Which services each practice takes part in",
                href=reverse("allocation:allocation"),
                detail=f"Not answered: {_names(silent, total)}",
            )
        )
    return ToDo("opt-ins", "Services: practices to answer", items, len(items))


def _scenarios(network):
    practices = network.practices.count()
    scenarios, total = first(
        network.scenarios.filter(status=Scenario.Status.DRAFT)
        .annotate(answered=Count("responses__practice", distinct=True))
        .filter(answered__lt=practices)
        .order_by("-created_at", "-pk")
    )
    items = [
        Item(
            text=s.name,
            href=reverse("allocation:scenario", args=[s.pk]),
            detail=(
                f"None of the {practices} practices has answered yet"
                if not s.answered
                else f"{practices - s.answered} of {practices} practices have not answered"
            ),
        )
        for s in scenarios
    ]
    return ToDo(
        "scenarios",
        "Proposed allocations: practices to answer",
        items,
        total,
        reverse("allocation:scenarios"),
        "See every scenario",
    )


def _rota(network):
    """Draft plans whose latest solve finished with a rota: ready to look at and publish."""
    latest = SolveRun.objects.filter(plan=OuterRef("pk")).order_by("-queued_at", "-pk")
    plans, total = first(
        network.rota_plans.filter(status="draft")
        .annotate(latest_status=Subquery(latest.values("status")[:1]))
        .filter(latest_status=SolveRun.Status.DONE)
        .order_by("start", "pk")
    )
    items = [
        Item(
            text=f"{plan}: look at it and publish",
            href=reverse("rota:plan", args=[plan.pk]),
            detail="The optimiser has finished",
        )
        for plan in plans
    ]
    return ToDo(
        "rota", "Rotas ready to publish", items, total, reverse("rota:plans"), "See every rota"
    )


def _claims(network, today):
    """Draft claims to submit, and months with pay entered that nobody has claimed yet."""
    drafts, draft_count = first(network.claims.filter(status=Claim.Status.DRAFT).order_by("month"))
    unclaimed, unclaimed_count = first(
        network.salary_lines.exclude(month__in=network.claims.values("month"))
        .order_by("month")
        .values_list("month", flat=True)
        .distinct()
    )
    items = [
        Item(
            text=f"{claim}: check its lines and submit it",
            href=reverse("money:claim", args=[claim.pk]),
            detail="Started, not yet submitted",
        )
        for claim in drafts
    ] + [
        Item(
            text=f"Claim for {label_month(month)}",
            href=reverse("money:claims"),
            detail="Pay is entered; no claim started",
        )
        for month in unclaimed
    ]
    return ToDo(
        "claims",
        "ARRS claims due",
        items[:LIMIT],
        draft_count + unclaimed_count,
        reverse("money:claims"),
        "See every claim",
    )


def _people(network, today):
    in_post = belonging.in_post(network, today)
    no_team, without_team = first(in_post.filter(teams__isnull=True).order_by("full_name", "pk"))
    no_supervisor, without_supervisor = first(
        in_post.filter(supervisor__isnull=True, external_supervisor="").order_by("full_name", "pk")
    )

    def person(p, detail):
        return Item(text=p.full_name, href=reverse("workforce:person", args=[p.pk]), detail=detail)

    return [
        ToDo(
            "no-team",
            "People without a team",
            [person(p, "Not in any team") for p in no_team],
            without_team,
            reverse("workforce:teams"),
            "See the teams",
        ),
        ToDo(
            "no-supervisor",
            "People without a supervisor",
            [person(p, "No clinical supervisor named") for p in no_supervisor],
            without_supervisor,
            reverse("workforce:belonging"),
            "See everyone's belonging",
        ),
    ]


def _census(network, today):
    """Differences between the register and the latest NHS census nobody has explained: one
    comparison, a fixed number of queries however many people."""
    found = census_match.reconcile(network, today)
    items = []
    if found.unexplained:
        parts = [
            (len(found.open(census_match.ONLY_IN_REGISTER)), "only in the register"),
            (len(found.open(census_match.ONLY_IN_CENSUS)), "only in the census"),
            (len(found.open(census_match.DIFFERENCE)), "FTE, role or date differences"),
        ]
        items.append(
            Item(
                text=f"Check the register against the NHS census of {day_text(found.census_date)}",
                href=reverse("workforce:census"),
                detail="Not explained: "
                + "; ".join(f"{count} {words}" for count, words in parts if count),
            )
        )
    return ToDo("census", "Register and the NHS census", items, len(items))
