"""Services, practices' answers, fairness settings and the allocation page, as each role."""

import json
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from pcn.allocation import actions, problems, queries
from pcn.allocation.models import Participation, Scenario
from pcn.core.actions import ActionRefused
from pcn.core.models import AuditEntry
from tests.conftest import signed_in, text

DINGLE = "N82033"


@pytest.fixture
def dingle(demo):
    return demo.network.practices.get(ods_code=DINGLE)


@pytest.fixture
def dingle_manager(demo):
    return demo.user("Practice manager of Dingle Park")


def _answer_form(network, answers):
    """POST data for the answers page: {service name: ("yes"|"no", demand, constraints)}."""
    data = {}
    for service in network.services.all():
        opted, demand, constraints = answers.get(service.name, ("yes", "", ""))
        data[f"s{service.pk}-opted_in"] = opted
        data[f"s{service.pk}-demand"] = demand
        data[f"s{service.pk}-constraints"] = constraints
    return data


def _allocated(network, service_name, ods_code):
    result = problems.allocate(problems.gather(network, queries.next_week()))
    service = next(s for s in result["services"] if s["service"] == service_name)
    return next(p for p in service["practices"] if p["ods_code"] == ods_code)


def test_a_practice_manager_opts_in_to_two_services_and_out_of_one_and_sees_why(
    demo, dingle, dingle_manager
):
    network = demo.network
    client = signed_in(dingle_manager)
    response = client.post(
        reverse("allocation:practice_answers", args=[DINGLE]),
        _answer_form(
            network,
            {
                "Structured medication reviews": ("yes", "6", "Mornings only"),
                "Care home rounds": ("yes", "", ""),
                "Home visiting": ("no", "", ""),
            },
        ),
    )
    assert response.status_code == 302
    answers = {a.service.name: a for a in dingle.participations.select_related("service")}
    assert answers["Structured medication reviews"].demand == Decimal("6")
    assert answers["Structured medication reviews"].answered_by == dingle_manager
    assert not answers["Home visiting"].opted_in
    assert AuditEntry.objects.filter(action="allocation.answer", actor=dingle_manager).exists()

    page = client.get(reverse("allocation:allocation"))
    assert page.status_code == 200
    mine = text(page).split('data-testid="my-practice"')[1].split("</div>")[0]
    assert "What Dingle Park Practice gets, and why" in mine
    assert "Home visiting: 0 sessions a week" in mine and "Opted out of this service." in mine
    reviews = _allocated(network, "Structured medication reviews", DINGLE)
    assert f"Structured medication reviews: {reviews['allocated']} session" in mine
    assert "(equal split:" in mine


def test_a_practice_manager_cannot_answer_for_another_practice(demo, dingle_manager):
    other = demo.network.practices.exclude(ods_code=DINGLE).first()
    client = signed_in(dingle_manager)
    url = reverse("allocation:practice_answers", args=[other.ods_code])
    assert client.get(url).status_code == 403
    before = Participation.objects.filter(practice=other).count()
    assert client.post(url, _answer_form(demo.network, {})).status_code == 403
    assert Participation.objects.filter(practice=other).count() == before


def test_negative_demand_is_refused_and_nothing_is_saved(demo, dingle, dingle_manager):
    client = signed_in(dingle_manager)
    before = list(dingle.participations.values_list("service_id", "opted_in", "demand"))
    response = client.post(
        reverse("allocation:practice_answers", args=[DINGLE]),
        _answer_form(
            demo.network,
            {
                "Care home rounds": ("no", "", ""),  # a valid change on the same form
                "Structured medication reviews": ("yes", "-2", ""),
            },
        ),
    )
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page and "Nothing was saved." in page
    assert "Structured medication reviews: demand can't be negative" in page
    assert list(dingle.participations.values_list("service_id", "opted_in", "demand")) == before


