"""The recruitment planner as the PCN manager and the clinical director use it: the plan, its
reasons and score, pinning and ruling out, the refusals, the planned posts on the forecast, the
CSV and the command's contract."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from pcn.core.models import AuditEntry
from pcn.core.refusals import ActionRefused
from pcn.money import actions as money
from pcn.money.claims import profile_of
from pcn.money.queries import forecast_for
from pcn.planning import problems
from pcn.planning.queries import plan
from tests import clock
from tests.conftest import signed_in, text

PLAN = reverse("planning:plan")
ADD = reverse("planning:add_to_forecast")


def get_plan(client, **params):
    response = client.get(PLAN, params)
    assert response.status_code == 200
    return response, response.context["plan"]


def test_the_plan_keeps_within_both_limits_and_says_why_for_every_post(demo):
    response, result = get_plan(signed_in(demo.user("PCN manager")))
    inputs = result.inputs
    assert result.rows, "the demo network has headroom for some posts"
    assert result.cost_this_year <= inputs.headroom
    assert result.cost_full_year <= inputs.next_room
    assert all(row.start > clock.TODAY and row.start <= date(2027, 3, 1) for row in result.rows)
    page = text(response)
    for row in result.rows:
        assert row.why.startswith(row.name) and "a full year" in row.why
        assert row.why in page
    # The score, term by term, adds up to the total shown.
    terms = result.explanation.terms
    assert [t.title for t in terms] == [
        "Headroom used this year",
        "Towards the median of similar PCNs",
        "Unmet demand covered",
        "Number of posts",
    ]
    assert sum(t.points for t in terms) == result.explanation.total
    assert "How the planner chose" in page and "No plan within them scores higher" in page


def test_the_default_headroom_is_this_years_unspent_plus_next_years_room(demo):
    inputs = problems.gather(demo.network, today=clock.TODAY)
    forecast, _, _ = forecast_for(demo.network, today=clock.TODAY)
    assert inputs.unspent == forecast.unspent
    assert inputs.next_room == inputs.next_entitlement - inputs.committed_next
    assert inputs.default_headroom == inputs.unspent + max(inputs.next_room, 0)
    assert inputs.months == (
        date(2026, 12, 1),
        date(2027, 1, 1),
        date(2027, 2, 1),
        date(2027, 3, 1),
    )


def test_unmet_demand_in_the_agreed_allocation_gives_a_reason(demo):
    inputs = problems.gather(demo.network, today=clock.TODAY)
    unmet = problems.unmet_by_service(inputs.agreed)
    assert unmet, "the demo's agreed allocation leaves some demand unmet"
    service, sessions = next(iter(unmet.items()))
    roles = [r for r in inputs.roles if any(name == service for name, _ in r.unmet_services)]
    assert roles
    note = problems.demand_note(roles[0], inputs)
    assert f"{sessions:.1f} sessions a week of {service.lower()}" in note


def test_roles_below_similar_pcns_come_first_and_say_by_how_much(demo, monkeypatch):
    comparison = problems.Comparison(
        shortfall={"pharmacy-technician": Decimal("1.5")},
        median={"pharmacy-technician": Decimal("0.5")},
        patients=120_000,
        census_date=date(2026, 6, 30),
        similar=30,
    )
    monkeypatch.setattr(problems, "shortfalls", lambda network, fte: (comparison, ""))
    result = plan(demo.network, today=clock.TODAY)
    technicians = [r for r in result.rows if r.role == "pharmacy-technician"]
    assert sum(r.wte for r in technicians) >= Decimal("1.5")
    # The register today: people in post on the day, whatever their contract's later changes.
    in_post = sum(
        p.wte
        for p in demo.network.staff.filter(role_code="pharmacy-technician", funding="arrs")
        if (p.start_date is None or p.start_date <= clock.TODAY)
        and (p.end_date is None or p.end_date >= clock.TODAY)
    )
    assert (
        f"your network has {in_post * 10000 / 120_000:.2f} FTE per 10,000 patients, similar PCNs "
        "a median of 0.50; 1.50 FTE below it"
    ) in technicians[0].why


def test_the_comparison_with_similar_pcns_comes_from_the_benchmark_and_the_register(demo):
    from pcn.benchmarking import england

    inputs = problems.gather(demo.network, today=clock.TODAY)
    found = inputs.comparison
    assert found is not None, "the demo network is in the shipped census"
    register = {r.code: r.fte_in_post for r in inputs.roles}
    expected = england.role_shortfalls(demo.network.pcn_code, fte=register)
    for row in inputs.roles:
        assert row.shortfall == max(expected.get(row.code, Decimal(0)), Decimal(0))
    below = [r for r in inputs.roles if r.shortfall]
    assert below, "the demo is below similar PCNs in some role"
    assert "FTE below it" in problems.benchmark_note(below[0], inputs)


def test_forbidding_a_role_plans_again_without_it_and_pinning_one_brings_it_in(demo):
    client = signed_in(demo.user("PCN manager"))
    _, first = get_plan(client)
    gone = first.rows[0].role
    absent = next(r.code for r in first.inputs.roles if r.code not in {x.role for x in first.rows})
    _, second = get_plan(
        client, **{f"role-{gone}": "forbid", f"role-{absent}": "pin", f"wte-{absent}": "0.5"}
    )
    assert gone not in {r.role for r in second.rows}
    assert sum(r.wte for r in second.rows if r.role == absent) == Decimal("0.5")
    assert second.cost_full_year <= second.inputs.next_room


@pytest.mark.parametrize(
    "headroom, message",
    [
        ("lots", "The headroom to use"),
        ("-5", "The headroom to use"),
        ("20000000", "The headroom to use must be from £0 to £10,000,000.00."),
    ],
)
def test_a_headroom_that_is_not_pounds_in_range_is_refused_beside_its_field(
    demo, headroom, message
):
    response = signed_in(demo.user("PCN manager")).get(PLAN, {"headroom": headroom})
    assert response.status_code == 200 and response.context["plan"] is None
    assert message in " ".join(response.context["form"].errors["headroom"])


def test_a_size_without_must_include_is_refused(demo):
    response = signed_in(demo.user("PCN manager")).get(PLAN, {"wte-gp": "1"})
    assert "Choose “Must include”" in " ".join(response.context["form"].errors["wte-gp"])


def test_a_smaller_headroom_is_used_and_said(demo):
    _, result = get_plan(signed_in(demo.user("PCN manager")), headroom="20000")
    assert result.inputs.headroom == Decimal("20000")
    assert result.cost_this_year <= Decimal("20000")


def test_adding_the_plan_puts_planned_posts_on_the_forecast_apart_from_staff(demo):
    client = signed_in(demo.user("PCN manager"))
    _, shown = get_plan(client)
    before = client.get(reverse("money:forecast")).context["forecast"]
    staff, claims = demo.network.staff.count(), demo.network.claims.count()
    response = client.post(ADD, {})
    assert response.status_code == 302 and response.url.endswith("#planned")
    planned = list(demo.network.planned_posts.all())
    assert [(p.role_code, p.wte, p.start) for p in planned] == [
        (r.role, r.wte, r.start) for r in shown.rows
    ]
    assert AuditEntry.objects.filter(action="money.add_planned_post").count() == len(planned)
    page = client.get(reverse("money:forecast"))
    after = page.context["forecast"]
    assert after.total == before.total  # planned posts are never counted as spend
    body = text(page)
    assert "Planned posts (not yet recruited)" in body and "never claimed" in body
    cost = sum(p.cost_this_year for p in planned)
    assert page.context["headroom_after_planned"] == after.headroom - cost
    table = page.content.decode().split('data-testid="planned-posts"')[1].split("</table>")[0]
    assert table.count(">Planned<") == len(planned)  # every row tagged Planned
    # Staff and claims know nothing of them.
    assert demo.network.staff.count() == staff
    assert demo.network.claims.count() == claims
    # A new plan replaces the last.
    client.post(ADD, {f"role-{planned[0].role_code}": "forbid"})
    assert planned[0].role_code not in set(
        demo.network.planned_posts.values_list("role_code", flat=True)
    )
    assert AuditEntry.objects.filter(action="money.remove_planned_post").count() == len(planned)


def test_the_manager_removes_a_planned_post(demo):
    manager = demo.user("PCN manager")
    post = money.add_planned_posts(
        network=demo.network,
        year="2026/27",
        posts=[
            {
                "role_code": "paramedic",
                "band": "7",
                "wte": Decimal("1"),
                "start": date(2027, 1, 1),
                "cost_this_year": Decimal("16000"),
                "cost_full_year": Decimal("64000"),
                "why": "Paramedic: uses headroom",
            }
        ],
        by=manager,
    )[0]
    director = signed_in(demo.user("Clinical director"))
    url = reverse("money:remove_planned_post", args=[post.pk])
    assert director.post(url).status_code == 403
    seen = text(director.get(reverse("money:forecast")))
    assert "Planned posts (not yet recruited)" in seen
    assert "Remove" not in seen.split("Planned posts (not yet recruited)")[1]
    assert signed_in(manager).post(url).status_code == 302
    assert not demo.network.planned_posts.exists()


def test_the_clinical_director_reads_the_plan_but_cannot_add_it(demo):
    client = signed_in(demo.user("Clinical director"))
    response, result = get_plan(client)
    assert result.rows and "Add these posts to the forecast" not in text(response)
    assert client.post(ADD, {}).status_code == 403
    assert not demo.network.planned_posts.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"wte": Decimal("0")}, "wte"),
        ({"start": date(2027, 4, 1)}, "start"),
        ({"cost_this_year": Decimal("-1")}, "cost_this_year"),
        ({"why": "x" * 1001}, "why"),
    ],
)
def test_planned_posts_out_of_range_are_refused_and_nothing_is_saved(demo, change, field):
    post = {
        "role_code": "paramedic",
        "band": "7",
        "wte": Decimal("1"),
        "start": date(2027, 1, 1),
        "cost_this_year": Decimal("16000"),
        "cost_full_year": Decimal("64000"),
        "why": "Paramedic",
    }
    with pytest.raises(ActionRefused) as refused:
        money.add_planned_posts(
            network=demo.network,
            year="2026/27",
            posts=[post, {**post, **change}],
            by=demo.user("PCN manager"),
        )
    assert refused.value.field == field
    assert not demo.network.planned_posts.exists()


def test_the_plan_downloads_as_csv(demo):
    client = signed_in(demo.user("PCN manager"))
    _, shown = get_plan(client)
    response = client.get(reverse("planning:plan_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["role", "band", "wte", "start", "cost_this_year", "cost_full_year", "why"]
    assert len(rows) == len(shown.rows) + 1
    assert rows[1][3] == shown.rows[0].start.isoformat() and rows[1][6] == shown.rows[0].why


def test_mental_health_roles_are_not_planned_without_an_agreement(demo):
    profile = profile_of(demo.network)
    profile.mental_health_agreement = False
    profile.save()
    inputs = problems.gather(demo.network, today=clock.TODAY)
    left = dict(inputs.left_out_roles)
    assert all(not r.code.startswith("mental-health") for r in inputs.roles)
    assert any("no mental health agreement" in why for why in left.values())


def test_the_command_answers_in_the_contracts_shape(demo, capsys):
    call_command("plan_recruitment", demo.network.pcn_code, "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "headroom",
        "posts",
        "cost_this_year",
        "cost_full_year",
        "next_year_entitlement",
    }
    assert data["posts"]
    for post in data["posts"]:
        assert set(post) == {
            "role",
            "band",
            "wte",
            "start",
            "cost_this_year",
            "cost_full_year",
            "why",
        }
        assert date.fromisoformat(post["start"]) > clock.TODAY
    assert round(sum(p["cost_this_year"] for p in data["posts"]), 2) == data["cost_this_year"]
    assert data["cost_this_year"] <= data["headroom"]


def test_the_command_refuses_an_unknown_network_and_a_bad_headroom(demo):
    with pytest.raises(CommandError, match="No network"):
        call_command("plan_recruitment", "U00000", "--json")
    with pytest.raises(CommandError, match="--headroom"):
        call_command("plan_recruitment", demo.network.pcn_code, "--headroom", "-1")


def test_in_march_no_post_can_start_this_year_and_the_plan_says_so(demo):
    result = plan(demo.network, today=date(2027, 3, 15))
    assert result.inputs.months == () and result.rows == []
    assert result.solution.message == "There is no month left this year to start a post"


def test_a_role_costed_at_an_estimated_or_carried_forward_maximum_says_so(demo):
    response, result = get_plan(signed_in(demo.user("PCN manager")))
    noted = [r for r in result.inputs.roles if r.estimate_note]
    assert noted, "next year's maxima are not yet known, so at least April's is carried forward"
    assert noted[0].estimate_note in text(response)
