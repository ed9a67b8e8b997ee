"""Shared test world, built once per test session (per worker when tests run in parallel):
the shipped NHS files loaded, and two demo networks built by the same code as `manage.py demo`
on the tests' date. Each test runs in a transaction rolled back after it, so every test starts
from this same world, and whatever it changes is gone for the next."""

import html
import os
from pathlib import Path

import hypothesis
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from pcn.demo import network as demo_network
from pcn.networks.models import Network
from tests import clock, servers

# These machines are shared and their load swings: Hypothesis judges a test by what it finds,
# not by how fast inputs came or ran, which says more about the neighbours than the code.
hypothesis.settings.register_profile(
    "shared-machine",
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.load_profile("shared-machine")

SECOND_PCN = "U07032"  # North Stockton PCN: another network, for tenancy tests
SMALL_PCN = "U03864"  # three practices, 21,642 registered patients: below the minimum
BIGGEST_PCN = "U85476"  # the most records in the NHS workforce file (336 staff in the demo)


BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_configure(config):
    clock.start()


BROWSER_GROUPS = 2


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Browser journeys are marked `browser` (so `-m "not browser"` is the quick loop). Their
    modules are dealt into two groups of about as many journeys each; a worker that runs a
    group starts its own server (tests/browser/conftest.py), so on two workers the journeys run
    side by side instead of one worker taking them all while the other runs out of work. A
    module stays whole on one server. First, so that xdist sees the groups when it sorts the
    tests out to its workers."""
    modules = {}
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)
            modules.setdefault(item.path, []).append(item)
    # The largest module first into the group with fewest journeys so far.
    sizes = [0] * BROWSER_GROUPS
    for _path, module in sorted(modules.items(), key=lambda m: (-len(m[1]), str(m[0]))):
        group = sizes.index(min(sizes))
        sizes[group] += len(module)
        for item in module:
            item.add_marker(pytest.mark.xdist_group(f"browser-{group + 1}"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On several workers, each worker's test database starts from the session's reference
    database (the NHS files loaded once, tests/servers.py): on PostgreSQL as its template."""
    if servers.on_several_workers() and os.environ.get("DATABASE_URL"):
        built = servers.reference(tmp_path_factory)
        settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = built["postgres"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built before any test touches the database, so every test sees the same world whichever
    test happens to run first."""
    with django_db_blocker.unblock():
        if servers.on_several_workers():
            # The NHS files as the session's reference database holds them, loaded once.
            servers.restore_reference_into(connection, tmp_path_factory)
        else:
            call_command("load_reference", verbosity=0)
        world = {
            code: _keys(demo_network.build(code, today=clock.TODAY))
            for code in (demo_network.DEFAULT_PCN, SECOND_PCN)
        }
    return world


def _keys(built):
    """What a test needs to find a demo network again: its id and its sign-ins' ids."""
    return built.network.pk, [(role, user.pk) for role, user in built.sign_ins]


def _fresh(keys):
    """The demo as this test's transaction sees it: new objects, so nothing a test did to an
    object (a cached role, a changed field) leaks into the next test."""
    network_pk, sign_ins = keys
    users = get_user_model().objects.in_bulk([pk for _, pk in sign_ins])
    return demo_network.Demo(
        network=Network.objects.get(pk=network_pk),
        sign_ins=[(role, users[pk]) for role, pk in sign_ins],
    )


@pytest.fixture(scope="module")
def biggest_network_keys(django_db_setup, django_db_blocker):
    """The demo built for the PCN with the most records in the NHS workforce file, once for the
    module that asks (building it takes longer than most modules' tests), inside a transaction
    rolled back after the module's last test; each test runs inside it and is rolled back to it.
    A module that uses it runs on one test worker (xdist_group), so it is built once."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        keys = _keys(demo_network.build(BIGGEST_PCN, today=clock.TODAY))
    yield keys
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def biggest_network(biggest_network_keys, db):
    return _fresh(biggest_network_keys)


@pytest.fixture
def demo(django_db_setup, db):
    return _fresh(django_db_setup[demo_network.DEFAULT_PCN])


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache, as it starts with the world as built: what the
    ICB page keeps for a network (decision 31) is stamped by its audit entries, whose ids a
    rolled-back test may hand to the next one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def still_clock():
    """The clock stopped at clock.NOW for the test: for expiries and time-outs measured from
    a moment the test names, not from whenever it happens to run."""
    import time_machine

    with time_machine.travel(clock.NOW, tick=False):
        yield clock.NOW


@pytest.fixture
def other_demo(django_db_setup, db):
    return _fresh(django_db_setup[SECOND_PCN])


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


@pytest.fixture(scope="session")
def identity_provider():
    """A real OpenID Connect provider on the loopback, issuing NHSmail and CIS2 tokens."""
    from tests import identity_provider as provider

    started = provider.start()
    yield started
    started.stop()


@pytest.fixture
def nhs_sign_in(settings, identity_provider):
    """This installation registered with both NHS identity providers (the test provider)."""
    settings.NHS_SIGN_IN = identity_provider.settings()
    return identity_provider
