"""Who may see and do what: every role against every page and action, refusals included."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in, text

DINGLE = "N82033"
ROLES = [
    "PCN manager",
    "Clinical director",
    "Practice manager of Dingle Park Practice",
    "Practice manager of Abercromby Family Practice",
    "Staff member",
    "Observer",
]

MONEY_TOTALS = ("overview", "rates", "forecast", "income")
MONEY_PAY = ("claims", "salary_lines", "ledger")

# page -> roles that get 200 (everyone else signed in gets 403)
PAGES = {
    ("home:overview", ()): set(ROLES),
    ("networks:practices", ()): set(ROLES),
    ("networks:practice", (DINGLE,)): set(ROLES),
    ("networks:edit_practice", (DINGLE,)): {
        "PCN manager",
        "Practice manager of Dingle Park Practice",
    },
    ("networks:edit_rooms", (DINGLE,)): {"PCN manager", "Practice manager of Dingle Park Practice"},
    ("networks:enter_population", (DINGLE,)): {"PCN manager"},
    ("networks:upload_populations", ()): {"PCN manager"},
    # An observer is the ICB's user: they approve new networks of their ICB (decision 18).
    ("networks:applications", ()): {"Observer"},
    ("core:members", ()): {"PCN manager", "Clinical director"},
    ("core:history", ()): {"PCN manager", "Clinical director", "Observer"},
    **{(f"money:{name}", ()): set(ROLES) - {"Staff member"} for name in MONEY_TOTALS},
    **{(f"money:{name}", ()): {"PCN manager", "Clinical director"} for name in MONEY_PAY},
    **{(f"money:{name}", ()): {"PCN manager"} for name in ("set_rate", "profile", "import_lines")},
    ("money:statement", (DINGLE,)): {
        "PCN manager",
        "Clinical director",
        "Practice manager of Dingle Park Practice",
    },
    ("coordination:hub", ()): set(ROLES),
    ("coordination:matrix", ()): set(ROLES),
    ("coordination:propose_matrix", ()): {"PCN manager"},
    ("coordination:requests", ()): set(ROLES) - {"Staff member"},
    ("coordination:send_request", ()): {"PCN manager", "Clinical director"},
    ("coordination:meetings", ()): set(ROLES),
    ("coordination:actions", ()): set(ROLES),
    ("coordination:concerns", ()): set(ROLES) - {"Observer"},
    ("coordination:announcements", ()): set(ROLES),
    ("coordination:my_digest", ()): set(ROLES),
    ("purpose:purpose", ()): set(ROLES),
    ("benchmarking:benchmark", ()): set(ROLES),
    ("purpose:draft", ()): {"PCN manager", "Clinical director"},
    # The register against the NHS census names people: the leadership reads it and its export.
    ("workforce:census", ()): {"PCN manager", "Clinical director"},
    ("workforce:census_export", ()): {"PCN manager", "Clinical director"},
    # The recruitment planner reads pay: the leadership; only the PCN manager adds its posts.
    ("planning:plan", ()): {"PCN manager", "Clinical director"},
    ("planning:plan_csv", ()): {"PCN manager", "Clinical director"},
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_its_pages(demo, role):
    client = signed_in(demo.user(role))
    for (name, args), allowed in PAGES.items():
        status = client.get(reverse(name, args=args)).status_code
        expected = 200 if role in allowed else 403
        assert status == expected, f"{role} on {name}: {status}, expected {expected}"


@pytest.mark.parametrize("role", ROLES)
def test_practice_history_is_for_leaders_observers_and_that_practices_manager(demo, role):
    practice = demo.network.practices.get(ods_code=DINGLE)
    status = (
        signed_in(demo.user(role))
        .get(reverse("core:record_history", args=["networks.practice", practice.pk]))
        .status_code
    )
    allowed = {
        "PCN manager",
        "Clinical director",
        "Observer",
        "Practice manager of Dingle Park Practice",
    }
    assert status == (200 if role in allowed else 403)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "PCN manager"])
def test_only_the_pcn_manager_may_invite(demo, role):
    response = signed_in(demo.user(role)).post(
        reverse("core:members"), {"email": "x@example.nhs.uk", "role": "staff"}
    )
    assert response.status_code == 403
    assert not demo.network.invitations.exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "PCN manager"])
def test_only_the_pcn_manager_may_remove_people(demo, role):
    membership = demo.network.memberships.get(user=demo.user("Staff member"))
    response = signed_in(demo.user(role)).post(reverse("core:remove_member", args=[membership.pk]))
    assert response.status_code == 403
    assert demo.network.memberships.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "PCN manager"])
def test_only_the_pcn_manager_may_explain_a_difference_from_the_census(demo, role):
    client = signed_in(demo.user(role))
    explain = client.post(reverse("workforce:census_explain"), {"item": "x", "reason": "Because."})
    assert explain.status_code == 403
    assert client.post(reverse("workforce:census_reopen"), {"explanation": "1"}).status_code == 403
    assert not demo.network.census_explanations.exists()


def test_the_observer_reads_but_cannot_change_anything(demo):
    client = signed_in(demo.user("Observer"))
    page = text(client.get(reverse("networks:practice", args=[DINGLE])))
    assert "Change rooms" not in page and "Enter the official figure" not in page
    assert client.post(reverse("networks:edit_rooms", args=[DINGLE]), {}).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(demo):
    for name, args in PAGES:
        response = Client().get(reverse(name, args=args))
        assert response.status_code == 302 and reverse("core:sign_in") in response.url


def test_a_user_with_no_network_is_asked_to_set_one_up(db):
    from pcn.core.models import User

    loner = User.objects.create_user(email="loner@example.nhs.uk", full_name="Lo Ner", password="x")
    client = signed_in(loner)
    response = client.get(reverse("home:overview"))
    assert response.status_code == 302 and response.url == reverse("home:index")
    assert "Set up a network from its PCN code" in text(client.get(reverse("home:index")))


# An ICB's page (decision 31): its ICB users only; a role in one of its networks is not enough.
def _icb_pages(network):
    icb = network.icb_code
    return [
        reverse("home:icb", args=[icb]),
        reverse("home:icb_networks_csv", args=[icb]),
        reverse("home:icb_census_csv", args=[icb]),
        reverse("home:icb_network", args=[icb, network.pcn_code]),
    ]


def test_the_icb_user_reads_every_icb_page(demo):
    client = signed_in(demo.user("ICB user"))
    for url in _icb_pages(demo.network):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ROLES)
def test_the_networks_own_people_do_not_see_its_icbs_pages(demo, role):
    client = signed_in(demo.user(role))
    for url in _icb_pages(demo.network):
        assert client.get(url).status_code == 404, f"{role} on {url}"


def test_another_icbs_user_does_not_see_them(demo, other_demo):
    client = signed_in(other_demo.user("ICB user"))
    for url in _icb_pages(demo.network):
        assert client.get(url).status_code == 404, url


def test_the_icb_user_has_no_network_page(demo):
    client = signed_in(demo.user("ICB user"))
    for name, args in PAGES:
        response = client.get(reverse(name, args=args))
        if name == "networks:applications":  # they decide their ICB's requests (decision 18)
            assert response.status_code == 200
        else:
            assert response.status_code == 302 and response.url == reverse("home:index"), name


def test_signed_out_visitors_are_sent_to_sign_in_from_the_icb_pages(demo):
    for url in _icb_pages(demo.network):
        response = Client().get(url)
        assert response.status_code == 302 and reverse("core:sign_in") in response.url


@pytest.mark.parametrize("role", [r for r in ROLES if r != "PCN manager"])
def test_only_the_pcn_manager_adds_a_plan_to_the_forecast(demo, role):
    response = signed_in(demo.user(role)).post(reverse("planning:add_to_forecast"), {})
    assert response.status_code == 403
    assert not demo.network.planned_posts.exists()
