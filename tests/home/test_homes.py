"""Each role lands on what needs them: a home per role, each item linked to where it is done,
showing only what the viewer may see."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcn.allocation.models import Scenario
from pcn.coordination import actions as coordination
from pcn.coordination.models import MatrixVersion, RequestAnswer
from pcn.core.models import Membership, Role
from pcn.demo.network import DEMO_PASSWORD
from pcn.rota.models import Assignment, RotaPlan
from pcn.workforce.models import Leave, StaffMember
from tests import clock
from tests.conftest import signed_in, text

DINGLE = "N82033"
ABERCROMBY = "N82054"
HOME = reverse("home:home")


def _home(user):
    return text(signed_in(user).get(HOME))


def _pm(demo, ods_code):
    return demo.network.memberships.get(
        role=Role.PRACTICE_MANAGER, practice__ods_code=ods_code
    ).user


# Where each role lands -------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, page",
    [
        ("PCN manager", "home:home"),
        ("Clinical director", "home:home"),
        ("Practice manager of Dingle Park Practice", "home:home"),
        ("Staff member", "home:my_work"),
        ("Observer", "home:overview"),
    ],
)
def test_each_role_lands_on_its_own_page_after_signing_in(demo, role, page):
    client = Client()
    response = client.post(
        reverse("core:sign_in"), {"email": demo.user(role).email, "password": DEMO_PASSWORD}
    )
    assert response.url == reverse("home:index")
    landing = client.get(response.url)
    assert landing.status_code == 302 and landing.url == reverse(page)
    assert client.get(landing.url).status_code == 200


def test_sign_in_still_follows_a_safe_next_and_ignores_another_site(demo):
    email = demo.user("Practice manager of Dingle Park Practice").email
    response = Client().post(
        reverse("core:sign_in"), {"email": email, "password": DEMO_PASSWORD, "next": "/rota/"}
    )
    assert response.url == "/rota/"
    response = Client().post(
        reverse("core:sign_in"),
        {"email": email, "password": DEMO_PASSWORD, "next": "//evil.example.org/"},
    )
    assert response.url == reverse("home:index")


def test_choosing_a_network_lands_on_your_home(demo):
    client = signed_in(demo.user("PCN manager"))
    response = client.post(reverse("home:choose_network", args=[demo.network.pcn_code]))
    assert response.url == HOME


@pytest.mark.parametrize(
    "role, page", [("Staff member", "home:my_work"), ("Observer", "home:overview")]
)
def test_staff_and_observers_asking_for_a_home_go_to_their_own_page(demo, role, page):
    response = signed_in(demo.user(role)).get(HOME)
    assert response.status_code == 302 and response.url == reverse(page)


def test_signed_out_visitors_are_sent_to_sign_in(demo):
    response = Client().get(HOME)
    assert response.status_code == 302 and reverse("core:sign_in") in response.url


def test_the_service_name_leads_home_and_the_menu_keeps_the_overview(demo):
    client = signed_in(demo.user("Practice manager of Dingle Park Practice"))
    page = text(client.get(HOME))
    menu = page.split('aria-label="Menu"')[1].split("</nav>")[0]
    assert f'href="{reverse("home:overview")}"' in menu
    assert client.get(reverse("home:index")).url == HOME


# Practice manager ------------------------------------------------------------------------


def _overdue_request(demo):
    return demo.network.practice_requests.get(title__startswith="Confirm your practice's enhanced")


def test_a_practice_manager_sees_overdue_requests_of_their_practice_linked_to_answer(demo):
    overdue = _overdue_request(demo)
    waiting = overdue.answers.filter(status=RequestAnswer.Status.WAITING).first()
    page = _home(_pm(demo, waiting.practice.ods_code))
    todo = page.split(f'data-testid="practice-{waiting.practice.ods_code}-requests"')[1]
    assert overdue.title in todo and "Overdue" in todo and "(1 overdue)" in page
    assert f'href="{reverse("coordination:request", args=[overdue.pk])}"' in todo


def test_a_practice_manager_never_sees_another_practices_requests(demo):
    dingle = demo.network.practices.get(ods_code=DINGLE)
    coordination.practice_requests.send_request(
        network=demo.network,
        title="Your flu clinic rooms",
        reason="For the Saturday clinics.",
        due=clock.TODAY + timedelta(days=5),
        practices=[dingle],
        by=demo.user("PCN manager"),
    )
    assert "Your flu clinic rooms" in _home(_pm(demo, DINGLE))
    other = _home(_pm(demo, ABERCROMBY))
    assert "Your flu clinic rooms" not in other and "Dingle Park Practice" not in other


def test_a_practice_manager_is_asked_to_agree_the_proposed_matrix_until_they_answer(demo):
    version = demo.network.matrix_versions.get(status=MatrixVersion.Status.PROPOSED)
    silent = demo.network.practices.exclude(pk__in=version.answers.values("practice_id")).first()
    page = _home(_pm(demo, silent.ods_code))
    assert f"Who does what, version {version.number}: agree or object" in page
    assert f'href="{reverse("coordination:matrix_version", args=[version.pk])}"' in page
    answered = version.answers.first().practice
    assert f"Who does what, version {version.number}: agree" not in _home(
        _pm(demo, answered.ods_code)
    )


def test_a_practice_manager_sees_proposed_allocations_their_practice_has_not_answered(demo):
    draft = demo.network.scenarios.filter(status=Scenario.Status.DRAFT).first()
    if draft is None:
        agreed = demo.network.scenarios.first()
        draft = Scenario.objects.create(
            network=demo.network,
            name="Need, with a floor",
            week=agreed.week,
            policies=agreed.policies,
            result=agreed.result,
        )
    page = _home(_pm(demo, DINGLE))
    assert f"{draft.name}: agree or object" in page
    assert f'href="{reverse("allocation:scenario", args=[draft.pk])}"' in page


def test_a_practice_manager_sees_leave_at_their_practice_without_its_kind(demo):
    dingle = demo.network.practices.get(ods_code=DINGLE)
    person = StaffMember.objects.filter(network=demo.network, usual_week__practice=dingle).first()
    Leave.objects.create(
        staff=person,
        kind=Leave.Kind.SICKNESS,
        start=clock.TODAY,
        end=clock.TODAY + timedelta(days=2),
        status=Leave.Status.APPROVED,
    )
    page = _home(_pm(demo, DINGLE))
    todo = page.split(f'data-testid="practice-{DINGLE}-leave"')[1].split("</div>")[0]
    assert f"{person.full_name}: away" in todo and "Sickness" not in todo


def test_without_a_published_rota_the_practice_sees_its_usual_week_labelled_so(demo):
    page = _home(_pm(demo, DINGLE))
    assert f'data-testid="practice-{DINGLE}-no-rota"' in page
    assert "This is the usual week" in page


def test_with_a_published_rota_the_practice_sees_who_is_there_this_week(demo):
    dingle = demo.network.practices.get(ods_code=DINGLE)
    person = StaffMember.objects.filter(network=demo.network, is_draft=False).first()
    monday = clock.TODAY - timedelta(days=clock.TODAY.weekday())
    plan = RotaPlan.objects.create(
        network=demo.network,
        start=monday,
        weeks=1,
        status=RotaPlan.Status.PUBLISHED,
        published_at=clock.NOW,
    )
    tuesday, wednesday = monday + timedelta(days=1), monday + timedelta(days=2)
    for when, session in [(tuesday, "PM"), (wednesday, "AM"), (wednesday, "PM")]:
        Assignment.objects.create(
            plan=plan, staff=person, day=when, session=session, practice=dingle
        )
    page = _home(_pm(demo, DINGLE))
    week = page.split(f'data-testid="practice-{DINGLE}-week"')[1].split("</table>")[0]
    assert person.full_name in week and "Tue afternoon, Wed all day" in week
    assert "from the published rota" in page
    # The same answer as the practice's staff page, which the home links to.
    assert f'href="{reverse("workforce:practice_staff", args=[DINGLE])}"' in page


def test_a_practice_manager_sees_their_own_statement_only(demo):
    page = _home(_pm(demo, DINGLE))
    assert reverse("money:statement", args=[DINGLE]) in page
    assert reverse("money:statement", args=[ABERCROMBY]) not in page


def test_with_everything_answered_the_practice_manager_reads_nothing_waiting(demo):
    dingle = demo.network.practices.get(ods_code=DINGLE)
    RequestAnswer.objects.filter(practice=dingle).update(status=RequestAnswer.Status.DONE)
    demo.network.matrix_versions.filter(status=MatrixVersion.Status.PROPOSED).update(
        status=MatrixVersion.Status.WITHDRAWN
    )
    demo.network.scenarios.filter(status=Scenario.Status.DRAFT).delete()
    demo.network.services.exclude(participations__practice=dingle).delete()
    Leave.objects.filter(staff__network=demo.network).delete()
    page = _home(_pm(demo, DINGLE))
    assert f'data-testid="practice-{DINGLE}-nothing"' in page
    assert "Nothing waiting for you" in page


# Clinical director -----------------------------------------------------------------------


def test_the_clinical_director_sees_approvals_and_risks_linked_to_where_they_are_done(demo):
    director = demo.user("Clinical director")
    agreed = demo.network.scenarios.first()
    draft = Scenario.objects.create(
        network=demo.network,
        name="Need, with a floor",
        week=agreed.week,
        policies=agreed.policies,
        result=agreed.result,
    )
    page = _home(director)
    approvals = page.split('data-testid="director-allocations"')[1].split("</div>")[0]
    assert "Need, with a floor: agree it for the network" in approvals
    assert f'href="{reverse("allocation:scenario", args=[draft.pk])}"' in approvals
    assert 'data-testid="director-matrix"' in page
    isolation = page.split('data-testid="director-isolation"')[1].split("</div>")[0]
    assert 'href="/staff/' in isolation
    assert 'data-testid="director-unspent"' in page


# PCN manager -----------------------------------------------------------------------------


def test_the_pcn_manager_sees_practices_to_chase_and_the_networks_to_do(demo):
    page = _home(demo.user("PCN manager"))
    overdue = _overdue_request(demo)
    chase = page.split('data-testid="manager-requests"')[1].split("</div>")[0]
    assert overdue.title in chase and "have not answered" in chase
    assert 'data-testid="manager-matrix"' in page
    loner = StaffMember.objects.filter(
        network=demo.network, is_draft=False, teams__isnull=True, end_date__isnull=True
    ).first()
    no_team = page.split('data-testid="manager-no-team"')[1].split("</div>")[0]
    assert f'href="{reverse("workforce:person", args=[loner.pk])}"' in no_team


def test_the_pcn_manager_is_told_of_a_finished_rota_not_yet_published(demo):
    monday = clock.TODAY - timedelta(days=clock.TODAY.weekday())
    plan = RotaPlan.objects.create(network=demo.network, start=monday, weeks=2)
    plan.runs.create(status="done", finished_at=clock.NOW)
    page = _home(demo.user("PCN manager"))
    rota = page.split('data-testid="manager-rota"')[1].split("</div>")[0]
    assert f'href="{reverse("rota:plan", args=[plan.pk])}"' in rota


# Several roles ---------------------------------------------------------------------------


def test_someone_with_several_roles_sees_each_roles_part(demo):
    manager = demo.user("PCN manager")
    dingle = demo.network.practices.get(ods_code=DINGLE)
    Membership.objects.create(
        user=manager, network=demo.network, role=Role.PRACTICE_MANAGER, practice=dingle
    )
    page = _home(manager)
    assert 'data-testid="manager"' in page and f'data-testid="practice-{DINGLE}"' in page
    assert 'data-testid="director"' not in page


# Observer --------------------------------------------------------------------------------


def test_the_observer_lands_on_the_summary_with_no_staff_names(demo):
    observer = signed_in(demo.user("Observer"))
    page = text(observer.get(observer.get(reverse("home:index")).url))
    assert "Central Liverpool PCN" in page
    for person in StaffMember.objects.filter(network=demo.network, is_draft=False)[:20]:
        assert person.full_name not in page


# The same number of queries however big the network --------------------------------------


def _queries(user):
    client = signed_in(user)
    client.get(HOME)  # roles and sessions cached as on any page after the first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def _grow(demo):
    """Twice the practices, more staff, requests, leave and scenarios."""
    network, manager = demo.network, demo.user("PCN manager")
    for n in range(6):
        network.practices.create(ods_code=f"Y9{n:04d}", name=f"Extra Practice {n}")
    template = StaffMember.objects.filter(network=network, is_draft=False).first()
    for n in range(30):
        StaffMember.objects.create(
            network=network,
            full_name=f"Extra Person {n}",
            wte=1,
            role_code=template.role_code,
            start_date=clock.TODAY - timedelta(days=400),
        )
    people = list(StaffMember.objects.filter(network=network, is_draft=False))
    for n, person in enumerate(people[:20]):
        Leave.objects.create(
            staff=person,
            kind=Leave.Kind.ANNUAL,
            start=clock.TODAY + timedelta(days=n % 5),
            end=clock.TODAY + timedelta(days=5),
        )
    for n in range(8):
        coordination.practice_requests.send_request(
            network=network,
            title=f"Extra request {n}",
            reason="Because.",
            due=clock.TODAY + timedelta(days=1 + n),
            practices=list(network.practices.all()),
            by=manager,
        )
    agreed = network.scenarios.first()
    for n in range(7):
        Scenario.objects.create(
            network=network,
            name=f"Extra scenario {n}",
            week=agreed.week,
            policies=agreed.policies,
            result=agreed.result,
        )


@pytest.mark.parametrize(
    "role", ["PCN manager", "Clinical director", "Practice manager of Dingle Park Practice"]
)
def test_a_home_asks_the_database_as_often_for_a_bigger_network(demo, role):
    user = demo.user(role)
    small = _queries(user)
    _grow(demo)
    user = type(user).objects.get(pk=user.pk)
    assert _queries(user) == small


@pytest.mark.parametrize(
    "role", ["PCN manager", "Clinical director", "Practice manager of Dingle Park Practice"]
)
def test_every_home_shows_the_networks_agreed_purpose_after_what_needs_them(demo, role):
    page = _home(demo.user(role))
    agreed = demo.network.purpose_versions.filter(agreed_at__isnull=False).latest("number")
    assert "Our shared purpose" in page and agreed.statement[:60] in page
    assert page.index("Our shared purpose") > page.index("What needs you")
