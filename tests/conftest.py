"""Shared test world: the shipped NHS files loaded once per test session, and demo networks
built by the same code as `manage.py demo`."""

import html

import pytest
from django.core.management import call_command
from django.test import Client

from pcn.networks import demo as demo_network

SECOND_PCN = "U07032"  # North Stockton PCN: another network, for tenancy tests
SMALL_PCN = "U03864"  # three practices, 21,642 registered patients: below the minimum


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


@pytest.fixture
def demo(db):
    return demo_network.build(demo_network.DEFAULT_PCN)


@pytest.fixture
def other_demo(db):
    return demo_network.build(SECOND_PCN)


def signed_in(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def as_role(demo):
    """as_role("PCN manager") -> a client signed in as the demo user with that role."""

    def client_for(role):
        return signed_in(demo.user(role))

    return client_for


def text(response):
    """A page's HTML with entities decoded, so tests can look for "can't" as a reader sees it."""
    return html.unescape(response.content.decode())
