"""A `next` address from the request is followed only to a page of this site."""

import pytest
from django.test import Client
from django.urls import reverse

from pcn.demo.network import DEMO_PASSWORD
from tests.conftest import signed_in

ELSEWHERE = [
    "/\\example.org/",
    "//evil.example.org/",
    "https://evil.example.org/",
    "http://evil.example.org/sign-in/",
    "javascript:alert(1)",
    "\\\\evil.example.org",
    " //evil.example.org/",
]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_sign_in_never_sends_you_to_another_site(demo, target):
    response = Client().post(
        f"{reverse('core:sign_in')}?next={target}",
        {"email": demo.user("PCN manager").email, "password": DEMO_PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response.url == reverse("home:index")


@pytest.mark.parametrize("target", ELSEWHERE)
def test_a_next_address_from_the_query_is_not_put_in_the_sign_in_form(db, target):
    page = Client().get(reverse("core:sign_in"), {"next": target})
    assert page.context["next"] == ""


def test_sign_in_follows_next_to_a_page_of_this_site(demo):
    response = Client().post(
        reverse("core:sign_in"),
        {
            "email": demo.user("PCN manager").email,
            "password": DEMO_PASSWORD,
            "next": "/practices/?x=1",
        },
    )
    assert response.url == "/practices/?x=1"


def test_over_https_a_plain_http_next_of_this_site_is_not_followed(demo):
    response = Client().post(
        reverse("core:sign_in"),
        {
            "email": demo.user("PCN manager").email,
            "password": DEMO_PASSWORD,
            "next": "http://testserver/practices/",
        },
        secure=True,
    )
    assert response.url == reverse("home:index")


@pytest.mark.parametrize("target", ELSEWHERE)
def test_saving_an_actions_status_never_sends_you_to_another_site(demo, target):
    item = demo.network.action_items.first()
    response = signed_in(demo.user("PCN manager")).post(
        reverse("coordination:update_action", args=[item.pk]),
        {"status": "done", "version": item.version, "next": target},
    )
    assert response.url == reverse("coordination:actions")
