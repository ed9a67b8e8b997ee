"""Every population figure is dated: which figure counts at a date, and which practices were
members then."""

from datetime import date

import pytest
from django.urls import reverse

from pcn.core.models import AuditEntry
from pcn.networks.models import Basis, PopulationKind, PracticePopulation
from pcn.networks.populations import figure_in_use, network_populations
from tests.conftest import text

DINGLE = "N82033"
JAN_2024, JAN_2025, JAN_2026, JUL_2026 = (
    date(2024, 1, 1),
    date(2025, 1, 1),
    date(2026, 1, 1),
    date(2026, 7, 1),
)


@pytest.fixture
def dingle(demo):
    return demo.network.practices.get(ods_code=DINGLE)


def _row(network, practice, as_at=None):
    found = network_populations(network, as_at=as_at)
    return found, next(r for r in found.rows if r.practice.pk == practice.pk)


def _official(practice, basis, value, as_at):
    return PracticePopulation.objects.create(
        practice=practice,
        basis=basis,
        kind=PopulationKind.OFFICIAL,
        value=value,
        as_at=as_at,
        source="ICB letter",
    )


def test_the_figure_at_exactly_the_date_is_used(demo, dingle):
    found, row = _row(demo.network, dingle, JAN_2025)
    figure = row.figures[Basis.ADJUSTED]
    assert figure.as_at == JAN_2025 and figure.kind == PopulationKind.ESTIMATE
    assert row.notes[Basis.ADJUSTED] is None
    assert found.complete[Basis.ADJUSTED]


def test_an_earlier_figure_is_used_and_labelled_the_latest_held(demo, dingle):
    # The shipped estimates give the weighted population at 1 Jan 2024 only.
    _, row = _row(demo.network, dingle, JAN_2025)
    assert row.figures[Basis.WEIGHTED].as_at == JAN_2024
    assert row.notes[Basis.WEIGHTED] == "from 1 Jan 2024, the latest held"


def test_a_later_figure_is_never_used(demo, dingle):
    # At 1 Jan 2026 the registered list of 1 Jul 2026 exists but is later: 1 Jan 2025 is used.
    _, row = _row(demo.network, dingle, JAN_2026)
    assert row.figures[Basis.REGISTERED].as_at == JAN_2025
    assert row.figures[Basis.REGISTERED].kind == PopulationKind.ESTIMATE
    # With no date, the latest figure counts: the NHS list of 1 Jul 2026.
    _, latest = _row(demo.network, dingle)
    assert latest.figures[Basis.REGISTERED].as_at == JUL_2026
    assert latest.figures[Basis.REGISTERED].kind == PopulationKind.NHS


def test_a_practice_with_only_later_figures_makes_the_basis_unknown_and_says_why(demo, dingle):
    dingle.populations.filter(basis=Basis.REGISTERED).exclude(kind=PopulationKind.NHS).delete()
    found, row = _row(demo.network, dingle, JAN_2026)
    assert row.figures[Basis.REGISTERED] is None
    assert not found.complete[Basis.REGISTERED]
    assert found.problems[Basis.REGISTERED] == [
        "Dingle Park Practice has no registered list figure on or before 1 Jan 2026; the nearest "
        "is 1 Jul 2026, after 1 Jan 2026: not used"
    ]
    assert all(share is None for share in (r.shares[Basis.REGISTERED] for r in found.rows))


def test_at_the_same_date_official_beats_nhs_beats_estimate(demo, dingle):
    estimate = dingle.populations.get(
        basis=Basis.REGISTERED, kind=PopulationKind.ESTIMATE, as_at=JAN_2025
    )
    nhs = PracticePopulation.objects.create(
        practice=dingle,
        basis=Basis.REGISTERED,
        kind=PopulationKind.NHS,
        value=6001,
        as_at=JAN_2025,
        source="NHS",
    )
    assert figure_in_use([estimate, nhs], JAN_2025) == nhs
    official = _official(dingle, Basis.REGISTERED, 6002, JAN_2025)
    _, row = _row(demo.network, dingle, JAN_2025)
    assert row.figures[Basis.REGISTERED] == official
    # ...but an official figure of an earlier date loses to a later estimate.
    older = _official(dingle, Basis.ADJUSTED, 1, JAN_2024)
    _, row = _row(demo.network, dingle, JAN_2025)
    assert row.figures[Basis.ADJUSTED] != older
    assert row.figures[Basis.ADJUSTED].as_at == JAN_2025


def test_one_practice_holds_official_figures_for_several_dates(demo, dingle):
    _official(dingle, Basis.WEIGHTED, 7000, JAN_2025)
    _official(dingle, Basis.WEIGHTED, 7100, JAN_2026)
    assert network_populations(demo.network, as_at=JAN_2025).rows
    assert _row(demo.network, dingle, JAN_2025)[1].figures[Basis.WEIGHTED].value == 7000
    assert _row(demo.network, dingle, JAN_2026)[1].figures[Basis.WEIGHTED].value == 7100
    assert _row(demo.network, dingle)[1].figures[Basis.WEIGHTED].value == 7100