def test_demand_for_a_service_opted_out_of_is_refused_beside_that_service(
    demo, dingle, dingle_manager
):
    before = list(dingle.participations.values_list("service_id", "opted_in", "demand"))
    response = signed_in(dingle_manager).post(
        reverse("allocation:practice_answers", args=[DINGLE]),
        _answer_form(demo.network, {"Home visiting": ("no", "3", "")}),
    )
    assert response.status_code == 200
    errors = {
        str(service): form.errors.get("demand") for service, _, form in response.context["forms"]
    }
    assert errors.pop("Home visiting") == [
        "Home visiting: you opted out, so leave the demand blank (or opt in)."
    ]
    assert not any(errors.values())  # only beside the service it is about
    assert list(dingle.participations.values_list("service_id", "opted_in", "demand")) == before


def test_the_pcn_manager_sees_who_has_not_answered(demo, as_role):
    page = text(as_role("PCN manager").get(reverse("allocation:services")))
    unanswered = page.split('data-testid="unanswered"')[1].split("</ul>")[0]
    answered = {
        p.practice.name for p in Participation.objects.filter(service__network=demo.network)
    }
    silent = [p.name for p in demo.network.practices.all() if p.name not in answered]
    assert silent and all(name in unanswered for name in silent)
    assert "Not answered" in page and "Add a service" in page


def test_only_the_pcn_manager_changes_services_and_fairness(demo, as_role):
    service = demo.network.services.first()
    for role in (
        "Clinical director",
        "Practice manager of Dingle Park",
        "Staff member",
        "Observer",
    ):
        client = as_role(role)
        assert client.get(reverse("allocation:add_service")).status_code == 403
        assert client.get(reverse("allocation:edit_service", args=[service.pk])).status_code == 403
        assert (
            client.post(reverse("allocation:remove_service", args=[service.pk])).status_code == 403
        )
        assert client.post(reverse("allocation:fairness"), {"basis": "equal"}).status_code == 403
        assert client.get(reverse("allocation:allocation")).status_code == 200  # all may look
    assert demo.network.services.filter(pk=service.pk).exists()
    assert problems.default_policy(demo.network).basis == "weighted"


def test_the_pcn_manager_adds_a_service_and_a_duplicate_name_is_refused(demo, as_role):
    client = as_role("PCN manager")
    data = {"name": "Frailty clinics", "role_codes": ["advanced-practitioner"], "needs_rooms": "on"}
    assert client.post(reverse("allocation:add_service"), data).status_code == 302
    service = demo.network.services.get(name="Frailty clinics")
    assert service.role_codes == ["advanced-practitioner"] and service.needs_rooms
    assert AuditEntry.objects.filter(
        action="allocation.add_service", target_id=str(service.pk)
    ).exists()
    again = client.post(reverse("allocation:add_service"), {**data, "name": "frailty clinics"})
    assert "already has a service called frailty clinics" in text(again)
    no_roles = client.post(reverse("allocation:add_service"), {"name": "Empty"})
    assert "Choose at least one role that can deliver it." in text(no_roles)
    assert demo.network.services.filter(name__iexact="frailty clinics").count() == 1
    assert not demo.network.services.filter(name="Empty").exists()


def test_equal_split_setting_changes_the_allocation_to_equal_shares(demo, as_role):
    client = as_role("PCN manager")
    response = client.post(reverse("allocation:fairness"), {"basis": "equal"})
    assert response.status_code == 302
    result = problems.allocate(problems.gather(demo.network, queries.next_week()))
    for service in result["services"]:
        opted = [p for p in service["practices"] if p["opted_in"]]
        fair = {round(p["fair_share"], 2) for p in opted}
        assert len(fair) == 1  # the same fair share for every practice taking part
    assert AuditEntry.objects.filter(action="allocation.set_policy").exists()


