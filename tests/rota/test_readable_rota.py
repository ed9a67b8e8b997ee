"""A rota people can read: the quality in plain words for those who make rotas, and only the
published rota (no scores, no runs) for everyone else; days as "Mon 16 Nov, morning"; the
summary refreshed after a move; no publishing while solving; publishing over weeks already
published replaces them (one rota a week in every count); no start in the past; and the
sessions behind each rule on the "why" page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engine.rota import summary
from engine.rota.findings import Penalty, Violation
from engine.rota.problem import DEFAULT_WEIGHTS, NETWORK_WORK
from engine.rota.validate import Report
from pcn.core.actions import ActionRefused
from pcn.core.models import AuditEntry
from pcn.money.statements import statement
from pcn.rota import actions, quality
from pcn.rota.models import Assignment, RotaPlan, SolveRun, WithdrawnWeeks
from pcn.rota.queries import Column, Grid
from tests.conftest import text

SECONDS = 3
OPTIMISER_WORDS = ("Penalty", "Proven bound", "Gap", "objective", "not proven best", "Score")


def _monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


@pytest.fixture
def solved(demo, django_capture_on_commit_callbacks):
    """A one-week plan from this Monday, optimised."""
    manager = demo.user("PCN manager")
    with django_capture_on_commit_callbacks(execute=True):
        plan = actions.create_plan(network=demo.network, start=_monday(), weeks=1, by=manager)
        actions.start_run(plan=plan, by=manager, seconds=SECONDS)
    plan.refresh_from_db()
    assert plan.runs.get().status == SolveRun.Status.DONE
    return plan


# --- the words, engine-level -----------------------------------------------------------------


def test_sessions_are_said_with_the_day_the_month_and_the_part_of_the_day():
    assert summary.session_words(date(2026, 12, 7), "AM") == "Mon 7 Dec, morning"
    assert summary.session_words(date(2026, 12, 7), "PM") == "Mon 7 Dec, afternoon"
    assert summary.session_words(date(2026, 12, 8), "EVE") == "Tue 8 Dec, evening"
    assert summary.session_words(date(2026, 12, 12), "SAT_AM") == "Sat 12 Dec, morning"
    assert (
        summary.session_words(date(2026, 12, 25), "AM", "Christmas Day")
        == "Fri 25 Dec, morning (bank holiday)"
    )
    assert summary.when_words("2026-12-07 PM") == "Mon 7 Dec, afternoon"
    assert summary.when_words("2026-W50") == "week of Mon 7 Dec"
    assert summary.when_words("2026-12-07") == "Mon 7 Dec"
    assert summary.when_words("2026-12-07/2027-01-03") == "Mon 7 Dec to Sun 3 Jan"
    column = Column(date(2026, 12, 25), "PM", "Christmas Day")
    assert column.label == "Fri 25 Dec, afternoon (bank holiday)"
    assert column.heading == "Fri 25 Dec, afternoon"


def test_the_summary_groups_and_counts_names_practices_and_weeks_and_puts_the_worst_first(demo):
    manager = demo.user("PCN manager")
    plan = actions.create_plan(
        network=demo.network, start=_monday() + timedelta(weeks=1), weeks=2, by=manager
    )
    problem, _ = quality.checked(plan)
    site, other = problem.sites[0], problem.sites[1]
    people = [p.id for p in problem.people[:5]]
    week2 = summary.short_day(plan.start + timedelta(weeks=1))
    iso = (plan.start + timedelta(weeks=1)).isocalendar()
    stamp2 = f"{iso[0]}-W{iso[1]:02d}"

    def short(where, count, when):
        return Penalty("fair_share_shortfall", count, count * 100, "short", where=where, when=when)

    def extra(who, sites):
        return Penalty("extra_site", sites - 1, (sites - 1) * 5, "sites", who=(who,), when=stamp2)

    report = Report(
        violations=(),
        penalties={
            "fair_share_shortfall": (
                short(site.id, 2, stamp2),
                short(site.id, 1, stamp2),
                short(other.id, 1, stamp2),
            ),  # fmt: skip
            "extra_site": tuple(extra(p, 3) for p in people[:4]),
            "split_day": (Penalty("split_day", 1, 1, "split", who=(people[4],)),),
        },
    )
    lines = summary.summary(problem, report)
    assert lines[0].startswith(f"3 sessions short at {site.name} in week 2 (from {week2})")
    assert lines[1].startswith(f"1 session short at {other.name} in week 2")
    assert lines[2] == f"4 people work at 3 practices in one week, in week 2 (from {week2})."
    assert lines[3] == "1 day split between two sites, morning and afternoon (1 person)."
    # A broken hard rule comes first of all; more than five lines end in "and N more".
    broken = Report(
        violations=(Violation("rooms", "Too many people in a room."),),
        penalties={
            **report.penalties,
            "away_from_home": (Penalty("away_from_home", 2, 2, "away", who=(people[0],)),),
            "irregular_week": (Penalty("irregular_week", 1, 1, "irregular", who=(people[1],)),),
        },
    )
    lines = summary.summary(problem, broken)
    assert lines[0].startswith("1 rule that must hold is broken, so it can't be published")
    assert len(lines) == 5 and lines[-1].startswith("And 3 smaller things")
    assert summary.summary(problem, Report((), {})) == ["Nothing to put right: every rule is met."]


# --- who sees what ---------------------------------------------------------------------------


def test_the_pcn_manager_reads_the_quality_in_plain_words_and_the_figures_behind_it(
    demo, solved, as_role
):
    page = as_role("PCN manager").get(reverse("rota:plan", args=[solved.pk]))
    body = text(page)
    assert "What to know about this rota" in body
    assert "The figures behind this" in body and "Best possible score found" in body
    for word in ("Penalty", "Proven bound", "objective", "not proven best"):
        assert word not in body, word
    found = page.context["quality"]
    assert found.lines and all(line in body for line in found.lines)
    assert found.figures.score == actions.check_rota(solved).total
    assert "Mon 16 Nov, morning" in body  # the day headers


@pytest.mark.parametrize("role", ["Observer", "Practice manager of Dingle Park"])
def test_observers_and_practice_managers_see_only_the_published_rota_and_no_scores(
    demo, solved, as_role, role
):
    client = as_role(role)
    for name in ("rota:plan", "rota:run_status", "rota:explain"):
        assert client.get(reverse(name, args=[solved.pk])).status_code == 403, name
    assert solved not in client.get(reverse("rota:plans")).context["plans"]
    as_role("PCN manager").post(
        reverse("rota:publish", args=[solved.pk]), {"version": solved.version}
    )
    solved.refresh_from_db()
    assert solved.status == RotaPlan.Status.PUBLISHED
    page = client.get(reverse("rota:plan", args=[solved.pk]))
    assert page.status_code == 200 and page.context["grid"].rows
    body = text(page)
    for word in OPTIMISER_WORDS + ("optimis", "Re-optimise", "Why each choice"):
        assert word not in body, word
    assert page.context["run"] is None and page.context["quality"] is None
    for name in ("rota:run_status", "rota:explain"):
        assert client.get(reverse(name, args=[solved.pk])).status_code == 403, name


def test_the_clinical_director_sees_the_quality_but_cannot_publish(demo, solved, as_role):
    client = as_role("Clinical director")
    assert "What to know about this rota" in text(
        client.get(reverse("rota:plan", args=[solved.pk]))
    )
    assert client.post(reverse("rota:publish", args=[solved.pk])).status_code == 403


# --- a move refreshes the summary ------------------------------------------------------------


def test_a_move_refreshes_the_score_and_summary_on_the_rota_page(demo, solved, as_role):
    client = as_role("PCN manager")
    before = client.get(reverse("rota:plan", args=[solved.pk])).context["quality"]
    # Someone placed at a practice moved to the hub: their practice falls short of its sessions.
    assignment = solved.assignments.exclude(practice=None).select_related("practice").first()
    response = client.post(
        reverse("rota:move", args=[solved.pk, assignment.pk]), {"site": "hub", "lock": "on"},
        follow=True,
    )  # fmt: skip
    after = response.context["quality"]
    assert after.figures.score == actions.check_rota(solved).total
    assert after.figures.score != before.figures.score
    assert f"The score is now {after.figures.score:,}" in text(response)
    assert not after.figures.proven
    when = summary.session_words(assignment.day, assignment.session)
    assert f"Moved {assignment.staff} on {when}" in text(response)


def test_the_move_page_names_the_session_in_plain_words(demo, solved, as_role):
    assignment = solved.assignments.first()
    page = as_role("PCN manager").get(reverse("rota:move", args=[solved.pk, assignment.pk]))
    assert summary.session_words(assignment.day, assignment.session) in text(page)


# --- no publishing while solving -------------------------------------------------------------


def test_no_publish_button_while_a_run_is_queued_and_posting_publish_is_refused(
    demo, solved, as_role
):
    client = as_role("PCN manager")
    SolveRun.objects.create(plan=solved, seconds=SECONDS, status=SolveRun.Status.QUEUED)
    page = client.get(reverse("rota:plan", args=[solved.pk]))
    body = text(page)
    assert (
        "Publish to staff" not in body and "You can publish when the optimiser has finished" in body
    )
    response = client.post(
        reverse("rota:publish", args=[solved.pk]), {"version": solved.version}, follow=True
    )
    assert "still working on this rota, so it was not published" in text(response)
    solved.refresh_from_db()
    assert solved.status == RotaPlan.Status.DRAFT
    assert not AuditEntry.objects.filter(action="rota.publish").exists()
    with pytest.raises(ActionRefused, match="still working"):
        actions.publish(plan=solved, version=solved.version, by=demo.user("PCN manager"))


# --- publishing over weeks already published -------------------------------------------------


def _copy(plan, by):
    """A second plan over the same week with the same sessions, except one practice's first
    session moved to the hub."""
    copy = actions.create_plan(network=plan.network, start=plan.start, weeks=plan.weeks, by=by)
    rows = list(plan.assignments.all())
    for row in rows:
        row.pk, row.plan = None, copy
    Assignment.objects.bulk_create(rows)
    moved = copy.assignments.exclude(practice=None).select_related("practice").first()
    practice = moved.practice
    moved.practice, moved.service = None, NETWORK_WORK
    moved.save()
    return copy, practice


def test_publishing_over_a_published_week_asks_first_then_replaces_it_in_every_count(
    demo, solved, as_role
):
    manager = demo.user("PCN manager")
    client = as_role("PCN manager")
    client.post(reverse("rota:publish", args=[solved.pk]), {"version": solved.version})
    solved.refresh_from_db()
    second, practice = _copy(solved, manager)
    first_count = statement(practice, "2026/27", "Q3").sessions
    assert first_count == solved.assignments.filter(practice=practice).count()

    # The first post asks: it names the rota it replaces and the weeks.
    asked = client.post(reverse("rota:publish", args=[second.pk]), {"version": second.version})
    published_on = summary.short_day(timezone.localtime(solved.published_at).date())
    sentence = (
        f"This replaces the rota published on {published_on} for the week from "
        f"{summary.short_day(solved.start)} to {summary.short_day(solved.start + timedelta(days=6))}."
    )
    assert asked.status_code == 200 and sentence in text(asked)
    second.refresh_from_db()
    assert second.status == RotaPlan.Status.DRAFT
    with pytest.raises(ActionRefused, match="This replaces the rota"):
        actions.publish(plan=second, version=second.version, by=manager)

    # Confirmed: published, the first withdrawn for that week; counted once, from the second.
    done = client.post(
        reverse("rota:publish", args=[second.pk]),
        {"version": second.version, "replace": "yes"},
        follow=True,
    )
    second.refresh_from_db()
    assert second.status == RotaPlan.Status.PUBLISHED, text(done)[-3000:]
    withdrawn = WithdrawnWeeks.objects.get(plan=solved)
    assert (withdrawn.replaced_by, withdrawn.start) == (second, solved.start)
    count = statement(practice, "2026/27", "Q3").sessions
    assert count == second.assignments.filter(practice=practice).count() == first_count - 1
    assert set(Assignment.objects.in_force().values_list("plan", flat=True)) == {second.pk}
    entry = AuditEntry.objects.filter(action="rota.publish", target_id=str(second.pk)).get()
    assert entry.after["replaces"][0]["plan"] == solved.pk

    # Publishing the first again brings it back, and withdraws the second instead.
    again = client.post(
        reverse("rota:publish", args=[solved.pk]), {"version": solved.version, "replace": "yes"}
    )
    assert again.status_code == 302
    assert statement(practice, "2026/27", "Q3").sessions == first_count
    assert WithdrawnWeeks.objects.filter(plan=second).exists()
    assert not WithdrawnWeeks.objects.filter(plan=solved).exists()


# --- no start in the past --------------------------------------------------------------------


def test_a_rota_cannot_start_before_this_week(demo, as_role):
    manager = demo.user("PCN manager")
    with pytest.raises(ActionRefused, match="can't be in the past") as refused:
        actions.create_plan(
            network=demo.network, start=_monday() - timedelta(weeks=1), weeks=1, by=manager
        )
    assert refused.value.field == "start"
    last_week = _monday() - timedelta(weeks=1)
    page = as_role("PCN manager").post(
        reverse("rota:plans"),
        {"start_day": last_week.day, "start_month": last_week.month, "start_year": last_week.year,
         "weeks": 1, "seconds": 3, "tolerance": 1, "max_sites": 2,
         **{f"weight_{rule}": weight for rule, weight in DEFAULT_WEIGHTS.items()}},
    )  # fmt: skip
    assert page.status_code == 200
    assert "First Monday can't be in the past" in page.context["form"].errors["start"][0]
    assert not RotaPlan.objects.filter(network=demo.network).exists()


# --- why: the sessions behind each count -----------------------------------------------------


def test_why_lists_the_sessions_behind_each_rule_and_says_how_many_more(
    demo, solved, as_role, monkeypatch
):
    client = as_role("PCN manager")
    found = quality.of_plan(solved)
    busy = max(found.rules, key=lambda r: len(r.findings))
    assert len(busy.findings) >= 2, [(r.rule, len(r.findings)) for r in found.rules]
    page = client.get(reverse("rota:explain", args=[solved.pk]))
    body = text(page)
    first = busy.findings[0]
    assert first.what in body and (not first.when or first.when in body)
    assert "Open a rule to see who, where and when" in body
    monkeypatch.setattr(quality, "SHOWN", 1)
    bounded = text(client.get(reverse("rota:explain", args=[solved.pk])))
    total = len(quality.of_plan(solved).report.penalties[busy.rule])
    assert f"And {total - 1} more" in bounded


def test_the_print_view_puts_each_session_under_its_own_day_evenings_included(
    demo, solved, as_role
):
    monday, tuesday = solved.start, solved.start + timedelta(days=1)
    columns = [Column(monday, "AM"), Column(monday, "PM"), Column(monday, "EVE"),
               Column(tuesday, "AM"), Column(tuesday, "PM")]  # fmt: skip
    grid = Grid(plan=solved, week=1, columns=columns)
    rows = grid.by_day(["a", "b", "c", "d", "e"])
    assert [(first.day, parts) for first, parts in rows] == [
        (monday, {"morning": "a", "afternoon": "b", "evening": "c"}),
        (tuesday, {"morning": "d", "afternoon": "e"}),
    ]
    printed = text(as_role("PCN manager").get(reverse("rota:print", args=[solved.pk])))
    assert "Mon 16 Nov" in printed and "Evening" in printed  # the demo works evenings
