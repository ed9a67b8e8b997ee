"""Generating, adjusting, publishing and following a rota, as each role."""

import json
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from pcn.core.actions import ActionRefused
from pcn.core.models import AuditEntry
from pcn.rota import actions
from pcn.rota.models import Assignment, RotaPlan, SolveRun
from pcn.workforce.identity import my_record
from tests.conftest import signed_in, text
from tests.rota.calendar_links import new_calendar_token

SECONDS = 3  # small plans: the optimiser needs little time


def _monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


@pytest.fixture
def solved(demo, django_capture_on_commit_callbacks):
    """A one-week plan from this Monday, optimised (tasks run at once in tests)."""
    manager = demo.user("PCN manager")
    with django_capture_on_commit_callbacks(execute=True):
        plan = actions.create_plan(network=demo.network, start=_monday(), weeks=1, by=manager)
        actions.start_run(plan=plan, by=manager, seconds=SECONDS)
    plan.refresh_from_db()
    return plan


def test_the_pcn_manager_generates_a_rota_and_every_working_session_is_placed(demo, solved):
    run = solved.runs.get()
    assert run.status == SolveRun.Status.DONE, (run.message, run.conflicts)
    assert run.objective is not None and run.bound is not None and 0 <= run.gap <= 1
    assert run.progress == 1.0
    report = actions.check_rota(solved)
    assert report.ok, [v.message for v in report.violations]
    assert report.total == run.objective  # the validator agrees with the optimiser
    placed = solved.assignments.count()
    assert placed > 0
    assert AuditEntry.objects.filter(action="rota.save_solution", target_id=str(solved.pk)).exists()


def test_the_plan_page_shows_the_grid_the_run_and_the_explanation(demo, solved, as_role):
    client = as_role("PCN manager")
    page = client.get(reverse("rota:plan", args=[solved.pk]))
    body = text(page)
    assert "Score (lower is better)" in body and "How far from best possible" in body
    grid = page.context["grid"]
    # Every weekday morning and afternoon, and the evenings and Saturday sessions worked.
    worked = {(a.day, a.session) for a in solved.assignments.filter(session__in=["EVE", "SAT_AM", "SAT_PM"])
              if a.day < solved.start + timedelta(days=7)}  # fmt: skip
    assert worked, "the demo's enhanced access is worked on evenings or Saturdays"
    assert grid.rows and len(grid.columns) == 10 + len(worked)
    assert {(c.day, c.session) for c in grid.columns if c.enhanced} == worked
    why = text(client.get(reverse("rota:explain", args=[solved.pk])))
    assert "Every rule that must hold holds." in why
    assert "Each practice: agreed sessions against sessions in the rota" in why
    assert "Where a better rota could be found" in why
    parts = solved.runs.get().explanation["gap_by_rule"]
    assert sum(part["bound_part"] for part in parts) == solved.runs.get().bound
    by_practice = client.get(reverse("rota:plan", args=[solved.pk]), {"by": "practice"})
    assert by_practice.context["by"] == "practice"


def test_a_move_is_checked_at_once_and_publishing_is_refused_while_a_hard_rule_breaks(
    demo, solved, as_role
):
    client = as_role("PCN manager")
    assignment = solved.assignments.exclude(practice=None).select_related("practice").first()
    # Every room at that practice in that session is taken: one more person breaks the rooms rule.
    full = assignment.practice
    crowd = list(
        solved.assignments.filter(day=assignment.day, session=assignment.session).exclude(
            practice=full
        )
    )
    for other in crowd[:6]:
        client.post(
            reverse("rota:move", args=[solved.pk, other.pk]),
            {"site": full.ods_code, "service": assignment.service, "lock": "on"},
        )
    report = actions.check_rota(solved)
    assert not report.ok
    response = client.post(
        reverse("rota:publish", args=[solved.pk]), {"version": solved.version}, follow=True
    )
    assert "so it was not published" in text(response)
    solved.refresh_from_db()
    assert solved.status == RotaPlan.Status.DRAFT
    assert AuditEntry.objects.filter(action="rota.move").count() >= 1


def test_publishing_a_valid_rota_shows_staff_their_week_and_their_calendar(demo, solved, as_role):
    client = as_role("PCN manager")
    client.post(reverse("rota:publish", args=[solved.pk]), {"version": solved.version})
    solved.refresh_from_db()
    assert solved.status == RotaPlan.Status.PUBLISHED and solved.published

    staff_user = demo.user("Staff member")
    me = my_record(staff_user, demo.network.pk)
    mine = solved.assignments.filter(staff=me)
    staff = signed_in(staff_user)
    page = text(staff.get(reverse("home:my_work")))
    if mine.exists():
        first = mine.select_related("practice").first()
        assert (first.practice.name if first.practice else "Hub or remote") in page
    token = new_calendar_token(staff)
    ics = signed_in(demo.user("Observer")).get(reverse("rota:feed", args=[token]))
    calendar = Calendar.from_ical(ics.content)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == mine.count()
    old = token
    new_calendar_token(staff)
    from django.test import Client

    assert Client().get(reverse("rota:feed", args=[old])).status_code == 404


