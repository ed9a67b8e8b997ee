"""A maximum belongs to a role from a date: the figure in force in a claim month counts, the
network's own (the ICB's) replaces ours from its date, and every estimate says how it was made."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from pcn.core.actions import ActionRefused
from pcn.core.models import AuditEntry
from pcn.money import actions
from pcn.money.claims import RoleTerms
from pcn.money.maxima import Maxima, band_key
from pcn.money.models import NetworkMaximum
from pcn.reference.loader import load_file
from pcn.reference.models import RoleMaximum
from pcn.workforce.actions import staff
from tests.conftest import signed_in, text
from tests.test_permissions import ROLES

pytestmark = pytest.mark.django_db


def national(role, day, **kwargs):
    return Maxima().on(role, day, **kwargs)


def test_the_figure_in_force_that_month_counts_not_one_per_year():
    # 2024/25: the July 2023 figure until 30 September 2024, the new one from 1 October.
    assert national("clinical-pharmacist", date(2024, 9, 1)).value == Decimal("62340")
    assert national("clinical-pharmacist", date(2024, 10, 1)).value == Decimal("65838")
    assert national("clinical-pharmacist", date(2025, 4, 1)).value == Decimal("66972")
    assert national("gp", date(2024, 9, 1)).value is None  # GP ARRS began on 1 October 2024
    assert national("gp", date(2024, 10, 1), pay_area="outer_london").value == Decimal("95233")


def test_a_year_not_yet_published_uses_the_latest_held_and_says_so():
    used = national("clinical-pharmacist", date(2026, 11, 1))
    assert used.value == Decimal("66972") and used.carried_forward
    assert used.note == "the latest held, from 1 Apr 2025 (2026/27's not yet known)"


def test_band_4_roles_have_a_labelled_estimate_never_nothing():
    for code in ("care-coordinator", "general-practice-assistant", "nursing-associate"):
        used = national(code, date(2025, 6, 1))
        assert used.value == Decimal("36000") and used.estimated, code
        assert "£36,051" in used.method and "estimate" in used.note
    quoted = national("care-coordinator", date(2025, 6, 1), pay_area="outer_london")
    assert quoted.value == Decimal("42038") and not quoted.estimated
    inner = national("care-coordinator", date(2025, 6, 1), pay_area="inner_london")
    assert inner.value is None
    assert inner.note == "unknown: no inner london figure from 1 Apr 2025; enter the ICB's"


def test_a_mental_health_practitioners_maximum_is_the_bands():
    assert band_key(" Band 8A") == "8a"
    assert national("mental-health-practitioner-adult", date(2025, 6, 1), band="Band 7").value == (
        Decimal("64907")
    )
    assert national("mental-health-practitioner-cyp", date(2025, 6, 1), band="8a").value == (
        Decimal("73334")
    )
    unknown = national("mental-health-practitioner-adult", date(2025, 6, 1))
    assert unknown.value is None and "post's band" in unknown.note


def test_every_role_of_2025_26_has_a_national_maximum():
    from pcn.reference.models import ArrsRole

    for role in ArrsRole.objects.filter(year="2025/26"):
        band = "5" if role.reimbursement == "mental_health" else ""
        assert national(role.code, date(2025, 4, 1), band=band).known, role.code


def enter(demo, role_code, valid_from, value, source):
    """The PCN manager enters the ICB's national maximum for a role from a date."""
    return actions.set_network_maximum(
        network=demo.network,
        role_code=role_code,
        band="",
        pay_area="national",
        valid_from=valid_from,
        value=value,
        source=source,
        by=demo.user("PCN manager"),
    )


def test_the_networks_figure_replaces_ours_from_its_date_only(demo):
    network = demo.network
    enter(demo, "clinical-pharmacist", date(2025, 8, 1), "68,500", "ICB notice of 4 August 2025")
    maxima = Maxima(network)
    assert maxima.on("clinical-pharmacist", date(2025, 7, 1)).value == Decimal("66972")
    ours = maxima.on("clinical-pharmacist", date(2025, 8, 1))
    assert ours.value == Decimal("68500") and ours.by_network
    assert ours.source == "ICB notice of 4 August 2025"
    assert Maxima(None).on("clinical-pharmacist", date(2025, 8, 1)).value == Decimal("66972")
    entry = AuditEntry.objects.filter(action="money.set_maximum").order_by("-pk").first()
    assert entry.after == {"value": "68500.00", "source": "ICB notice of 4 August 2025"}
    # Entered again for the same date: a correction, with what it replaced.
    enter(demo, "clinical-pharmacist", date(2025, 8, 1), "68600", "ICB notice, corrected")
    row = NetworkMaximum.objects.get(network=network, valid_from=date(2025, 8, 1))
    assert row.value == Decimal("68600") and row.version == 2
    latest = AuditEntry.objects.filter(action="money.set_maximum").order_by("-pk").first()
    assert latest.before["value"] == "68500.00"


