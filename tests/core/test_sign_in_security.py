"""Signing in can't be guessed at, and says nothing about who has an account: throttling
(django-axes), sign-ins in the audit log, and sign-up and password reset that answer the same
whether or not an account exists."""

import re
from datetime import timedelta

import time_machine
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from pcn.core.models import AuditEntry, User
from pcn.demo.network import DEMO_PASSWORD
from tests.conftest import signed_in, text

NOBODY = "nobody.here@example.nhs.uk"


def attempt(client, email, password, address="10.0.0.1"):
    return client.post(
        reverse("core:sign_in"), {"email": email, "password": password}, REMOTE_ADDR=address
    )


def fail_five_times(client, email, address="10.0.0.1"):
    for n in range(5):
        attempt(client, email, f"not-the-password-{n}", address)


def words(response):
    """The page as a reader sees it: no tags, spaces run together."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split()).replace(" .", ".")


def page_body(response):
    """The page without what changes on every request (the CSRF token, the scripts' nonce)."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text(response))
    return re.sub(r'nonce="[^"]+"', "", body)


# Throttling


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(demo):
    manager = demo.user("PCN manager")
    client = Client()
    fail_five_times(client, manager.email)
    response = attempt(client, manager.email, DEMO_PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in text(response)
    assert "Wait 15 minutes and try again, or reset your password" in words(response)
    assert reverse("core:password_reset") in text(response)
    assert "_auth_user_id" not in client.session
    # It is the sign-in page still, not a bare refusal: the form is there to try again.
    assert "Sign in to PCN Commons" in text(response)


def test_the_lockout_ends_after_fifteen_minutes(demo, still_clock):
    manager = demo.user("PCN manager")
    client = Client()
    fail_five_times(client, manager.email)
    assert attempt(client, manager.email, DEMO_PASSWORD).status_code == 429
    with time_machine.travel(still_clock + timedelta(minutes=16)):
        response = attempt(client, manager.email, DEMO_PASSWORD)
    assert response.status_code == 302


def test_a_lockout_is_for_one_email_from_one_address_so_the_owner_elsewhere_signs_in(demo):
    manager = demo.user("PCN manager")
    fail_five_times(Client(), manager.email, address="10.0.0.66")
    assert attempt(Client(), manager.email, DEMO_PASSWORD, address="10.0.0.66").status_code == 429
    assert attempt(Client(), manager.email, DEMO_PASSWORD, address="10.0.0.7").status_code == 302
    other = demo.user("Clinical director")
    assert attempt(Client(), other.email, DEMO_PASSWORD, address="10.0.0.66").status_code == 302


def test_a_success_clears_the_count_of_failures(demo):
    manager = demo.user("PCN manager")
    for n in range(4):
        attempt(Client(), manager.email, f"wrong-{n}")
    assert attempt(Client(), manager.email, DEMO_PASSWORD).status_code == 302
    for n in range(4):
        attempt(Client(), manager.email, f"wrong-again-{n}")
    assert attempt(Client(), manager.email, DEMO_PASSWORD).status_code == 302


def test_an_email_with_no_account_is_locked_out_the_same_way(demo):
    manager = demo.user("PCN manager")
    fail_five_times(Client(), manager.email, address="10.0.0.1")
    fail_five_times(Client(), NOBODY, address="10.0.0.2")
    real = attempt(Client(), manager.email, "guess", address="10.0.0.1")
    nobody = attempt(Client(), NOBODY, "guess", address="10.0.0.2")
    assert real.status_code == nobody.status_code == 429
    assert page_body(real).replace(manager.email, NOBODY) == page_body(nobody)


# No account enumeration at sign-in


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(demo):
    manager = demo.user("PCN manager")
    known = attempt(Client(), manager.email, "wrong-password")
    unknown = attempt(Client(), NOBODY, "wrong-password")
    assert known.status_code == unknown.status_code == 200
    assert page_body(known).replace(manager.email, NOBODY) == page_body(unknown)


# Sign-ins in the audit log


def test_signing_in_and_out_is_recorded_with_the_address(demo):
    manager = demo.user("PCN manager")
    client = Client()
    attempt(client, manager.email, DEMO_PASSWORD, address="10.1.2.3")
    entry = AuditEntry.objects.get(action="core.sign_in", actor=manager)
    assert entry.target_id == str(manager.pk) and entry.after == {"address": "10.1.2.3"}
    client.post(reverse("core:sign_out"), REMOTE_ADDR="10.1.2.3")
    assert AuditEntry.objects.filter(action="core.sign_out", actor=manager).count() == 1


def test_a_refused_sign_in_is_recorded_against_the_account_without_an_actor(demo):
    manager = demo.user("PCN manager")
    attempt(Client(), manager.email, "wrong-password", address="10.9.9.9")
    entry = AuditEntry.objects.get(action="core.sign_in_failed")
    assert entry.actor is None
    assert (entry.target_type, entry.target_id) == ("core.user", str(manager.pk))
    assert entry.after == {"address": "10.9.9.9", "locked out": False}


def test_a_refused_sign_in_to_no_account_is_recorded_without_keeping_what_was_typed(demo):
    attempt(Client(), NOBODY, "wrong-password")
    entry = AuditEntry.objects.get(action="core.sign_in_failed")
    assert (entry.target_type, entry.target_id) == ("core.user", "")
    assert NOBODY not in f"{entry.target_label} {entry.before} {entry.after}"


def test_the_lockout_is_recorded(demo):
    manager = demo.user("PCN manager")
    client = Client()
    fail_five_times(client, manager.email)
    attempt(client, manager.email, DEMO_PASSWORD)
    last = AuditEntry.objects.filter(action="core.sign_in_failed").first()
    assert last.after["locked out"] is True
    assert not AuditEntry.objects.filter(action="core.sign_in").exists()


def test_the_account_page_shows_its_owner_their_recent_sign_ins(demo):
    manager = demo.user("PCN manager")
    attempt(Client(), manager.email, "wrong-password", address="10.9.9.9")
    page = text(signed_in(manager).get(reverse("core:account")))
    assert "Recent sign-ins" in page
    assert "Sign-in refused" in page and "10.9.9.9" in page
    # Someone else's page does not show them.
    other = text(signed_in(demo.user("Clinical director")).get(reverse("core:account")))
    assert "10.9.9.9" not in other


# Sign-up says the same whether or not the address has an account


def sign_up(client, email, full_name="Rita Jones"):
    return client.post(reverse("core:sign_up"), {"full_name": full_name, "email": email})


def emailed_link():
    return re.search(r"http://testserver(/create-account/\S+/)", mail.outbox[-1].body).group(1)


def test_signing_up_with_a_taken_email_looks_the_same_and_emails_the_owner(demo):
    manager = demo.user("PCN manager")
    taken = sign_up(Client(), manager.email.upper(), "Someone Else")
    free = sign_up(Client(), "rita.jones@example.nhs.uk")
    assert taken.status_code == free.status_code == 302
    assert taken.url == free.url == reverse("core:sign_up_sent")
    assert mail.outbox[0].to == [manager.email]
    assert "you already" in mail.outbox[0].body and "/create-account/" not in mail.outbox[0].body
    assert mail.outbox[1].to == ["rita.jones@example.nhs.uk"]
    manager.refresh_from_db()
    assert manager.full_name == "Priya Shah"
    # Nothing is made until the link is used.
    assert not User.objects.filter(email="rita.jones@example.nhs.uk").exists()


def test_the_emailed_link_makes_the_account_and_signs_in(db):
    client = Client()
    sign_up(client, "Rita.Jones@example.nhs.uk")
    link = emailed_link()
    page = client.get(link)
    assert "You will sign in with rita.jones@example.nhs.uk" in words(page)
    response = client.post(link, {"full_name": "Rita Jones", "password": "pcn-rota-planner-9"})
    assert response.status_code == 302
    user = User.objects.get(email="rita.jones@example.nhs.uk")
    assert AuditEntry.objects.filter(action="core.sign_up", target_id=str(user.pk)).exists()
    assert "not a member of any network" in text(client.get(reverse("home:index")))
    # Used once: the account exists now.
    assert Client().get(link).status_code == 410


def test_the_email_address_as_password_is_refused_on_the_field(db):
    client = Client()
    sign_up(client, "rita.jones@example.nhs.uk")
    response = client.post(
        emailed_link(), {"full_name": "Rita Jones", "password": "rita.jones@example.nhs.uk"}
    )
    assert response.status_code == 200
    assert "The password is too similar to the email" in text(response)
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(email="rita.jones@example.nhs.uk").exists()


def test_a_sign_up_link_that_is_old_or_altered_is_refused(db, still_clock):
    with time_machine.travel(still_clock - timedelta(days=4)):
        sign_up(Client(), "rita.jones@example.nhs.uk")
    link = emailed_link()
    assert Client().get(link).status_code == 410
    assert Client().get(link.replace("create-account/", "create-account/x")).status_code == 410
    response = Client().post(link, {"full_name": "R", "password": "pcn-rota-planner-9"})
    assert response.status_code == 410
    assert not User.objects.filter(email="rita.jones@example.nhs.uk").exists()


# Password reset says the same whether or not the address has an account


def test_a_password_reset_answers_the_same_for_an_unknown_email(demo):
    known = Client().post(reverse("core:password_reset"), {"email": demo.user("PCN manager").email})
    unknown = Client().post(reverse("core:password_reset"), {"email": NOBODY})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert [m.to for m in mail.outbox] == [[demo.user("PCN manager").email]]
    page = text(Client().get(unknown.url))
    assert "If an account uses that address" in page


def test_a_new_password_like_the_email_is_refused_at_reset(demo):
    manager = demo.user("PCN manager")
    client = Client()
    client.post(reverse("core:password_reset"), {"email": manager.email})
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": manager.email, "new_password2": manager.email},
    )
    assert response.status_code == 200
    assert "too similar to the email" in text(response)


# Behind the production proxy


@override_settings(TRUSTED_PROXIES=1)
def test_behind_a_proxy_the_lockout_counts_the_address_the_proxy_saw(demo):
    """Every request comes from the proxy's address: counting that would let anyone lock the
    manager out everywhere. A forged X-Forwarded-For entry left of the proxy's own changes
    nothing."""
    manager = demo.user("PCN manager")

    def through_proxy(password, client_saw, forged=""):
        forwarded = f"{forged}, {client_saw}" if forged else client_saw
        return Client().post(
            reverse("core:sign_in"),
            {"email": manager.email, "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for n in range(5):
        through_proxy(f"not-the-password-{n}", "198.51.100.7", forged=f"10.9.9.{n}")
    assert through_proxy(DEMO_PASSWORD, "198.51.100.7", forged="10.1.1.1").status_code == 429
    assert through_proxy(DEMO_PASSWORD, "203.0.113.20").status_code == 302
    signed_in_from = AuditEntry.objects.filter(action="core.sign_in", actor=manager).latest("pk")
    assert signed_in_from.after["address"] == "203.0.113.20"
