"""Two-factor sign-in: setting up an authenticator app, signing in with its code or a recovery
code, and wrong codes throttled with wrong passwords."""

import re
import time

from axes.models import AccessAttempt

from pcn.core.models import AuditEntry
from tests import totp
from tests.conftest import signed_in, text

PASSWORD = "a-long-enough-password-2026"


def set_up(client):
    """Turns the app on; gives its key, its recovery codes and the moment its code was read."""
    page = text(client.get("/account/two-factor/"))
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    read_at = time.time()
    done = client.post("/account/two-factor/", {"code": totp.code(secret, at=read_at)})
    assert done.status_code == 200, text(done)
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", text(done))
    return secret, codes, read_at


def with_password(demo):
    user = demo.user("PCN manager")
    user.set_password(PASSWORD)
    user.save()
    return user


def password_step(client, user):
    return client.post("/sign-in/", {"email": user.email, "password": PASSWORD})


def test_an_app_is_on_only_after_a_right_code_and_gives_ten_recovery_codes(demo):
    user = with_password(demo)
    client = signed_in(user)
    text(client.get("/account/two-factor/"))
    wrong = client.post("/account/two-factor/", {"code": "000000"})
    assert "That code is not right" in text(wrong)
    assert "Off" in text(client.get("/account/"))
    secret, codes, _ = set_up(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    account = text(client.get("/account/"))
    assert "10 recovery codes left" in account
    assert "Two-factor sign-in turned on" in account
    assert AuditEntry.objects.filter(action="core.add_two_factor", target_id=str(user.pk)).exists()


def test_a_right_password_then_asks_for_the_code_before_signing_in(demo, client):
    user = with_password(demo)
    secret, _, read_at = set_up(signed_in(user))
    asked = password_step(client, user)
    assert asked["Location"] == "/sign-in/code/"
    assert not client.get("/account/").wsgi_request.user.is_authenticated
    # The code set-up took is used: an app's code works once, even while it is still the one
    # the app shows. The next 30 seconds' code signs in (django-otp allows one step of drift).
    reused = client.post("/sign-in/code/", {"code": totp.code(secret, at=read_at)})
    assert "That code is not right" in text(reused)
    client.post("/sign-in/code/", {"code": totp.code(secret, at=read_at + 30)})
    signed = client.get("/account/")
    assert signed.wsgi_request.user == user
    assert "Signed in with an authenticator app" in text(signed)


def test_a_recovery_code_signs_in_once(demo, client):
    user = with_password(demo)
    _, codes, _ = set_up(signed_in(user))
    password_step(client, user)
    client.post("/sign-in/code/", {"code": codes[0]})
    assert "9 recovery codes left" in text(client.get("/account/"))
    client.post("/sign-out/")
    password_step(client, user)
    again = client.post("/sign-in/code/", {"code": codes[0]})
    assert "That code is not right" in text(again)
    assert not client.get("/account/").wsgi_request.user.is_authenticated


def test_wrong_codes_are_failed_sign_ins_and_lock_the_account_out_like_passwords(demo, client):
    user = with_password(demo)
    secret, _, _ = set_up(signed_in(user))
    password_step(client, user)
    for _ in range(4):
        client.post("/sign-in/code/", {"code": "123456"})
    assert AccessAttempt.objects.get(username=user.email).failures_since_start == 4
    locked = client.post("/sign-in/code/", {"code": "123456"})
    assert locked.status_code == 429
    # Locked out: even the right password and code are refused until the cool-off ends.
    assert password_step(client, user).status_code == 429
    assert not client.get("/account/").wsgi_request.user.is_authenticated
    refused = AuditEntry.objects.filter(action="core.sign_in_failed", target_id=str(user.pk))
    assert refused.count() == 6  # five wrong codes, then the password tried while locked out


def test_the_code_page_without_a_right_password_sends_you_to_sign_in(db, client):
    assert client.get("/sign-in/code/")["Location"] == "/sign-in/"


def test_turning_two_factor_off_lets_the_password_alone_in_again(demo, client):
    user = with_password(demo)
    owner = signed_in(user)
    set_up(owner)
    owner.post("/account/two-factor/remove/")
    assert "Two-factor sign-in turned off" in text(owner.get("/account/"))
    assert password_step(client, user)["Location"] == "/"


def test_an_account_with_no_password_is_not_offered_two_factor(demo):
    user = demo.user("Clinical director")
    user.set_unusable_password()
    user.save()
    page = text(signed_in(user).get("/account/"))
    assert "already strong sign-in" in page
    assert "Set up an authenticator app" not in page and "Add a security key" not in page
