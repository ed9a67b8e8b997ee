import pytest
from django.urls import reverse

from pcn.core.models import AuditEntry
from pcn.networks.queries import room_grid
from tests.conftest import signed_in, text

DINGLE = "N82033"


def rooms_form(practice, **overrides):
    data = {"version": practice.version}
    for day in range(5):
        for session in ("AM", "PM"):
            data[f"rooms_{day}_{session}"] = 1
    data.update(overrides)
    return data


@pytest.fixture
def dingle(demo):
    return demo.network.practices.get(ods_code=DINGLE)


def test_practice_page_shows_details_populations_with_source_and_rooms(demo, as_role, dingle):
    page = text(as_role("Staff member").get(reverse("networks:practice", args=[DINGLE])))
    assert "Dingle Park Practice" in page
    assert "NHS England Digital, Patients Registered at a GP Practice" in page
    assert "1 July 2026" in page
    assert "Estimate" in page
    assert "Change rooms" not in page  # staff can look, not edit


def test_the_practice_manager_edits_their_practice_rooms_and_it_is_audited(demo, dingle):

    manager = demo.user("Practice manager of Dingle Park Practice")
    client = signed_in(manager)
    response = client.post(
        reverse("networks:edit_rooms", args=[DINGLE]), rooms_form(dingle, rooms_1_AM=4)
    )
    assert response.status_code == 302
    assert room_grid(dingle)[(1, "AM")] == 4
    entry = AuditEntry.objects.filter(action="networks.set_rooms", actor=manager).first()
    assert entry.before["Tuesday morning"] != 4 and entry.after["Tuesday morning"] == 4

    history = client.get(reverse("core:record_history", args=["networks.practice", dingle.pk]))
    assert history.status_code == 200
    assert "Tuesday morning" in text(history)


def test_a_practice_manager_cannot_edit_another_practice(demo):

    manager = demo.user("Practice manager of Dingle Park Practice")
    other = demo.network.practices.exclude(ods_code=DINGLE).first()
    client = signed_in(manager)
    before = room_grid(other)
    assert client.get(reverse("networks:edit_rooms", args=[other.ods_code])).status_code == 403
    assert (
        client.post(
            reverse("networks:edit_rooms", args=[other.ods_code]), rooms_form(other, rooms_0_AM=9)
        ).status_code
        == 403
    )
    assert room_grid(other) == before


@pytest.mark.parametrize(
    "value, message",
    [
        ("-1", "can't be fewer than 0"),
        ("two", "enter a whole number"),
        ("", "Enter the rooms for Monday morning"),
    ],
)
def test_bad_room_numbers_are_refused_with_the_field_named_and_nothing_saved(
    demo, as_role, dingle, value, message
):
    before = room_grid(dingle)
    response = as_role("PCN manager").post(
        reverse("networks:edit_rooms", args=[DINGLE]),
        rooms_form(dingle, rooms_0_AM=value, rooms_2_PM=2),
    )
    assert response.status_code == 200
    assert message in text(response)
    assert "There is a problem" in text(response)
    assert room_grid(dingle) == before


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(demo, as_role, dingle):
    client = as_role("PCN manager")
    stale_version = dingle.version
    client.post(reverse("networks:edit_rooms", args=[DINGLE]), rooms_form(dingle, rooms_0_AM=2))
    response = client.post(
        reverse("networks:edit_rooms", args=[DINGLE]),
        rooms_form(dingle, version=stale_version, rooms_0_AM=5),
    )
    assert response.status_code == 200
    assert "changed by someone else" in text(response)
    assert room_grid(dingle)[(0, "AM")] == 2


def test_the_pcn_manager_enters_an_official_population_which_is_then_used(demo, as_role, dingle):
    client = as_role("PCN manager")
    response = client.post(
        reverse("networks:enter_population", args=[DINGLE]),
        {
            "version": dingle.version,
            "basis": "weighted",
            "value": "9876",
            "as_at_day": "1",
            "as_at_month": "1",
            "as_at_year": "2026",
            "source": "ICB letter of 3 February 2026",
        },
    )
    assert response.status_code == 302
    page = text(client.get(reverse("networks:practice", args=[DINGLE])))
    assert "9,876" in page and "ICB letter of 3 February 2026" in page


def test_a_bad_date_for_an_official_population_is_refused(demo, as_role, dingle):
    response = as_role("PCN manager").post(
        reverse("networks:enter_population", args=[DINGLE]),
        {
            "version": dingle.version,
            "basis": "weighted",
            "value": "9876",
            "as_at_day": "31",
            "as_at_month": "2",
            "as_at_year": "2026",
            "source": "ICB",
        },
    )
    assert response.status_code == 200
    assert "must be a real date" in text(response)
    assert not dingle.populations.filter(kind="official").exists()


def test_a_practice_manager_cannot_enter_official_populations(demo, dingle):

    client = signed_in(demo.user("Practice manager of Dingle Park Practice"))
    assert client.get(reverse("networks:enter_population", args=[DINGLE])).status_code == 403