def test_blend_weights_summing_to_zero_are_refused_with_nothing_saved(demo, as_role):
    client = as_role("PCN manager")
    response = client.post(
        reverse("allocation:fairness"), {"basis": "blend", "weight_weighted": "0"}
    )
    assert response.status_code == 200
    assert "the weights sum to zero" in text(response)
    assert problems.default_policy(demo.network).basis == "weighted"


def test_a_floor_above_the_cap_is_refused(demo, as_role):
    response = as_role("PCN manager").post(
        reverse("allocation:fairness"), {"basis": "weighted", "floor": "5", "cap": "2"}
    )
    assert "The floor (5) is above the cap (2)" in text(response)


def test_a_service_with_its_own_basis_and_back_to_the_default(demo, as_role):
    client = as_role("PCN manager")
    service = demo.network.services.get(name="Care home rounds")
    client.post(reverse("allocation:service_fairness", args=[service.pk]), {"basis": "registered"})
    inputs = problems.gather(demo.network, queries.next_week())
    assert inputs.policies[service.pk].basis == "registered"
    page = text(client.get(reverse("allocation:allocation")))
    assert (
        "Shared by <strong>Registered list</strong>" in page
        and "this service's own setting" in page
    )
    client.post(reverse("allocation:use_default", args=[service.pk]))
    assert (
        problems.gather(demo.network, queries.next_week()).policies[service.pk].basis == "weighted"
    )


def test_every_practice_opted_out_is_a_clear_message_not_a_crash(demo, as_role):
    service = demo.network.services.get(name="Home visiting")
    manager = demo.user("PCN manager")
    for practice in demo.network.practices.all():
        actions.answer(practice=practice, answers=[(service, False, None, "")], by=manager)
    page = text(as_role("PCN manager").get(reverse("allocation:allocation")))
    assert "Every practice has opted out of Home visiting" in page
    with pytest.raises(ActionRefused, match="Nothing was saved"):
        actions.save_scenario(
            network=demo.network, name="Try", week=queries.next_week(), by=manager
        )
    assert not demo.network.scenarios.filter(name="Try").exists()


def test_a_service_nobody_can_deliver_says_so(demo, as_role):
    manager = demo.user("PCN manager")
    actions.add_service(
        network=demo.network, name="Podiatry", role_codes=["podiatrist"], by=manager
    )
    demo.network.staff.filter(role_code="podiatrist").delete()
    page = text(as_role("PCN manager").get(reverse("allocation:allocation")))
    assert "No staff time is available for Podiatry" in page