def test_publish_the_changes_is_offered_only_when_the_published_rota_has_changed(
    demo, solved, as_role
):
    client = as_role("PCN manager")
    page = reverse("rota:plan", args=[solved.pk])
    assert "Publish to staff and practices" in text(client.get(page))
    client.post(reverse("rota:publish", args=[solved.pk]), {"version": solved.version})
    solved.refresh_from_db()
    as_published = text(client.get(page))
    assert "nothing has changed since it was published" in as_published
    assert "Publish the changes" not in as_published

    moved = solved.assignments.exclude(practice=None).select_related("practice").first()
    elsewhere = demo.network.practices.exclude(pk=moved.practice_id).first()
    client.post(
        reverse("rota:move", args=[solved.pk, moved.pk]),
        {"site": elsewhere.ods_code, "service": moved.service},
    )
    changed = text(client.get(page))
    assert "1 session changed since it was published" in changed
    assert "Publish the changes" in changed


def test_practice_managers_see_published_rotas_only_and_cannot_change_them(demo, solved, as_role):
    practice_manager = as_role("Practice manager of Dingle Park")
    assert practice_manager.get(reverse("rota:plan", args=[solved.pk])).status_code == 403
    as_role("PCN manager").post(
        reverse("rota:publish", args=[solved.pk]), {"version": solved.version}
    )
    page = practice_manager.get(reverse("rota:plan", args=[solved.pk]))
    assert page.status_code == 200 and page.context["by"] == "practice"
    assignment = solved.assignments.first()
    for role in (
        "Practice manager of Dingle Park",
        "Clinical director",
        "Observer",
        "Staff member",
    ):
        client = as_role(role)
        assert client.post(reverse("rota:reoptimise", args=[solved.pk])).status_code == 403
        assert client.post(reverse("rota:lock", args=[solved.pk, assignment.pk])).status_code == 403
        assert client.get(reverse("rota:move", args=[solved.pk, assignment.pk])).status_code == 403
    assert as_role("Staff member").get(reverse("rota:plans")).status_code == 403


def test_locking_survives_re_optimising(demo, solved, as_role, django_capture_on_commit_callbacks):
    client = as_role("PCN manager")
    assignment = solved.assignments.exclude(practice=None).first()
    client.post(reverse("rota:lock", args=[solved.pk, assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.locked
    kept = (
        assignment.staff_id,
        assignment.day,
        assignment.session,
        assignment.practice_id,
        assignment.service,
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rota:reoptimise", args=[solved.pk]), {"seconds": SECONDS})
    again = Assignment.objects.get(plan=solved, staff_id=kept[0], day=kept[1], session=kept[2])
    assert (again.staff_id, again.day, again.session, again.practice_id, again.service) == kept
    assert again.locked
    assert solved.runs.count() == 2


def test_exports_have_one_row_per_session(demo, solved, as_role):
    client = as_role("Clinical director")
    rows = text(client.get(reverse("rota:export_csv", args=[solved.pk]))).strip().splitlines()
    assert rows[0].startswith("date,weekday,session,person")
    assert len(rows) - 1 == solved.assignments.count()
    book = load_workbook(BytesIO(client.get(reverse("rota:export_xlsx", args=[solved.pk])).content))
    assert book.active.max_row - 1 == solved.assignments.count()
    printed = text(client.get(reverse("rota:print", args=[solved.pk])))
    assert "PCN staff this week" in printed


def test_a_plan_must_start_on_a_monday_and_cover_one_to_thirteen_weeks(demo):
    manager = demo.user("PCN manager")
    with pytest.raises(ActionRefused, match="starts on a Monday"):
        actions.create_plan(
            network=demo.network, start=_monday() + timedelta(days=1), weeks=4, by=manager
        )
    with pytest.raises(ActionRefused, match="1 to 13 weeks"):
        actions.create_plan(network=demo.network, start=_monday(), weeks=14, by=manager)
    assert not RotaPlan.objects.filter(network=demo.network).exists()


def test_solve_rota_prints_problem_rota_and_explanation_that_validate_rota_accepts(
    demo, tmp_path, capsys
):
    call_command(
        "solve_rota", demo.network.pcn_code, "--weeks", "1", "--seconds", str(SECONDS), "--json"
    )
    data = json.loads(capsys.readouterr().out)
    assert {"problem", "rota", "status", "objective", "bound", "explanation"} <= set(data)
    assert {"people", "sites", "targets"} <= set(data["problem"])
    assert data["status"] in ("optimal", "feasible")
    # Each soft rule's part of the objective and of the bound, adding up to both.
    parts = data["gap_by_rule"]
    assert [set(part) for part in parts] == [{"rule", "objective_part", "bound_part"}] * len(parts)
    soft = [r["rule"] for r in data["explanation"]["rules"] if r["kind"] == "soft"]
    assert [part["rule"] for part in parts] == soft
    assert sum(part["objective_part"] for part in parts) == data["objective"]
    assert sum(part["bound_part"] for part in parts) == data["bound"]
    file = tmp_path / "rota.json"
    file.write_text(json.dumps(data))
    call_command("validate_rota", str(file))
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["total"] == data["objective"]

    # The same rota with one person double-booked breaks a hard rule.
    data["rota"].append(dict(data["rota"][0], site="hub", service="network"))
    file.write_text(json.dumps(data))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="breaks"):
        call_command("validate_rota", str(file))
    assert json.loads(capsys.readouterr().out)["violations"]
    assert not RotaPlan.objects.filter(network=demo.network).exists()  # solve_rota saves nothing
