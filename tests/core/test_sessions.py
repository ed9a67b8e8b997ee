"""Your sessions: a person sees the browsers signed in to their account and signs others out."""

from django.test import Client

from pcn.core.models import AuditEntry, SignedInSession
from tests.conftest import text

PASSWORD = "sessions-are-yours-2026"


def browser(user, agent):
    client = Client(HTTP_USER_AGENT=agent)
    assert client.post("/sign-in/", {"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605 Safari/604.1"


def test_a_person_sees_their_sessions_and_signs_another_out(demo):
    user = with_password(demo.user("PCN manager"))
    laptop, phone = browser(user, LAPTOP), browser(user, PHONE)
    page = text(laptop.get("/account/"))
    assert "Chrome on Windows" in page and "Safari on iPhone" in page
    assert "This browser" in page
    theirs = SignedInSession.objects.get(user=user, browser=PHONE)
    laptop.post(f"/account/sessions/{theirs.pk}/end/")
    assert not phone.get("/account/").wsgi_request.user.is_authenticated
    assert laptop.get("/account/").wsgi_request.user == user
    page = text(laptop.get("/account/"))
    assert "Safari on iPhone" not in page
    assert "Another session signed out" in page
    assert AuditEntry.objects.filter(action="core.end_session", target_id=str(user.pk)).exists()


def test_signing_out_takes_the_session_off_the_list(demo):
    user = with_password(demo.user("PCN manager"))
    laptop, phone = browser(user, LAPTOP), browser(user, PHONE)
    phone.post("/sign-out/")
    assert "Safari on iPhone" not in text(laptop.get("/account/"))


def test_this_session_and_another_persons_cannot_be_ended_here(demo):
    user = with_password(demo.user("PCN manager"))
    other = with_password(demo.user("Clinical director"))
    laptop = browser(user, LAPTOP)
    laptop.get("/account/")
    mine = SignedInSession.objects.get(user=user)
    assert laptop.post(f"/account/sessions/{mine.pk}/end/").status_code == 404
    browser(other, PHONE).get("/account/")
    theirs = SignedInSession.objects.get(user=other)
    assert laptop.post(f"/account/sessions/{theirs.pk}/end/").status_code == 404
    assert SignedInSession.objects.filter(pk=theirs.pk).exists()