def test_the_clinical_director_agrees_a_scenario_and_the_previous_one_is_superseded(demo, as_role):
    network = demo.network
    before = queries.agreed_scenario(network)
    draft = network.scenarios.filter(status=Scenario.Status.DRAFT).first()
    assert (
        as_role("PCN manager")
        .post(reverse("allocation:agree_scenario", args=[draft.pk]))
        .status_code
        == 403
    )
    codes = ",".join(network.practices.values_list("ods_code", flat=True))  # none answered
    response = as_role("Clinical director").post(
        reverse("allocation:agree_scenario", args=[draft.pk]),
        {"practices": codes, "confirm": "on", "reason": "Agreed at the board."},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    before.refresh_from_db()
    assert draft.status == "agreed" and draft.agreed_by == demo.user("Clinical director")
    assert before.status == "superseded"
    assert AuditEntry.objects.filter(
        action="allocation.agree_scenario", target_id=str(draft.pk)
    ).exists()


def test_a_practice_manager_objects_with_a_comment_for_their_own_practice_only(
    demo, dingle, dingle_manager
):
    scenario = demo.network.scenarios.filter(status="draft").first()
    client = signed_in(dingle_manager)
    url = reverse("allocation:scenario", args=[scenario.pk])
    silent = client.post(url, {"practice": DINGLE, "agrees": "no", "comment": ""})
    assert "Say why your practice objects" in text(silent)
    assert not scenario.responses.exists()
    client.post(url, {"practice": DINGLE, "agrees": "no", "comment": "Our over-75s need more."})
    response = scenario.responses.get(practice=dingle)
    assert not response.agrees and response.by == dingle_manager
    assert "Our over-75s need more." in text(client.get(url))
    other = demo.network.practices.exclude(ods_code=DINGLE).first()
    refused = client.post(url, {"practice": other.ods_code, "agrees": "yes"})
    assert refused.status_code == 403
    assert not scenario.responses.filter(practice=other).exists()


def test_comparison_shows_both_allocations_and_unmet_demand(demo, as_role):
    response = as_role("Practice manager of Dingle Park").get(
        reverse("allocation:compare"), {"a": "equal", "b": "current"}
    )
    comparison = response.context["comparison"]
    assert comparison.a_label == "Equal split" and comparison.b_label == "Current settings"
    total_a = sum(r["a"] for r in comparison.rows)
    total_b = sum(r["b"] for r in comparison.rows)
    assert total_a == total_b > 0  # the same staff time, shared differently
    assert any(r["difference"] for r in comparison.rows)
    assert comparison.unmet[0] >= 0 and "Unmet demand" in text(response)


def test_comparing_another_networks_scenario_is_refused(demo, other_demo, as_role):
    theirs = other_demo.network.scenarios.first()
    response = as_role("PCN manager").get(
        reverse("allocation:compare"), {"a": "equal", "b": str(theirs.pk)}
    )
    assert response.status_code == 302
    assert (
        as_role("PCN manager").get(reverse("allocation:scenario", args=[theirs.pk])).status_code
        == 404
    )


def test_the_ledger_adds_up_what_each_practice_was_entitled_to_and_received(demo, as_role):
    ledger = as_role("Observer").get(reverse("allocation:ledger")).context["ledger"]
    assert len(ledger.weeks) >= 10  # the equal split agreed ten weeks ago, then weighted need
    names = {scenario.name for _, scenario, _ in ledger.weeks}
    assert names == {"Equal split", "Weighted need"}
    for ods, (entitled, received, balance) in ledger.totals.items():
        weekly = [week[ods] for _, _, week in ledger.weeks]
        assert received == sum(r for _, r, _ in weekly)
        assert entitled == pytest.approx(sum(e for e, _, _ in weekly), abs=0.01)
        assert balance == pytest.approx(received - entitled, abs=0.01)


def test_allocate_command_prints_the_documented_json(demo, capsys):
    call_command("allocate", demo.network.pcn_code, "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["network"] == demo.network.pcn_code
    for service in result["services"]:
        assert {"service", "basis", "sessions_available", "practices"} <= set(service)
        assigned = sum(p["allocated"] for p in service["practices"])
        assert assigned + service["unplaced"] == service["sessions_available"]
        for practice in service["practices"]:
            assert {
                "ods_code",
                "opted_in",
                "basis_value",
                "fair_share",
                "allocated",
                "cause",
            } <= set(practice)
            if practice["cause"] is None:
                assert practice["allocated"] == int(practice["fair_share"] + 0.5)


def test_allocate_command_names_an_unknown_network(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No network has the PCN code U99999"):
        call_command("allocate", "U99999", "--json")


def test_leave_takes_sessions_off_the_service_for_that_week(demo):
    from pcn.workforce.models import Leave

    network = demo.network
    week = queries.next_week()
    inputs = problems.gather(network, week)
    service = max(inputs.services, key=lambda s: inputs.capacity[s.pk].sessions)
    person, share = inputs.capacity[service.pk].people[0]
    Leave.objects.filter(staff=person).delete()
    Leave.objects.create(
        staff=person, kind="annual", start=week, end=week + timedelta(days=4), status="approved"
    )
    after = problems.gather(network, week).capacity[service.pk]
    assert after.sessions == pytest.approx(inputs.capacity[service.pk].sessions - share)


ONE_PERSON_SERVICE = "Physician associate clinics"


def one_person_service(demo):
    """A service only the demo's one physician associate delivers, that four practices take:
    at no more than 2 practices a week (the rota's default), two get its sessions, two none."""
    manager = demo.user("PCN manager")
    service = actions.add_service(
        network=demo.network, name=ONE_PERSON_SERVICE, role_codes=["physician-associate"],
        by=manager,
    )  # fmt: skip
    for practice in list(demo.network.practices.all())[:4]:
        Participation.objects.create(service=service, practice=practice, opted_in=True)
    return service


def test_a_service_goes_only_to_the_practices_its_one_person_can_reach(demo, as_role):
    one_person_service(demo)
    result = problems.allocate(problems.gather(demo.network, queries.next_week()))
    clinics = next(s for s in result["services"] if s["service"] == ONE_PERSON_SERVICE)
    served = [p for p in clinics["practices"] if p["allocated"] > 0]
    left_out = [p for p in clinics["practices"] if p["cause"] == "reach"]
    assert clinics["reach"] == 2 and len(served) == 2 and len(left_out) == 2
    assert sum(p["allocated"] for p in served) == clinics["sessions_available"]
    page = text(as_role("Observer").get(reverse("allocation:allocation")))
    assert (
        f"The staff who deliver {ONE_PERSON_SERVICE} can work at no more than 2 practices a week"
        in page
    )
    assert "Beyond the staff's reach." in page


def test_a_rota_plan_allowing_more_practices_a_week_lets_a_service_reach_them(demo):
    from pcn.rota.models import RotaPlan

    one_person_service(demo)
    RotaPlan.objects.create(
        network=demo.network, start=queries.next_week(), weeks=1, options={"max_sites": 4}
    )
    result = problems.allocate(problems.gather(demo.network, queries.next_week()))
    clinics = next(s for s in result["services"] if s["service"] == ONE_PERSON_SERVICE)
    assert clinics["reach"] is None and not clinics["warnings"]
    assert not any(p["cause"] == "reach" for p in clinics["practices"])
    assert sum(1 for p in clinics["practices"] if p["allocated"] > 0) > 2


def test_the_fair_share_ledger_counts_a_bank_holiday_weeks_working_days(demo, as_role):
    from datetime import date

    ledger = queries.ledger(demo.network, today=date(2027, 1, 4))
    weeks = {monday: week for monday, _, week in ledger.weeks}
    ordinary, christmas, new_year = date(2026, 12, 14), date(2026, 12, 21), date(2026, 12, 28)
    assert ledger.holidays == {
        christmas: "Friday 25 December is a bank holiday",
        new_year: "Monday 28 December and Friday 1 January are bank holidays",
    }
    for ods, _ in ledger.practices:
        entitled, received, _ = weeks[ordinary][ods]
        # 4 working days of 5, then 3: the fair share in proportion, the sessions as the rota
        # scales a target (rounded half up).
        assert weeks[christmas][ods][0] == pytest.approx(entitled * 4 / 5)
        assert weeks[christmas][ods][1] == (2 * received * 4 + 5) // 10
        assert weeks[new_year][ods][0] == pytest.approx(entitled * 3 / 5)
        assert weeks[new_year][ods][1] == (2 * received * 3 + 5) // 10


def test_the_allocation_page_says_when_its_week_has_a_bank_holiday(demo, as_role):
    client = as_role("Observer")
    assert 'data-testid="holiday-week"' not in text(client.get(reverse("allocation:allocation")))
    with time_machine.travel(datetime(2026, 12, 23, 10, tzinfo=ZoneInfo("Europe/London"))):
        later = signed_in(demo.user("Observer"))  # a session of that day
        page = text(later.get(reverse("allocation:allocation")))  # the week of 21 December
    assert (
        "Friday 25 December is a bank holiday: these are a usual week's sessions; the rota and "
        "the fair-share ledger give each practice its working days' share of them that week."
    ) in page
