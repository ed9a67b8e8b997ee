from django.urls import reverse

from pcn.coordination import actions
from pcn.coordination.models import Announcement, Concern
from tests.conftest import signed_in, text


def test_a_practice_manager_raises_a_concern_and_the_pcn_manager_responds(demo):
    pm = demo.user("Practice manager of Dingle Park")
    signed_in(pm).post(
        reverse("coordination:concerns"),
        {"subject": "Meetings clash with surgery", "detail": "Tuesday mornings are our busiest."},
    )
    concern = demo.network.concerns.get(subject="Meetings clash with surgery")
    manager = signed_in(demo.user("PCN manager"))
    assert "Meetings clash with surgery" in text(manager.get(reverse("coordination:concerns")))
    meeting = demo.network.meetings.first()
    manager.post(reverse("coordination:concern", args=[concern.pk]), {"meeting": meeting.pk})
    concern.refresh_from_db()
    assert concern.status == Concern.Status.ON_AGENDA
    assert meeting.agenda.filter(concern=concern).exists()
    manager.post(
        reverse("coordination:concern", args=[concern.pk]),
        {"response": "From January they move to Thursday afternoons."},
    )
    page = text(signed_in(pm).get(reverse("coordination:concern", args=[concern.pk])))
    assert "From January they move to Thursday afternoons." in page


def test_a_concern_is_seen_by_leadership_and_whoever_raised_it_only(demo):
    concern = demo.network.concerns.get(subject="Requests arrive with too little notice")
    url = reverse("coordination:concern", args=[concern.pk])
    seen = {
        role: signed_in(demo.user(role)).get(url).status_code
        for role in [
            "PCN manager",
            "Clinical director",
            "Practice manager of Dingle Park",
            "Staff member",
            "Observer",
        ]
    }
    assert seen == {
        "PCN manager": 200,
        "Clinical director": 200,
        "Practice manager of Dingle Park": 403,
        "Staff member": 403,
        "Observer": 403,
    }
    assert "too little notice" not in text(
        signed_in(demo.user("Staff member")).get(reverse("coordination:concerns"))
    )


def test_only_the_pcn_manager_responds_and_observers_cannot_raise(demo):
    concern = demo.network.concerns.get(subject="Requests arrive with too little notice")
    director = signed_in(demo.user("Clinical director"))
    url = reverse("coordination:concern", args=[concern.pk])
    assert director.post(url, {"response": "Not mine to answer"}).status_code == 403
    observer = signed_in(demo.user("Observer"))
    before = Concern.objects.count()
    assert (
        observer.post(reverse("coordination:concerns"), {"subject": "x", "detail": "y"}).status_code
        == 403
    )
    assert Concern.objects.count() == before
    response = signed_in(demo.user("Staff member")).post(
        reverse("coordination:concerns"), {"subject": "", "detail": ""}
    )
    assert "Give the concern a short subject." in text(response)
    assert Concern.objects.count() == before


def test_announcements_and_the_activity_feed_are_on_the_overview(demo):
    page = text(signed_in(demo.user("Staff member")).get(reverse("home:overview")))
    assert "Flu clinics: extra Saturday sessions" in page
    assert "Recent activity" in page and "recorded a decision" in page


def test_the_feed_shows_each_viewer_only_what_they_may_see(demo):
    def feed(role):
        return text(signed_in(demo.user(role)).get(reverse("home:overview")))

    manager = feed("PCN manager")
    assert "raised a concern" in manager or "responded to the concern" in manager
    staff = feed("Staff member")
    assert "asked practices" not in staff and "concern" not in staff.split("Recent activity")[1]
    actions.practice_requests.send_request(
        network=demo.network,
        title="Latest ask",
        reason="Why",
        due=demo.network.created_at.date().replace(year=2099),
        practices=list(demo.network.practices.all()),
        by=demo.user("PCN manager"),
    )
    assert "asked practices: Latest ask" in feed("Practice manager of Dingle Park")
    assert "Latest ask" not in feed("Staff member")


def test_only_leadership_announces(demo):
    before = Announcement.objects.count()
    response = signed_in(demo.user("Practice manager of Dingle Park")).post(
        reverse("coordination:announcements"), {"title": "x", "body": "y"}
    )
    assert response.status_code == 403 and Announcement.objects.count() == before
    signed_in(demo.user("Clinical director")).post(
        reverse("coordination:announcements"), {"title": "New rooms", "body": "At the hub."}
    )
    assert Announcement.objects.count() == before + 1
