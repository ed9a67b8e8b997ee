"""Keeping the register by hand: adding and changing people, bad input refused on its field with
nothing saved, every change in the history."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from pcn.core.models import AuditEntry
from pcn.workforce.actions import staff
from pcn.workforce.models import Leave, StaffMember, SupervisionSession
from tests.conftest import signed_in, text


def _form(network, **overrides):
    """A complete, valid add-a-person form; each test spoils one field."""
    practice = network.practices.order_by("ods_code").first()
    data = {
        "version": "1",
        "full_name": "Rhian Evans",
        "email": "rhian.evans@example.nhs.uk",
        "role_code": "clinical-pharmacist",
        "band": "7",
        "wte": "0.8",
        "start_date_day": "1",
        "start_date_month": "4",
        "start_date_year": "2025",
        "employer": "lead_practice",
        "employer_practice": str(practice.pk),
        "funding": "arrs",
        "home_base": str(practice.pk),
    }
    data.update(overrides)
    return data


def _error_on(response, field_id):
    """The NHS error summary links to the field that is wrong."""
    return f'href="#id_{field_id}' in response.content.decode()


def test_the_pcn_manager_adds_a_person_and_it_is_audited(demo, as_role):
    network = demo.network
    response = as_role("PCN manager").post(reverse("workforce:person_add"), _form(network))

    person = network.staff.get(full_name="Rhian Evans")
    assert response.status_code == 302
    assert response.url == reverse("workforce:person", args=[person.pk])
    assert person.wte == Decimal("0.80") and person.home_practice is not None
    entry = AuditEntry.objects.get(action="workforce.add_staff", target_id=str(person.pk))
    assert entry.actor == demo.user("PCN manager")
    assert entry.after["full_name"] == "Rhian Evans"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"wte": "0"}, "wte", "WTE must be between 0.01 and 1.5."),
        ({"wte": "1.6"}, "wte", "WTE must be between 0.01 and 1.5."),
        ({"wte": "lots"}, "wte", "Enter the WTE as a number, like 0.8."),
        (
            {"end_date_day": "1", "end_date_month": "3", "end_date_year": "2025"},
            "end_date",
            "The end date must be on or after the start date.",
        ),
        ({"home_base": "999999"}, "home_base", "Select a valid choice"),
        ({"role_code": "astronaut"}, "role_code", "Select a valid choice"),
        ({"full_name": ""}, "full_name", ""),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(
    demo, as_role, overrides, field, message
):
    network = demo.network
    before = network.staff.count(), AuditEntry.objects.count()

    response = as_role("PCN manager").post(
        reverse("workforce:person_add"), _form(network, **overrides)
    )

    assert response.status_code == 200
    assert message in text(response)
    assert _error_on(response, field)
    assert (network.staff.count(), AuditEntry.objects.count()) == before


def test_a_home_base_in_another_network_is_refused_by_the_action(demo, other_demo):
    stranger = other_demo.network.practices.first()
    with pytest.raises(staff.ActionRefused) as refused:
        staff.add(
            network=demo.network,
            by=demo.user("PCN manager"),
            full_name="X",
            wte=Decimal("1"),
            home_practice=stranger,
        )
    assert refused.value.field == "home_practice"
    assert not demo.network.staff.filter(full_name="X").exists()


def test_a_person_cannot_supervise_or_line_manage_themselves(demo):
    person = demo.network.staff.filter(is_draft=False).first()
    for field in ("supervisor", "line_manager"):
        with pytest.raises(staff.ActionRefused) as refused:
            staff.update(
                person=person,
                version=person.version,
                by=demo.user("PCN manager"),
                **{field: person},
            )
        assert refused.value.field == field
    person.refresh_from_db()
    assert person.supervisor_id != person.pk and person.line_manager_id != person.pk


def test_supervisor_from_another_network_is_refused(demo, other_demo):
    person = demo.network.staff.filter(is_draft=False).first()
    stranger = other_demo.network.staff.first()
    with pytest.raises(staff.ActionRefused, match="not in this network's register"):
        staff.update(
            person=person, version=person.version, by=demo.user("PCN manager"), supervisor=stranger
        )


def test_a_stale_edit_is_refused_and_says_so(demo, as_role):
    network = demo.network
    person = network.staff.filter(is_draft=False).first()
    stale = _form(network, version=str(person.version), full_name="First edit")
    client = as_role("PCN manager")
    assert client.post(reverse("workforce:person_edit", args=[person.pk]), stale).status_code == 302

    second = client.post(
        reverse("workforce:person_edit", args=[person.pk]), {**stale, "full_name": "Second edit"}
    )

    assert second.status_code == 200
    assert "changed" in text(second).lower()
    person.refresh_from_db()
    assert person.full_name == "First edit"


def test_naming_a_draft_from_the_nhs_file_makes_it_a_real_record(demo):
    draft = StaffMember.objects.create(network=demo.network, wte=Decimal("0.5"), is_draft=True)
    staff.update(
        person=draft, version=draft.version, by=demo.user("PCN manager"), full_name="Named Now"
    )
    draft.refresh_from_db()
    assert not draft.is_draft


def test_the_register_filters_and_sorts(demo, as_role):
    network = demo.network
    client = as_role("PCN manager")
    everyone = client.get(reverse("workforce:register")).context["staff"]
    pharmacists = client.get(
        reverse("workforce:register"), {"role": "clinical-pharmacist"}
    ).context["staff"]
    by_wte = client.get(reverse("workforce:register"), {"sort": "wte"}).context["staff"]
    drafts = client.get(reverse("workforce:register"), {"status": "draft"}).context["staff"]

    assert pharmacists and all(p.role_code == "clinical-pharmacist" for p in pharmacists)
    assert len(pharmacists) < len(everyone)
    assert [p.wte for p in by_wte] == sorted((p.wte for p in by_wte), reverse=True)
    assert all(p.is_draft for p in drafts)
    assert not any(p.is_draft for p in everyone)
    assert {p.pk for p in everyone} == set(
        network.staff.filter(is_draft=False)
        .exclude(end_date__lt=timezone.localdate())
        .values_list("pk", flat=True)
    )


def test_a_usual_week_outside_the_network_is_refused(demo, other_demo, as_role):
    person = demo.network.staff.filter(is_draft=False).first()
    stranger = other_demo.network.practices.first()
    before = list(person.usual_week.values_list("weekday", "session", "practice"))

    response = as_role("PCN manager").post(
        reverse("workforce:usual_week", args=[person.pk]),
        {"version": person.version, "slot_0_AM": str(stranger.pk)},
    )

    assert response.status_code == 200
    assert "choose a member practice" in text(response)
    assert list(person.usual_week.values_list("weekday", "session", "practice")) == before


def test_staff_ask_for_leave_and_the_pcn_manager_decides(demo):
    staff_user = demo.user("Staff member")
    me = demo.network.staff.get(user=staff_user)
    start = timezone.localdate() + timedelta(days=30)
    asked = signed_in(staff_user).post(
        reverse("workforce:record_leave", args=[me.pk]),
        {
            "kind": "annual",
            "start_day": start.day,
            "start_month": start.month,
            "start_year": start.year,
            "end_day": start.day,
            "end_month": start.month,
            "end_year": start.year,
        },
    )
    assert asked.status_code == 302
    leave = me.leave.get(start=start)
    assert leave.status == Leave.Status.REQUESTED

    manager = signed_in(demo.user("PCN manager"))
    assert leave.pk in [
        r.leave.pk for r in manager.get(reverse("workforce:leave_requests")).context["requests"]
    ]
    manager.post(reverse("workforce:decide_leave", args=[leave.pk]), {"decision": "approve"})
    leave.refresh_from_db()
    assert leave.status == Leave.Status.APPROVED
    assert AuditEntry.objects.filter(
        action="workforce.decide_leave", target_id=str(leave.pk)
    ).exists()

    again = manager.post(
        reverse("workforce:decide_leave", args=[leave.pk]), {"decision": "decline"}
    )
    leave.refresh_from_db()
    assert again.status_code == 302 and leave.status == Leave.Status.APPROVED


def test_leave_ending_before_it_starts_is_refused(demo):
    person = demo.network.staff.filter(is_draft=False).first()
    with pytest.raises(staff.ActionRefused) as refused:
        staff.record_leave(
            person=person,
            kind="annual",
            start=date(2026, 5, 10),
            end=date(2026, 5, 1),
            by=demo.user("PCN manager"),
        )
    assert refused.value.field == "end"
    assert not person.leave.filter(start=date(2026, 5, 10)).exists()


def test_a_supervision_note_is_seen_only_by_the_two_people_and_the_pcn_manager(demo):
    network = demo.network
    supervisor = network.staff.filter(supervisees__isnull=False, is_draft=False).first()
    supervisee = supervisor.supervisees.first()
    staff.log_supervision(
        person=supervisee,
        on=timezone.localdate(),
        kind=SupervisionSession.Kind.CLINICAL,
        supervisor=supervisor,
        note="Private words about caseload",
        by=demo.user("PCN manager"),
    )
    url = reverse("workforce:person", args=[supervisee.pk])

    assert "Private words" in text(signed_in(demo.user("PCN manager")).get(url))
    director = signed_in(demo.user("Clinical director")).get(url)
    assert director.status_code == 200 and "Private words" not in text(director)
    audit = AuditEntry.objects.filter(action="workforce.log_supervision").latest("pk")
    assert "Private words" not in str(audit.after)


def test_supervision_cannot_be_logged_in_the_future(demo):
    person = demo.network.staff.filter(is_draft=False, supervisor__isnull=False).first()
    with pytest.raises(staff.ActionRefused) as refused:
        staff.log_supervision(
            person=person,
            on=timezone.localdate() + timedelta(days=1),
            kind=SupervisionSession.Kind.CLINICAL,
            supervisor=person.supervisor,
            by=demo.user("PCN manager"),
        )
    assert refused.value.field == "date"


def test_a_leaver_needs_a_reason(demo, as_role):
    person = demo.network.staff.filter(is_draft=False, end_date__isnull=True).first()
    response = as_role("PCN manager").post(
        reverse("workforce:record_leaver", args=[person.pk]),
        {
            "version": person.version,
            "end_date_day": "1",
            "end_date_month": "1",
            "end_date_year": "2026",
        },
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.end_date is None and person.leaver_reason == ""


def test_no_two_people_in_the_demo_register_share_a_name(demo):
    names = list(
        StaffMember.objects.filter(network=demo.network).values_list("full_name", flat=True)
    )
    assert len(names) == len(set(names)) > 30
