"""The pulse: answered by each person for themselves, shown only where five or more answered.
Retention: turnover and length of service worked out by hand."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from pcn.core.models import AuditEntry, User
from pcn.networks import actions as network_actions
from pcn.workforce import pulse, retention
from pcn.workforce.actions import staff as staff_actions
from pcn.workforce.models import PulseResponse, StaffMember, Team
from tests.conftest import signed_in, text
from tests.test_permissions import ROLES

TODAY = timezone.localdate()
MONTH = TODAY.replace(day=1)  # being answered: no results until it ends
CLOSED = (MONTH - timedelta(days=1)).replace(day=1)  # the latest month with results


@pytest.fixture
def network(db):
    manager = User.objects.create_user(email="m@example.nhs.uk", full_name="M", password="x-y-z-1")
    return network_actions.set_up(pcn_code="U03864", by=manager)


def staff(network, count, role="care-coordinator", team=None, **fields):
    people = [
        StaffMember.objects.create(
            network=network, full_name=f"{role} {i}", role_code=role, wte=Decimal("1"), **fields
        )
        for i in range(count)
    ]
    if team:
        for person in people:
            person.teams.add(team)
    return people


def answer(people, scores, month=CLOSED, comment=""):
    for person, (b, s, c) in zip(people, scores, strict=True):
        PulseResponse.objects.create(
            staff=person, month=month, belong=b, support=s, clarity=c, comment=comment
        )


def group(groups, name):
    return next(g for g in groups if g.name == name)


def test_four_answers_are_hidden_and_five_are_shown(network):
    team = Team.objects.create(network=network, name="Care team")
    four = staff(network, 4, team=team)
    answer(four, [(5, 4, 3)] * 4)
    _, groups, _ = pulse.results(network, {"care-coordinator": "Care Co-ordinator"})
    cell = group(groups, "Care team").cells[CLOSED]
    assert cell.answers == 4 and not cell.shown and cell.means is None
    assert not group(groups, "Care Co-ordinator").cells[CLOSED].shown

    fifth = staff(network, 1, role="care-coordinator", team=team)
    answer(fifth, [(1, 2, 3)])
    _, groups, _ = pulse.results(network, {"care-coordinator": "Care Co-ordinator"})
    cell = group(groups, "Care team").cells[CLOSED]
    assert cell.shown and cell.answers == 5
    # (5+5+5+5+1)/5 = 4.2; (4*4+2)/5 = 3.6; (3*5)/5 = 3.0
    assert cell.means == {"belong": "4.2", "support": "3.6", "clarity": "3.0"}


def test_the_page_never_shows_a_small_groups_figures(network, db):
    team = Team.objects.create(network=network, name="Tiny team")
    answer(staff(network, 3, team=team), [(1, 1, 1)] * 3)
    answer(staff(network, 5, role="clinical-pharmacist"), [(4, 4, 4)] * 5)
    client = signed_in(network.memberships.get().user)
    page = text(client.get(reverse("workforce:pulse_results")))
    tiny_row = page[page.index("Tiny team") : page.index("</tr>", page.index("Tiny team"))]
    assert "Hidden" in tiny_row and "1.0" not in tiny_row
    assert "4.0" in page  # the pharmacists, and the network of eight: (3 + 20) / 8 = 2.9
    assert "2.9" in page


def test_comments_only_for_the_whole_network_in_a_month_with_five_answers(network):
    people = staff(network, 5)
    answer(people[:4], [(3, 3, 3)] * 4, comment="Too many sites")
    assert pulse.results(network, {})[2] == []
    answer(people[4:], [(3, 3, 3)], comment="")
    assert pulse.results(network, {})[2] == ["Too many sites"] * 4


def test_the_twelve_month_trend_has_every_month(network):
    months = pulse.last_months(12, date(2026, 3, 15))
    assert months[0] == date(2025, 4, 1) and months[-1] == date(2026, 3, 1) and len(months) == 12


def test_staff_answer_for_themselves_and_can_change_it_this_month(demo):
    me = demo.network.staff.get(user=demo.user("Staff member"))
    me.pulse.all().delete()
    client = signed_in(demo.user("Staff member"))
    url = reverse("home:my_work")
    assert client.post(url, {"belong": "4", "support": "3", "clarity": "5"}).status_code == 302
    assert client.post(url, {"belong": "2", "support": "3", "clarity": "5"}).status_code == 302
    answered = me.pulse.get()
    assert (answered.month, answered.belong) == (MONTH, 2)
    form = client.get(url).context["form"]
    assert (form["belong"].value(), form["clarity"].value()) == ("2", "5")  # shown to change
    entry = AuditEntry.objects.filter(action="workforce.answer_pulse").latest("pk")
    assert "2" not in str(entry.after.get("belong", ""))  # the audit never holds the scores


@pytest.mark.parametrize("field", ["belong", "support", "clarity"])
def test_a_score_outside_1_to_5_is_refused_on_its_field(demo, field):
    me = demo.network.staff.get(user=demo.user("Staff member"))
    me.pulse.all().delete()
    scores = {"belong": 3, "support": 3, "clarity": 3, field: 6}
    with pytest.raises(staff_actions.ActionRefused) as refused:
        staff_actions.answer_pulse(person=me, month=MONTH, by=demo.user("Staff member"), **scores)
    assert refused.value.field == field
    assert not me.pulse.exists()

    response = signed_in(demo.user("Staff member")).post(
        reverse("home:my_work"), {**{k: str(v) for k, v in scores.items()}}
    )
    assert response.status_code == 200 and "Select a valid choice" in text(response)
    assert not me.pulse.exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "Staff member"])
def test_nobody_else_can_answer_the_pulse(demo, role):
    response = signed_in(demo.user(role)).post(
        reverse("home:my_work"), {"belong": "1", "support": "1", "clarity": "1"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("page", ["workforce:pulse_results", "workforce:retention"])
@pytest.mark.parametrize("role", ROLES)
def test_results_are_for_leadership_and_observers(demo, role, page):
    allowed = {"PCN manager", "Clinical director", "Observer"}
    status = signed_in(demo.user(role)).get(reverse(page)).status_code
    assert status == (200 if role in allowed else 403)


# Retention


def test_turnover_and_median_service_worked_by_hand(network):
    today = date(2026, 11, 1)
    year_ago = today - timedelta(days=365)
    make = StaffMember.objects.create
    common = {"network": network, "wte": Decimal("1"), "role_code": "care-coordinator"}
    home = network.practices.first()
    # In post all year, at a practice: 2 and 4 years of service.
    make(full_name="A", start_date=today - timedelta(days=730), home_practice=home, **common)
    make(full_name="B", start_date=today - timedelta(days=1461), home_practice=home, **common)
    # Left in the year after 1 year, no home base.
    make(
        full_name="C",
        start_date=year_ago - timedelta(days=100),
        end_date=year_ago + timedelta(days=265),
        leaver_reason="isolation",
        **common,
    )
    # Joined in the year, network team.
    make(full_name="D", start_date=today - timedelta(days=100), home_is_network_team=True, **common)
    # Left before the year: not counted anywhere.
    make(
        full_name="E", start_date=date(2020, 1, 1), end_date=year_ago - timedelta(days=5), **common
    )

    figures = retention.retention(network, {"care-coordinator": "Care Co-ordinator"}, today=today)
    whole = figures["network"]
    # 12 months ago A, B, C were in post (3); today A, B, D (3): average 3; 1 leaver: 33.3%.
    assert (whole.headcount_then, whole.headcount_now, whole.leavers) == (3, 3, 1)
    assert whole.turnover == 33.3
    # In post today: 100, 730 and 1461 days: median 730 days = 2.0 years. Leaver: 365 days.
    assert whole.service_in_post == 2.0 and whole.service_of_leavers == 1.0
    homes = {row.name: row for row in figures["by_home"]}
    assert homes["No home base"].leavers == 1 and homes["No home base"].turnover == 200.0
    assert homes["A member practice"].turnover == 0.0
    assert all(row.is_small for row in homes.values())
    assert figures["reasons"] == [("Felt isolated or that they didn't belong", 1)]


def test_the_retention_page_states_its_formula(demo, as_role):
    page = text(as_role("PCN manager").get(reverse("workforce:retention")))
    assert "divided by the average headcount" in page
    assert "By home base" in page and "Why people left" in page


def test_the_open_month_shows_no_results_however_many_answer(network):
    """Live figures would let someone look before and after a colleague answers."""
    people = staff(network, 6)
    answer(people, [(1, 1, 1)] * 6, month=MONTH, comment="Said this month")
    months, groups, comments = pulse.results(network, {})
    assert MONTH not in months and months[-1] == CLOSED
    assert all(cell.answers == 0 for cell in group(groups, "Whole network").cells.values())
    assert comments == []


def test_the_page_says_when_this_months_results_appear(network):
    answer(staff(network, 5), [(2, 2, 2)] * 5, month=MONTH)
    page = text(signed_in(network.memberships.get().user).get(reverse("workforce:pulse_results")))
    assert (
        "Results for November appear on 1 December 2026, when at least 5 people have answered"
        in page
    )
    trend = page[page.index('data-testid="pulse-trend"') :]
    trend = trend[: trend.index("</table>")]
    assert "October 2026" in trend and "November 2026" not in trend


def test_nobody_is_shown_who_answered_the_pulse_or_when(demo):
    me = demo.network.staff.get(user=demo.user("Staff member"))
    me.pulse.all().delete()
    signed_in(demo.user("Staff member")).post(
        reverse("home:my_work"), {"belong": "4", "support": "3", "clarity": "5"}
    )
    for role in ("PCN manager", "Clinical director", "Observer"):
        client = signed_in(demo.user(role))
        for url in (reverse("core:history"), reverse("home:overview")):
            page = text(client.get(url))
            assert "answer pulse" not in page and "Pulse for" not in page, (role, url)
