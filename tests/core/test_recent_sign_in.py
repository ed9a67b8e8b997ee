"""Changing how you sign in asks for your password again once your sign-in is more than ten
minutes old: someone at a browser left signed in can't lock its owner out or add a way in."""

import time

import time_machine
from axes.models import AccessAttempt

from pcn.core.models import AuditEntry
from tests.conftest import signed_in, text

PASSWORD = "a-long-enough-password-2026"
CONFIRM = "/account/confirm-password/"


def with_password(demo):
    user = demo.user("PCN manager")
    user.set_password(PASSWORD)
    user.save()
    return user


def later(minutes=11):
    return time_machine.travel(time.time() + minutes * 60, tick=False)


def test_within_ten_minutes_of_signing_in_nothing_more_is_asked(demo):
    client = signed_in(with_password(demo))
    with later(minutes=9):
        assert client.get("/account/two-factor/").status_code == 200


def test_later_every_change_to_how_you_sign_in_asks_for_the_password_first(demo):
    client = signed_in(with_password(demo))
    with later():
        for page in ("/account/two-factor/", "/account/security-keys/add/"):
            assert client.get(page)["Location"] == f"{CONFIRM}?next={page.replace('/', '%2F')}"
        for action in (
            "/account/two-factor/remove/",
            "/account/two-factor/recovery-codes/",
            "/account/security-keys/options/",
            "/account/nhs/nhsmail/link/",
        ):
            assert client.post(action)["Location"] == f"{CONFIRM}?next=%2Faccount%2F", action
        # The account page itself is not a change: it is read as before.
        assert client.get("/account/").status_code == 200


def test_the_right_password_lets_the_change_go_on_for_ten_minutes(demo):
    user = with_password(demo)
    client = signed_in(user)
    with later():
        page = client.get(f"{CONFIRM}?next=/account/two-factor/")
        assert "Confirm your password" in text(page)
        wrong = client.post(CONFIRM, {"password": "not-it", "next": "/account/two-factor/"})
        assert "That password is not right" in text(wrong)
        assert AccessAttempt.objects.get(username=user.email).failures_since_start == 1
        assert AuditEntry.objects.filter(action="core.sign_in_failed", target_id=str(user.pk))
        right = client.post(CONFIRM, {"password": PASSWORD, "next": "/account/two-factor/"})
        assert right["Location"] == "/account/two-factor/"
        assert client.get("/account/two-factor/").status_code == 200
    with later(minutes=25):  # from the sign-in; the password was given at 11
        assert client.get("/account/two-factor/")["Location"].startswith(CONFIRM)


def test_it_goes_back_only_to_this_site(demo):
    client = signed_in(with_password(demo))
    with later():
        away = client.post(CONFIRM, {"password": PASSWORD, "next": "https://elsewhere.example/"})
        assert away["Location"] == "/account/"


def test_guessing_at_a_browser_left_signed_in_locks_out_and_signs_it_out(demo):
    user = with_password(demo)
    client = signed_in(user)
    with later():
        for _ in range(4):
            client.post(CONFIRM, {"password": "a-guess"})
        locked = client.post(CONFIRM, {"password": "a-guess"})
        assert locked.status_code == 429
        assert not client.get("/account/").wsgi_request.user.is_authenticated


def test_an_account_with_no_password_is_not_asked_for_one(demo):
    user = demo.user("Clinical director")
    user.set_unusable_password()
    user.save()
    client = signed_in(user)
    with later():
        assert client.get("/account/two-factor/").status_code == 200
