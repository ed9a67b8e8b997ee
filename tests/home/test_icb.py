"""An ICB's view: its users see every network of the ICB side by side, read each network's
overview and download the figures; no one is named; nobody else sees it; the page asks the
database as often for six networks as for two."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcn.core.models import AuditEntry, IcbMembership, User
from pcn.demo import network as demo_network
from pcn.home.icb import icb_view
from pcn.money.models import SalaryLine
from pcn.money.queries import forecast_for
from pcn.networks import actions as network_actions
from pcn.networks.models import Network
from pcn.networks.populations import network_populations
from pcn.workforce import belonging
from pcn.workforce.actions import staff
from pcn.workforce.models import PulseResponse, StaffMember
from pcn.workforce.supervision import due_dates
from tests import clock
from tests.conftest import signed_in, text

ICB = "QYG"  # NHS Cheshire and Merseyside: the demo network's ICB
OTHER_ICB = "QHM"  # the second demo network's
# Five more PCNs of the same ICB, built by the demo builder once for this module.
MORE = ["U29951", "U31094", "U85493", "U66020", "U29000"]
PAGE = reverse("home:icb", args=[ICB])


@pytest.fixture(scope="module")
def icb_networks(django_db_setup, django_db_blocker):
    """Six networks of the ICB (the demo's and five more), built once for the module and
    removed after it."""
    with django_db_blocker.unblock():
        for code in MORE:
            demo_network.build(code, today=clock.TODAY)
    yield
    with django_db_blocker.unblock():
        Network.objects.filter(pcn_code__in=MORE).delete()
        for code in MORE:
            User.objects.filter(
                email__endswith=f".{code.lower()}@{demo_network.DEMO_DOMAIN}"
            ).delete()


def icb_user(demo):
    return demo.user("ICB user")


def _page(client, url=PAGE):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return text(response)


def _csv(client, name, icb=ICB):
    response = client.get(reverse(f"home:icb_{name}_csv", args=[icb]))
    assert response.status_code == 200
    return response, list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# Who sees it -------------------------------------------------------------------------------


def test_an_icb_user_lands_on_their_icb_page(demo):
    response = signed_in(icb_user(demo)).get(reverse("home:index"))
    assert response.status_code == 302 and response.url == PAGE


def test_the_demo_prints_the_icb_user_among_its_sign_ins(demo):
    user = icb_user(demo)
    assert user.email == f"icb.qyg@{demo_network.DEMO_DOMAIN}"
    assert IcbMembership.objects.filter(user=user, icb_code=ICB).exists()


def test_another_icbs_user_gets_404_on_every_icb_page(demo, other_demo):
    theirs = signed_in(other_demo.user("ICB user"))
    for url in (
        PAGE,
        reverse("home:icb_networks_csv", args=[ICB]),
        reverse("home:icb_census_csv", args=[ICB]),
        reverse("home:icb_network", args=[ICB, demo.network.pcn_code]),
    ):
        assert theirs.get(url).status_code == 404, url


def test_an_icb_user_cannot_open_another_icbs_network_through_their_own_icb(demo, other_demo):
    ours = signed_in(icb_user(demo))
    second = other_demo.network.pcn_code
    assert ours.get(reverse("home:icb_network", args=[ICB, second])).status_code == 404
    assert ours.get(reverse("home:icb_network", args=[OTHER_ICB, second])).status_code == 404


# What it shows -----------------------------------------------------------------------------


def test_the_page_shows_every_network_of_the_icb_and_none_of_another(demo, icb_networks):
    page = _page(signed_in(icb_user(demo)))
    for code in [demo.network.pcn_code, *MORE]:
        assert f'data-testid="network-{code}"' in page
    assert "North Stockton" not in page
    assert reverse("home:icb_network", args=[ICB, demo.network.pcn_code]) in page


def test_each_figure_is_the_one_the_networks_own_pages_give(demo):
    network = demo.network
    view = icb_view(ICB, today=clock.TODAY)
    (row,) = [r for r in view.networks if r.pcn_code == network.pcn_code]

    profiles = belonging.profiles(network, today=clock.TODAY)
    assert row.high_isolation_risk == sum(p.severity == "High" for p in profiles)
    assert row.high_isolation_risk > 0
    people = belonging.active_people(network, clock.TODAY)
    due = due_dates(network, people, clock.TODAY)
    assert row.supervision_overdue == sum(d.is_overdue for d in due.values())
    forecast, _, _ = forecast_for(network, today=clock.TODAY)
    assert row.unspent == forecast.unspent and row.entitlement == forecast.entitlement
    assert row.registered == network_populations(network).totals["registered"]
    in_post = belonging.in_post(network, clock.TODAY)
    assert row.total_fte == sum(p.wte for p in in_post if p.role_code)
    pharmacists = sum(p.wte for p in in_post if p.role_code == "clinical-pharmacist")
    assert row.fte["clinical-pharmacist"] == pharmacists
    assert row.per_10k["clinical-pharmacist"] == (pharmacists * 10_000 / row.registered).quantize(
        Decimal("0.01")
    )


def test_rota_coverage_counts_published_sessions_at_practices_against_the_agreed_allocation(
    demo,
):
    from pcn.rota.models import RotaPlan

    network = demo.network
    monday = clock.TODAY - timedelta(days=clock.TODAY.weekday())
    plan = RotaPlan.objects.create(
        network=network, start=monday, weeks=1, status=RotaPlan.Status.PUBLISHED
    )
    person = network.staff.filter(is_draft=False).first()
    practice = network.practices.first()
    for day in range(3):
        plan.assignments.create(
            staff=person,
            day=monday + timedelta(days=day),
            session="AM",
            practice=practice,
            service="x",
        )
    plan.assignments.create(staff=person, day=monday, session="PM", practice=None, service="x")
    view = icb_view(ICB, today=clock.TODAY)
    (row,) = [r for r in view.networks if r.pcn_code == network.pcn_code]
    this_week, next_week = row.coverage
    assert (this_week.monday, this_week.published) == (monday, 3)  # not the one at the hub
    assert (next_week.monday, next_week.published) == (monday + timedelta(days=7), 0)
    assert row.agreed_allocation
    agreed = network.scenarios.get(status="agreed")
    assert this_week.agreed == sum(
        p["allocated"] for s in agreed.result["services"] for p in s["practices"]
    )
    page = _page(signed_in(icb_user(demo)))
    assert f"3 of {this_week.agreed}" in page


def test_nothing_personal_appears_on_the_icb_pages_or_in_their_files(demo):
    network = demo.network
    client = signed_in(icb_user(demo))
    shown = [
        _page(client),
        _page(client, reverse("home:icb_network", args=[ICB, network.pcn_code])),
        _csv(client, "networks")[0].content.decode(),
        _csv(client, "census")[0].content.decode(),
    ]
    names = set(StaffMember.objects.filter(network=network).values_list("full_name", flat=True))
    names |= {user.full_name for _, user in demo.sign_ins if user != icb_user(demo)}
    salaries = set()
    for line in SalaryLine.objects.filter(network=network):
        for amount in (line.salary, line.actual_cost):
            salaries |= {f"{amount:,.2f}", f"{amount:.2f}"}
    comments = set(
        PulseResponse.objects.filter(staff__network=network)
        .exclude(comment="")
        .values_list("comment", flat=True)
    )
    assert names and salaries
    for page in shown:
        for secret in names | salaries | comments:
            assert secret not in page, secret


def test_the_networks_file_has_the_pages_figures_with_a_dated_name(demo, icb_networks):
    response, rows = _csv(signed_in(icb_user(demo)), "networks")
    assert response["Content-Disposition"] == (
        f'attachment; filename="icb-qyg-networks-{clock.TODAY.isoformat()}.csv"'
    )
    header, *body = rows
    assert len(body) == 1 + len(MORE)
    view = icb_view(ICB, today=clock.TODAY)
    ours = next(r for r in body if r[0] == demo.network.pcn_code)
    row = next(r for r in view.networks if r.pcn_code == demo.network.pcn_code)
    cell = dict(zip(header, ours, strict=True))
    assert cell["Registered patients"] == str(row.registered)
    assert Decimal(cell["ARRS FTE"]) == row.total_fte
    assert int(cell["People at high risk of isolation"]) == row.high_isolation_risk
    assert Decimal(cell["Forecast unspent"]) == row.unspent
    assert cell["Figures as at"] == clock.TODAY.isoformat()


def test_every_other_pcn_of_the_icb_in_the_census_appears_with_its_census_figures(
    demo, icb_networks
):
    from pcn.benchmarking.england import england

    view = icb_view(ICB, today=clock.TODAY)
    using = {demo.network.pcn_code, *MORE}
    census = {f.code: f for f in england().in_icb(ICB)}
    assert {r.pcn_code for r in view.census.rows} == set(census) - using
    assert len(view.census.rows) > 20
    row = view.census.rows[0]
    figures = census[row.pcn_code]
    assert row.patients == figures.patients and row.census_date == figures.census_date
    assert row.total_fte == figures.fte_arrs
    assert row.total_per_10k == (figures.fte_arrs * 10_000 / figures.patients).quantize(
        Decimal("0.01")
    )
    client = signed_in(icb_user(demo))
    page = _page(client)
    assert f'data-testid="census-{row.pcn_code}"' in page
    assert "not using PCN Commons — census figures" in page
    for code in using:
        assert f'data-testid="census-{code}"' not in page
    response, (header, *body) = _csv(client, "census")
    assert response["Content-Disposition"].endswith(f'-census-{clock.TODAY.isoformat()}.csv"')
    assert [r[0] for r in body] == [r.pcn_code for r in view.census.rows]


def test_the_networks_overview_is_read_only_for_the_icb_user(demo):
    page = _page(
        signed_in(icb_user(demo)), reverse("home:icb_network", args=[ICB, demo.network.pcn_code])
    )
    assert "Dingle Park Practice" in page and 'data-testid="read-only"' in page
    assert "<form" not in page.split("<main")[1]
    assert reverse("networks:practice", args=["N82033"]) not in page


def test_every_write_is_refused_to_the_icb_user(demo):
    """They are no network's member: every page that writes answers a redirect to choose a
    network, a 403 or a 404, and nothing is written."""
    from django.urls import get_resolver

    from pcn.rota import actions as rota
    from tests.test_tenancy import walk

    network = demo.network
    objects = {
        "pcn_code": network.pcn_code,
        "ods_code": "N82033",
        "pk": network.staff.first().pk,
        "scenario_id": network.scenarios.first().pk,
        "plan_id": rota.create_plan(
            network=network, start=date(2026, 11, 30), weeks=1, by=demo.user("PCN manager")
        ).pk,
        "claim_id": network.claims.first().pk,
        "request_id": network.practice_requests.first().pk,
        "meeting_id": network.meetings.first().pk,
        "team_id": network.teams.first().pk,
        "service_id": network.services.first().pk,
        "membership_id": network.memberships.first().pk,
        "version_id": network.matrix_versions.first().pk,
        "action_id": network.action_items.first().pk,
        "concern_id": network.concerns.first().pk,
    }
    # Pages for anyone, or about the person themselves; asking to set up a network (anyone may);
    # deciding those requests, which an ICB user may do for their ICB (decision 18, tested above).
    own = {
        "core",
        "reference",  # the NHS files we use: public
        "home:index",
        "home:choose_network",
        "networks:set_up",
        "networks:create",
        "networks:applications",
    }
    client = signed_in(icb_user(demo))
    before = AuditEntry.objects.count()
    tried = []
    for name, pattern in walk(get_resolver().url_patterns):
        arguments = list(pattern.pattern.converters)
        if name.split(":")[0] in own or name in own or name.startswith("home:icb"):
            continue
        if any(argument not in objects for argument in arguments):
            continue
        url = reverse(name, kwargs={a: objects[a] for a in arguments})
        status = client.post(url, {}).status_code
        assert status in (302, 403, 404, 405), f"POST {url} ({name}) gave {status}"
        tried.append(name)
    assert AuditEntry.objects.count() == before
    assert {"networks:edit_rooms", "rota:publish", "money:claim", "workforce:register"} <= set(
        tried
    )


def test_an_icb_user_choosing_one_of_their_networks_still_lands_there(demo):
    observer = demo.user("Observer")
    IcbMembership.objects.create(user=observer, icb_code=ICB)
    client = signed_in(observer)
    assert client.get(reverse("home:index")).url == PAGE
    response = client.post(reverse("home:choose_network", args=[demo.network.pcn_code]))
    assert response.url == reverse("home:overview")
    assert "/icb/QYG/" in text(client.get(reverse("home:index") + "?choose=1"))


# The same number of queries for two networks as for six -----------------------------------


def _queries(client):
    client.get(PAGE)  # the networks' own figures computed once (network_figures)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    return len(queries)


def test_the_page_asks_as_often_for_six_networks_as_for_two(demo, icb_networks):
    client = signed_in(icb_user(demo))
    six = _queries(client)
    assert len(icb_view(ICB, today=clock.TODAY).networks) == 6
    Network.objects.filter(pcn_code__in=MORE[1:]).update(icb_code="Q99")
    assert len(icb_view(ICB, today=clock.TODAY).networks) == 2
    assert _queries(client) == six


def test_the_rows_of_changed_networks_are_read_together(demo, icb_networks, monkeypatch):
    """After changes, each figure is one query (or a fixed few) for all the changed networks;
    only the two from a network's own presenters are asked network by network."""
    from pcn.home import icb
    from pcn.home.icb import network_figures

    monkeypatch.setattr(
        network_figures,
        "compute",
        lambda network, today: dict.fromkeys(
            ["high_risk", "year", "entitlement", "unspent", "overspent", "left_out"], 0
        ),
    )
    networks = list(Network.objects.filter(icb_code=ICB).order_by("pk"))
    weeks = icb_view(ICB, today=clock.TODAY).weeks

    def queries(some):
        with CaptureQueriesContext(connection) as captured:
            rows = icb.network_rows(some, clock.TODAY, weeks)
        assert len(rows) == len(some)
        return len(captured)

    assert len(networks) == 6
    assert queries(networks[:2]) == queries(networks)


def test_a_change_to_a_network_is_on_the_page_at_once(demo):
    network = demo.network
    client = signed_in(icb_user(demo))
    before = icb_view(ICB, today=clock.TODAY)
    client.get(PAGE)
    # No home base, line manager or supervisor: at high risk of isolation.
    staff.add(
        network=network,
        by=demo.user("PCN manager"),
        full_name="New Starter",
        wte=Decimal("1.00"),
        role_code="care-coordinator",
        start_date=clock.TODAY,
    )
    after = icb_view(ICB, today=clock.TODAY)
    (was,) = [r for r in before.networks if r.pcn_code == network.pcn_code]
    (now,) = [r for r in after.networks if r.pcn_code == network.pcn_code]
    assert now.high_isolation_risk == was.high_isolation_risk + 1
    assert now.fte["care-coordinator"] == was.fte["care-coordinator"] + 1


# Adding an ICB user ------------------------------------------------------------------------


def test_adding_an_icb_user_makes_an_account_and_emails_a_link_to_choose_a_password(db, demo):
    mail.outbox.clear()
    call_command("add_icb_user", "Lead@Example.NHS.uk", "qyg", "--name", "Alex Lead")
    user = User.objects.get(email="lead@example.nhs.uk")
    assert not user.has_usable_password() and user.full_name == "Alex Lead"
    assert IcbMembership.objects.filter(user=user, icb_code=ICB).exists()
    (sent,) = mail.outbox
    assert sent.to == ["lead@example.nhs.uk"]
    assert "NHS Cheshire and Merseyside" in sent.subject and "/password-reset/" in sent.body
    entry = AuditEntry.objects.get(action="networks.add_icb_user")
    assert entry.after["icb_code"] == ICB and entry.network is None
    assert signed_in(user).get(reverse("home:index")).url == PAGE


def test_an_existing_account_becomes_an_icb_user_and_is_told_to_sign_in(demo):
    mail.outbox.clear()
    director = demo.user("Clinical director")
    call_command("add_icb_user", director.email, ICB)
    assert IcbMembership.objects.filter(user=director, icb_code=ICB).exists()
    assert "/sign-in/" in mail.outbox[0].body
    director.refresh_from_db()
    assert director.has_usable_password()


@pytest.mark.parametrize(
    "email, icb_code, field",
    [
        ("not an email", ICB, "email"),
        ("x@example.nhs.uk", "NOPE", "icb_code"),
        ("x@example.nhs.uk", "", "icb_code"),
        ("x@example.nhs.uk", "Q" * 11, "icb_code"),
        ("x" * 200 + "@example.nhs.uk", ICB, "email"),
    ],
)
def test_adding_an_icb_user_refuses_bad_input_naming_the_field(db, email, icb_code, field):
    from pcn.core.refusals import ActionRefused

    with pytest.raises(ActionRefused) as refused:
        network_actions.add_icb_user(
            email=email, icb_code=icb_code, by=None, link_for=lambda user: "http://x/"
        )
    assert refused.value.field == field
    assert not IcbMembership.objects.filter(user__email=email).exists()


def test_adding_the_same_icb_user_twice_is_refused(demo):
    with pytest.raises(CommandError, match="already a user"):
        call_command("add_icb_user", icb_user(demo).email, ICB)


# Approving networks (decision 18) ----------------------------------------------------------


def test_an_icb_user_may_decide_requests_for_networks_of_their_icb_only(demo, other_demo):
    from pcn.networks.models import NetworkApplication

    applicant = User.objects.create_user(email="new@example.nhs.uk", full_name="New", password="x")
    ours = network_actions.apply(pcn_code="U07776", by=applicant)
    theirs = NetworkApplication.objects.create(
        pcn_code="U99999", name="Elsewhere", icb_code=OTHER_ICB, applicant=applicant
    )
    user = icb_user(demo)
    assert user.has_perm("networks.see_applications")
    assert user.has_perm("networks.decide_application", ours)
    assert not user.has_perm("networks.decide_application", theirs)
    client = signed_in(user)
    assert client.get(reverse("networks:applications")).status_code == 200
    assert client.get(reverse("networks:application", args=[theirs.pk])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(demo):
    for url in (
        PAGE,
        reverse("home:icb_networks_csv", args=[ICB]),
        reverse("home:icb_network", args=[ICB, demo.network.pcn_code]),
    ):
        response = Client().get(url)
        assert response.status_code == 302 and reverse("core:sign_in") in response.url


def test_a_site_administrator_adds_an_icb_user_from_the_approvals_page(demo):
    admin = User.objects.create_user(
        email="admin@example.nhs.uk", full_name="Site Admin", password="x", is_staff=True
    )
    client = signed_in(admin)
    url = reverse("networks:applications")
    assert 'data-testid="add-icb-user"' in _page(client, url)
    mail.outbox.clear()
    response = client.post(url, {"email": "new.icb@example.nhs.uk", "icb_code": "qyg"})
    assert response.status_code == 302
    user = User.objects.get(email="new.icb@example.nhs.uk")
    assert IcbMembership.objects.filter(user=user, icb_code=ICB).exists()
    assert "http://testserver/password-reset/" in mail.outbox[0].body
    refused = text(client.post(url, {"email": "other@example.nhs.uk", "icb_code": "NOPE"}))
    assert "No PCN in the loaded NHS files is in an ICB with the code NOPE" in refused
    assert not User.objects.filter(email="other@example.nhs.uk").exists()


@pytest.mark.parametrize("role", ["Observer", "ICB user", "PCN manager"])
def test_only_site_administrators_add_icb_users(demo, role):
    client = signed_in(demo.user(role))
    url = reverse("networks:applications")
    response = client.post(url, {"email": "sneaky@example.nhs.uk", "icb_code": ICB})
    assert response.status_code == 403
    assert not User.objects.filter(email="sneaky@example.nhs.uk").exists()
    if role != "PCN manager":
        assert 'data-testid="add-icb-user"' not in _page(client, url)
