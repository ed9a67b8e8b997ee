"""Agreeing an allocation while practices have not answered or object: named, confirmed, with a
reason kept and shown; one click when every practice agreed."""

import re

import pytest
from django.urls import reverse

from pcn.allocation import actions
from pcn.allocation.demo import WEIGHTED_REASON
from pcn.allocation.models import Scenario
from pcn.core.actions import ActionRefused
from pcn.core.models import AuditEntry
from tests.conftest import signed_in
from tests.conftest import text as html_text


def text(response):
    """The page as read: tags dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_text(response)))


@pytest.fixture
def draft(demo):
    return demo.network.scenarios.get(status=Scenario.Status.DRAFT)


def _managers(demo):
    return {
        m.practice: m.user
        for m in demo.network.memberships.filter(role="practice_manager").select_related(
            "practice", "user"
        )
    }


def test_agreeing_is_refused_while_practices_have_not_answered_and_nothing_changes(demo, draft):
    director = demo.user("Clinical director")
    with pytest.raises(ActionRefused) as refused:
        actions.agree_scenario(scenario=draft, by=director)
    practices = list(demo.network.practices.all())
    assert refused.value.field == "confirm"
    assert f"{len(practices)} practices have not answered" in str(refused.value)
    assert all(p.name in str(refused.value) for p in practices)
    with pytest.raises(ActionRefused) as no_reason:
        actions.agree_scenario(
            scenario=draft, by=director, confirmed=[p.ods_code for p in practices], reason=" "
        )
    assert no_reason.value.field == "reason"
    draft.refresh_from_db()
    assert draft.status == Scenario.Status.DRAFT and draft.agreed_at is None


def test_a_reason_longer_than_a_note_is_refused(demo, draft):
    codes = list(demo.network.practices.values_list("ods_code", flat=True))
    with pytest.raises(ActionRefused) as refused:
        actions.agree_scenario(
            scenario=draft, by=demo.user("Clinical director"), confirmed=codes, reason="x" * 5001
        )
    assert refused.value.field == "reason" and "5,000 characters" in str(refused.value)


def test_confirming_other_practices_than_those_holding_out_is_refused(demo, draft):
    """An answer that arrives while the director reads the page is not passed over."""
    first, *rest = _managers(demo).items()
    actions.respond(scenario=draft, practice=first[0], agrees=True, by=first[1])
    everyone = list(demo.network.practices.values_list("ods_code", flat=True))
    with pytest.raises(ActionRefused) as refused:
        actions.agree_scenario(
            scenario=draft, by=demo.user("Clinical director"), confirmed=everyone, reason="Go"
        )
    assert first[0].name not in str(refused.value).split("answered:")[1]


def test_the_director_sees_the_practices_named_gives_a_reason_and_the_agreement_shows_it(
    demo, draft, as_role
):
    managers = list(_managers(demo).items())
    objector, objector_manager = managers[0]
    actions.respond(
        scenario=draft,
        practice=objector,
        agrees=False,
        comment="Our over-75s need more.",
        by=objector_manager,
    )
    for practice, manager in managers[1:3]:
        actions.respond(scenario=draft, practice=practice, agrees=True, by=manager)
    silent = [p for p, _ in managers[3:]]
    client = as_role("Clinical director")
    scenario_page = text(client.get(reverse("allocation:scenario", args=[draft.pk])))
    assert "Agree without them" in scenario_page
    assert "Agree this allocation for the network" not in scenario_page
    url = reverse("allocation:agree_scenario", args=[draft.pk])
    step = text(client.get(url))
    assert 'name="csrfmiddlewaretoken"' in html_text(client.get(url))
    assert f"{objector.name}: objected — “Our over-75s need more.”" in step
    assert all(f"{p.name}: has not answered" in step for p in silent)
    assert managers[1][0].name not in step
    codes = ",".join(p.ods_code for p in [objector, *silent])

    unticked = client.post(url, {"practices": codes, "reason": "The rota needs it."})
    assert unticked.status_code == 200
    assert f"{len(silent)} practices have not answered" in text(unticked)
    no_reason = client.post(url, {"practices": codes, "confirm": "on", "reason": ""})
    assert "Say why you are agreeing without these practices" in text(no_reason)
    draft.refresh_from_db()
    assert draft.status == Scenario.Status.DRAFT

    done = client.post(url, {"practices": codes, "confirm": "on", "reason": "The rota needs it."})
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Scenario.Status.AGREED
    assert [h["ods_code"] for h in draft.agreed_without] == [
        p.ods_code for p in [objector, *silent]
    ]
    assert draft.agreed_reason == "The rota needs it."
    shown = text(client.get(reverse("allocation:scenario", args=[draft.pk])))
    assert "Agreed on Wed 18 Nov 2026 by Dr Tom Okafor without answers from" in shown
    assert f"over the objection of {objector.name}, because: “The rota needs it.”" in shown
    on_allocation = text(as_role("Observer").get(reverse("allocation:allocation")))
    assert "over the objection of" in on_allocation and "The rota needs it." in on_allocation
    entry = AuditEntry.objects.get(action="allocation.agree_scenario", target_id=str(draft.pk))
    assert entry.after["because"] == "The rota needs it."
    assert objector.name in entry.after["agreed without"]


def test_when_every_practice_agreed_it_is_one_click(demo, draft, as_role):
    for practice, manager in _managers(demo).items():
        actions.respond(scenario=draft, practice=practice, agrees=True, by=manager)
    client = as_role("Clinical director")
    page = text(client.get(reverse("allocation:scenario", args=[draft.pk])))
    assert "Agree this allocation for the network" in page and "Agree without" not in page
    response = client.post(reverse("allocation:agree_scenario", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Scenario.Status.AGREED and draft.agreed_without == []
    shown = text(client.get(reverse("allocation:scenario", args=[draft.pk])))
    assert "Agreed on Wed 18 Nov 2026 by Dr Tom Okafor." in shown


@pytest.mark.parametrize(
    "role",
    ["PCN manager", "Practice manager of Dingle Park Practice", "Staff member", "Observer"],
)
def test_only_the_clinical_director_may_agree(demo, draft, role, as_role):
    url = reverse("allocation:agree_scenario", args=[draft.pk])
    client = as_role(role)
    assert client.get(url).status_code == 403
    codes = ",".join(demo.network.practices.values_list("ods_code", flat=True))
    assert client.post(url, {"practices": codes, "confirm": "on", "reason": "x"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Scenario.Status.DRAFT
    assert "Agree without them" not in text(
        client.get(reverse("allocation:scenario", args=[draft.pk]))
    )


def test_the_demo_weighted_allocation_was_agreed_without_a_practice_with_its_reason(demo):
    weighted = demo.network.scenarios.get(name="Weighted need")
    last = list(demo.network.practices.all())[-1]
    assert last.ods_code in [h["ods_code"] for h in weighted.agreed_without]
    assert weighted.agreed_reason == WEIGHTED_REASON
    assert demo.network.scenarios.get(name="Equal split").agreed_without == []
    page = text(signed_in(demo.user("Staff member")).get(reverse("allocation:scenarios")))
    assert f"without answers from {last.name}" in page
