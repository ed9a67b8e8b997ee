import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from pcn.core.models import User
from pcn.demo.network import DEMO_PASSWORD
from tests.conftest import text


def test_sign_in_with_email_and_password_and_sign_out(demo):
    client = Client()
    manager = demo.user("PCN manager")
    response = client.post(
        reverse("core:sign_in"), {"email": manager.email.upper(), "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    overview = client.get(reverse("home:index"), follow=True)
    assert "Central Liverpool PCN" in text(overview)

    assert client.get(reverse("core:sign_out")).status_code == 200  # asks first
    client.post(reverse("core:sign_out"))
    assert client.get(reverse("home:overview")).status_code == 302


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(demo):
    response = Client().post(
        reverse("core:sign_in"), {"email": demo.user("PCN manager").email, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "The email address or password is not right" in text(response)


def test_reset_a_forgotten_password_by_email(demo):
    manager = demo.user("PCN manager")
    client = Client()
    client.post(reverse("core:password_reset"), {"email": manager.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in text(form_page)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-much-better-passphrase", "new_password2": "a-much-better-passphrase"},
    )
    assert response.status_code == 302
    signed = Client().post(
        reverse("core:sign_in"), {"email": manager.email, "password": "a-much-better-passphrase"}
    )
    assert signed.status_code == 302


def test_create_an_account_then_see_no_network_yet(db):
    client = Client()
    response = client.post(
        reverse("core:sign_up"), {"full_name": "Rita Jones", "email": "Rita.Jones@example.nhs.uk"}
    )
    assert response.status_code == 302
    link = re.search(r"http://testserver(/create-account/\S+/)", mail.outbox[-1].body).group(1)
    client.post(link, {"full_name": "Rita Jones", "password": "pcn-rota-planner-9"})
    assert User.objects.filter(email="rita.jones@example.nhs.uk").exists()
    assert "not a member of any network" in text(client.get(reverse("home:index")))


def test_an_account_with_a_weak_password_is_refused(db):
    client = Client()
    client.post(reverse("core:sign_up"), {"full_name": "A", "email": "a@example.nhs.uk"})
    link = re.search(r"http://testserver(/create-account/\S+/)", mail.outbox[-1].body).group(1)
    response = client.post(link, {"full_name": "A", "password": "12345678"})
    assert "This password is too common" in text(response)
    assert User.objects.filter(email="a@example.nhs.uk").count() == 0