def test_a_practice_that_joined_after_the_date_is_left_out(demo, dingle):
    dingle.joined_on = date(2025, 3, 1)
    dingle.save()
    found = network_populations(demo.network, as_at=JAN_2025)
    assert dingle.pk not in {r.practice.pk for r in found.rows}
    assert found.left_out == [
        (
            dingle,
            "Dingle Park Practice joined on 1 Mar 2025, after 1 Jan 2025: not counted this year",
        )
    ]
    assert len(found.rows) == 5 and found.complete[Basis.ADJUSTED]
    # A year later it is a member, and counted.
    assert dingle.pk in {r.practice.pk for r in network_populations(demo.network, JAN_2026).rows}
    # Pages about today show every practice.
    assert len(network_populations(demo.network).rows) == 6


def test_the_pcn_manager_records_when_a_practice_joined_and_it_is_audited(demo, as_role, dingle):
    client = as_role("PCN manager")
    assert "Member of the network since" in text(
        client.get(reverse("networks:edit_practice", args=[DINGLE]))
    )
    response = client.post(
        reverse("networks:edit_practice", args=[DINGLE]),
        {
            "version": dingle.version,
            "address": "",
            "phone": "",
            "email": "",
            "joined_on_day": "1",
            "joined_on_month": "3",
            "joined_on_year": "2025",
        },
    )
    assert response.status_code == 302
    dingle.refresh_from_db()
    assert dingle.joined_on == date(2025, 3, 1)
    entry = AuditEntry.objects.filter(action="networks.update_practice").latest("pk")
    assert entry.before["joined_on"] is None and entry.after["joined_on"] == "2025-03-01"
    page = text(client.get(reverse("networks:practice", args=[DINGLE])))
    assert "Member of the network since" in page and "1 March 2025" in page


def test_a_practice_manager_edits_details_but_not_when_the_practice_joined(demo, dingle):
    from tests.conftest import signed_in

    client = signed_in(demo.user("Practice manager of Dingle"))
    page = text(client.get(reverse("networks:edit_practice", args=[DINGLE])))
    assert "Member of the network since" not in page
    response = client.post(
        reverse("networks:edit_practice", args=[DINGLE]),
        {
            "version": dingle.version,
            "address": "1 Park Road",
            "phone": "",
            "email": "",
            "joined_on_day": "1",
            "joined_on_month": "3",
            "joined_on_year": "2025",
        },
    )
    assert response.status_code == 302
    dingle.refresh_from_db()
    assert dingle.address == "1 Park Road" and dingle.joined_on is None


def test_population_pages_say_the_date_of_each_figure(demo, as_role):
    client = as_role("Observer")
    practices = text(client.get(reverse("networks:practices")))
    assert "at 1 July 2026" in practices
    overview = text(client.get(reverse("home:overview")))
    assert "at 1 July 2026" in overview and "at 1 January 2024" in overview
    practice = text(client.get(reverse("networks:practice", args=[DINGLE])))
    assert "1 January 2025" in practice and "1 January 2024" in practice
    assert "1 January before the year" in practice


def test_official_figures_entered_for_two_dates_are_both_kept_and_removed_one_at_a_time(
    demo, as_role, dingle
):
    client = as_role("PCN manager")
    for year, value in (("2025", "7000"), ("2026", "7100")):
        dingle.refresh_from_db()
        response = client.post(
            reverse("networks:enter_population", args=[DINGLE]),
            {
                "version": dingle.version,
                "basis": "weighted",
                "value": value,
                "as_at_day": "1",
                "as_at_month": "1",
                "as_at_year": year,
                "source": "ICB letter",
            },
        )
        assert response.status_code == 302
    officials = dingle.populations.filter(kind=PopulationKind.OFFICIAL).order_by("as_at")
    assert [(p.as_at, p.value) for p in officials] == [(JAN_2025, 7000), (JAN_2026, 7100)]
    dingle.refresh_from_db()
    response = client.post(
        reverse("networks:remove_population", args=[DINGLE, "weighted"]),
        {"version": dingle.version, "as_at": "2026-01-01"},
    )
    assert response.status_code == 302
    assert [p.as_at for p in officials.all()] == [JAN_2025]
    page = text(client.get(reverse("networks:practice", args=[DINGLE])))
    assert "7,000" in page and "1 January 2025" in page


def test_networks_set_up_before_dating_get_every_dated_estimate(demo, dingle):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("pcn.networks.migrations.0003_hold_every_dated_estimate")
    before = set(dingle.populations.values_list("basis", "kind", "as_at", "value"))
    dingle.populations.filter(kind=PopulationKind.ESTIMATE, as_at=JAN_2024).delete()
    dingle.populations.filter(kind=PopulationKind.ESTIMATE, basis=Basis.REGISTERED).delete()
    migration.add_dated_estimates(apps, None)
    migration.add_dated_estimates(apps, None)  # twice adds nothing more
    assert set(dingle.populations.values_list("basis", "kind", "as_at", "value")) == before