def test_a_later_shipped_figure_wins_over_an_earlier_networks(demo):
    enter(demo, "pharmacy-technician", date(2024, 4, 1), "41000", "ICB")
    maxima = Maxima(demo.network)
    assert maxima.on("pharmacy-technician", date(2024, 6, 1)).value == Decimal("41000")
    assert maxima.on("pharmacy-technician", date(2024, 10, 1)).value == Decimal("42437")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"role_code": "astronaut"}, "role_code"),
        ({"role_code": "mental-health-practitioner-adult", "band": ""}, "band"),
        ({"pay_area": "mars"}, "pay_area"),
        ({"valid_from": date(2018, 4, 1)}, "valid_from"),
        ({"valid_from": date(2030, 4, 1)}, "valid_from"),
        ({"value": "1e30"}, "value"),
        ({"value": "12"}, "value"),
        ({"value": "lots"}, "value"),
        ({"source": "  "}, "source"),
    ],
)
def test_a_bad_maximum_is_refused_on_its_field_and_nothing_saved(demo, change, field):
    entry = {
        "role_code": "care-coordinator",
        "band": "",
        "pay_area": "national",
        "valid_from": date(2025, 4, 1),
        "value": "36500",
        "source": "ICB letter",
        **change,
    }
    rows, audited = NetworkMaximum.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ActionRefused) as refused:
        actions.set_network_maximum(network=demo.network, by=demo.user("PCN manager"), **entry)
    assert refused.value.field == field
    assert NetworkMaximum.objects.count() == rows and AuditEntry.objects.count() == audited


def test_a_claim_line_is_capped_by_the_maximum_of_its_month(demo):
    network, manager = demo.network, demo.user("PCN manager")
    person = staff.add(
        network=network,
        by=manager,
        full_name="Priya Cap",
        wte=Decimal("1.0"),
        role_code="clinical-pharmacist",
        band="7",
        start_date=date(2024, 1, 1),
        additionality_confirmed=True,
    )
    terms = RoleTerms(network)
    september = terms.reimburse(person, date(2024, 9, 1), Decimal("9000"))
    october = terms.reimburse(person, date(2024, 10, 1), Decimal("9000"))
    assert september.amount == Decimal("5195.00")  # 62,340 / 12
    assert october.amount == Decimal("5486.50")  # 65,838 / 12


def test_the_persons_pay_area_chooses_the_figure(demo):
    network, manager = demo.network, demo.user("PCN manager")
    person = staff.add(
        network=network,
        by=manager,
        full_name="Lena London",
        wte=Decimal("1.0"),
        role_code="clinical-pharmacist",
        band="7",
        start_date=date(2024, 1, 1),
        pay_area="inner_london",
        additionality_confirmed=True,
    )
    result = RoleTerms(network).reimburse(person, date(2025, 5, 1), Decimal("9000"))
    assert result.amount == Decimal("6462.08")  # 77,545 / 12


def test_the_maxima_file_refuses_an_estimate_with_no_figure(tmp_path):
    path = tmp_path / "maxima.csv"
    path.write_text(
        "role_code,band,valid_from,max_national,max_outer_london,max_inner_london,estimated,"
        "method,sources\n"
        "test-role,,2030-04-01,100,,,inner_london,derived,S0\n"
        "test-role,,2031-04-01,100,,,somewhere,derived,S0\n",
        encoding="utf-8",
    )
    result = load_file(path)
    assert result.status == "rejected"
    assert any(e.startswith("maxima.csv:2: estimated: ") for e in result.errors), result.errors
    assert any(e.startswith("maxima.csv:3: estimated: ") for e in result.errors)
    assert not RoleMaximum.objects.filter(role_code="test-role").exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_maxima_and_who_enters_them(demo, role):
    client = signed_in(demo.user(role))
    page = client.get(reverse("money:maxima"), {"year": "2025/26"})
    enter = client.get(reverse("money:enter_maximum"))
    if role == "Staff member":
        assert page.status_code == 403
    else:
        assert page.status_code == 200
        body = text(page)
        assert "Care Co-ordinator" in body and "£36,000.00" in body and "Estimate" in body
        assert ("Enter the ICB's maximum" in body) == (role == "PCN manager")
    assert enter.status_code == (200 if role == "PCN manager" else 403)


def test_the_year_page_shows_the_october_change(demo):
    page = text(
        signed_in(demo.user("PCN manager")).get(reverse("money:maxima"), {"year": "2024/25"})
    )
    assert "1 October 2024" in page and "£65,838.00" in page and "£62,340.00" in page
