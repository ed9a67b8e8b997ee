from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pcn.coordination import actions, queries
from pcn.coordination.models import PracticeRequest
from pcn.core.actions import ActionRefused
from pcn.core.versioning import StaleEdit
from tests.conftest import signed_in, text


def _due(days):
    day = timezone.localdate() + timedelta(days=days)
    return {"due_day": day.day, "due_month": day.month, "due_year": day.year}


def _send(client, demo, **extra):
    data = {
        "title": "Send your flu vaccination figures",
        "reason": "The ICB report is due on Friday.",
        "practices": [str(p.pk) for p in demo.network.practices.all()],
        **_due(7),
        **extra,
    }
    return client.post(reverse("coordination:send_request"), data, follow=True)


@pytest.mark.parametrize("role", ["PCN manager", "Clinical director"])
def test_leadership_sends_a_request_and_every_practice_is_waiting(demo, role):
    response = _send(signed_in(demo.user(role)), demo)
    sent = demo.network.practice_requests.get(title="Send your flu vaccination figures")
    assert f"Sent to {demo.network.practices.count()} practices" in text(response)
    assert {a.status for a in sent.answers.all()} == {"waiting"}


@pytest.mark.parametrize("role", ["Practice manager of Dingle Park", "Staff member", "Observer"])
def test_only_the_pcn_manager_and_clinical_director_send_requests(demo, role):
    client = signed_in(demo.user(role))
    before = PracticeRequest.objects.count()
    assert client.get(reverse("coordination:send_request")).status_code == 403
    assert _send(client, demo).status_code == 403
    assert PracticeRequest.objects.count() == before


def test_a_request_due_in_the_past_is_refused_with_a_message_and_nothing_saved(demo):
    before = PracticeRequest.objects.count()
    response = _send(signed_in(demo.user("PCN manager")), demo, **_due(-1))
    assert "has passed. Choose today or a later date." in text(response)
    assert PracticeRequest.objects.count() == before


def test_a_request_to_no_practice_is_refused(demo):
    response = _send(signed_in(demo.user("PCN manager")), demo, practices=[])
    assert "Choose at least one practice to ask." in text(response)


def test_a_practice_manager_answers_from_their_inbox_and_the_board_shows_it(demo, dingle):
    pm = demo.user("Practice manager of Dingle Park")
    inbox = queries.inbox(pm, demo.network)
    assert inbox.outstanding and {a.practice for a in inbox.outstanding} == {dingle}
    answer = inbox.outstanding[0]
    client = signed_in(pm)
    page = text(client.get(reverse("coordination:requests")))
    assert "What is asked of your practice" in page and answer.request.title in page
    response = client.post(
        reverse("coordination:request", args=[answer.request.pk]),
        {"practice": dingle.pk, "version": answer.version, "status": "done", "note": "Sent."},
        follow=True,
    )
    assert "Your answer for Dingle Park Practice is recorded" in text(response)
    answer.refresh_from_db()
    assert answer.status == "done" and answer.answered_by == pm
    board = text(signed_in(demo.user("PCN manager")).get(reverse("coordination:requests")))
    assert "Overdue" in board  # the demo's overdue request stands out


def test_cannot_do_needs_a_note(demo, dingle):
    pm = demo.user("Practice manager of Dingle Park")
    answer = queries.inbox(pm, demo.network).outstanding[0]
    with pytest.raises(ActionRefused, match="Say why the practice cannot do it"):
        actions.practice_requests.answer_request(
            request=answer.request,
            practice=dingle,
            status="cannot",
            note="",
            version=answer.version,
            by=pm,
        )
    answer.refresh_from_db()
    assert answer.status in ("waiting", "acknowledged")


def test_an_answer_for_another_practice_is_refused_and_nothing_saved(demo, dingle):
    pm = demo.user("Practice manager of Dingle Park")
    practice_request = demo.network.practice_requests.get(title__startswith="Confirm your")
    other = practice_request.answers.exclude(practice=dingle).filter(status="waiting").first()
    with pytest.raises(ActionRefused, match="only answer requests for the practice you manage"):
        actions.practice_requests.answer_request(
            request=practice_request,
            practice=other.practice,
            status="done",
            version=other.version,
            by=pm,
        )
    response = signed_in(pm).post(
        reverse("coordination:request", args=[practice_request.pk]),
        {"practice": other.practice.pk, "version": other.version, "status": "done"},
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.status == "waiting"


def test_a_stale_answer_is_refused(demo, dingle):
    pm = demo.user("Practice manager of Dingle Park")
    answer = queries.inbox(pm, demo.network).outstanding[0]
    actions.practice_requests.answer_request(
        request=answer.request,
        practice=dingle,
        status="acknowledged",
        version=answer.version,
        by=pm,
    )
    with pytest.raises(StaleEdit):
        actions.practice_requests.answer_request(
            request=answer.request, practice=dingle, status="done", version=answer.version, by=pm
        )


def test_overdue_means_not_done_after_the_date(demo):
    practice_request = demo.network.practice_requests.get(title__startswith="Confirm your")
    row = queries.request_row(practice_request)
    assert {a.status for a in row.overdue} <= {"waiting", "acknowledged"}
    assert row.overdue and not any(a.status == "done" for a in row.overdue)


def test_staff_have_no_requests_page_and_a_request_not_sent_to_you_is_refused(demo, dingle):
    assert (
        signed_in(demo.user("Staff member")).get(reverse("coordination:requests")).status_code
        == 403
    )
    other = demo.network.practices.exclude(pk=dingle.pk).first()
    only_other = actions.practice_requests.send_request(
        network=demo.network,
        title="Just them",
        reason="A test",
        due=timezone.localdate(),
        practices=[other],
        by=demo.user("PCN manager"),
    )
    url = reverse("coordination:request", args=[only_other.pk])
    assert signed_in(demo.user("Practice manager of Dingle Park")).get(url).status_code == 403
    assert signed_in(demo.user("Observer")).get(url).status_code == 200


def test_the_request_board_reads_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(5) as few:
        board = queries.request_board(demo.network)
        assert sum(len(row.overdue) for row in board)
    manager = demo.user("PCN manager")
    for n in range(10):
        actions.practice_requests.send_request(
            network=demo.network,
            title=f"Ask {n}",
            reason="More",
            due=timezone.localdate(),
            practices=list(demo.network.practices.all()),
            by=manager,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        board = queries.request_board(demo.network)
        assert len(board) == 13 and sum(len(row.overdue) for row in board)
