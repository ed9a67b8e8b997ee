"""A network's rule that its PCN manager, clinical director and anyone who can see pay sign in
with two factors: who may set it, who it applies to, and the confinement of a password sign-in
that has not met it until two-factor is set up."""

import re
import time

import pytest
import rules
from django.test import Client
from django.urls import reverse

from pcn.core import audit, two_factor_rule
from pcn.core.history_words import told
from pcn.core.models import AuditEntry, NhsIdentity
from pcn.demo.network import DEMO_PASSWORD
from pcn.money.rules import is_a_practice_manager, leadership
from tests import totp
from tests.conftest import signed_in, text
from tests.core.test_nhs_sign_in import sign_in_with

RULE = "/people/two-factor/"
REQUIRED = "/account/two-factor/required/"


def require(demo, on=True):
    two_factor_rule.set_required(network=demo.network, required=on, by=demo.user("PCN manager"))


def password_sign_in(user):
    client = Client()
    client.post("/sign-in/", {"email": user.email, "password": DEMO_PASSWORD})
    return client


def set_up_app(client):
    page = text(client.get("/account/two-factor/"))
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    done = client.post("/account/two-factor/", {"code": totp.code(secret, at=time.time())})
    assert "Two-factor sign-in is on" in text(done)


@pytest.fixture
def practice_managers_see_pay():
    """`money.view_pay` given to practice managers too, for one test."""
    rules.set_perm("money.view_pay", leadership | is_a_practice_manager)
    yield
    rules.set_perm("money.view_pay", leadership)


def test_the_pcn_manager_requires_it_and_history_says_so(demo):
    manager = demo.user("PCN manager")
    client = signed_in(manager)
    done = client.post(RULE, {"required": "on"}, follow=True)
    demo.network.refresh_from_db()
    assert demo.network.require_two_factor
    page = text(done)
    assert "Two-factor sign-in is now required" in page
    assert "nobody signed in now is interrupted" in page
    # The manager has no two-factor yet: told they will be asked.
    assert "you will be asked at your next sign-in" in page
    entry = AuditEntry.objects.get(action="core.require_two_factor", network=demo.network)
    assert entry.actor == manager and entry.after == {"require_two_factor": True}
    reader = audit.Reader(demo.user("Clinical director"), demo.network)
    assert told(reader.read(entry)).what == "Required two-factor sign-in"
    director_history = text(signed_in(demo.user("Clinical director")).get("/history/"))
    assert "Required two-factor sign-in" in director_history

    client.post(RULE, {"required": "off"})
    demo.network.refresh_from_db()
    assert not demo.network.require_two_factor
    stopped = AuditEntry.objects.get(action="core.stop_requiring_two_factor")
    assert told(reader.read(stopped)).what == "Stopped requiring two-factor sign-in"


@pytest.mark.parametrize(
    "role", ["Clinical director", "Practice manager", "Staff member", "Observer"]
)
def test_only_the_pcn_manager_may_change_it(demo, role):
    response = signed_in(demo.user(role)).post(RULE, {"required": "on"})
    assert response.status_code == 403
    demo.network.refresh_from_db()
    assert not demo.network.require_two_factor
    assert not AuditEntry.objects.filter(action="core.require_two_factor").exists()


def test_the_clinical_director_sees_it_but_has_no_button(demo):
    require(demo)
    page = text(signed_in(demo.user("Clinical director")).get("/people/"))
    assert "Two-factor sign-in" in page and "Required" in page
    assert "Only the PCN manager can change this." in page
    assert "Stop requiring two-factor sign-in" not in page


def test_it_applies_to_leadership_and_whoever_can_see_pay(demo):
    network = demo.network
    manager, director = demo.user("PCN manager"), demo.user("Clinical director")
    practice_manager = demo.user("Practice manager")
    assert two_factor_rule.applies_to(manager, network)
    assert two_factor_rule.applies_to(director, network)
    assert not two_factor_rule.applies_to(practice_manager, network)
    assert not two_factor_rule.applies_to(demo.user("Staff member"), network)
    NhsIdentity.objects.create(user=director, provider="cis2", issuer="https://x", subject="1")
    page = text(signed_in(manager).get("/people/"))
    table = page[page.index('data-testid="two-factor-people"') :]
    table = table[: table.index("</table>")]
    assert manager.full_name in table and "Not set up yet" in table
    assert director.full_name in table and "Signs in with NHS identity" in table
    assert practice_manager.full_name not in table


def test_the_list_follows_the_permission_to_see_pay(demo, practice_managers_see_pay):
    practice_manager = demo.user("Practice manager")
    assert two_factor_rule.applies_to(practice_manager, demo.network)
    page = text(signed_in(demo.user("PCN manager")).get("/people/"))
    table = page[page.index('data-testid="two-factor-people"') :]
    assert practice_manager.full_name in table[: table.index("</table>")]


def test_a_practice_manager_who_cannot_see_pay_is_not_asked(demo):
    require(demo)
    client = password_sign_in(demo.user("Practice manager"))
    assert client.get("/overview/").status_code == 200


def test_a_password_sign_in_is_confined_until_two_factor_is_set_up(demo):
    require(demo)
    director = demo.user("Clinical director")
    client = password_sign_in(director)
    for page in ("/overview/", "/people/", "/money/"):
        assert client.get(page)["Location"] == REQUIRED, page
    # A header anyone can add is no way round: only the API, which reads tokens, is left alone.
    made_up = {"Authorization": "Bearer made-up"}
    assert client.get("/overview/", headers=made_up)["Location"] == REQUIRED
    # A new API token would be a way round: the account page is read, not used.
    assert client.post("/account/", {"name": "script", "days": 30})["Location"] == REQUIRED
    assert not director.api_tokens.exists()
    why = text(client.get(REQUIRED))
    assert "Set up two-factor sign-in to go on" in why
    assert demo.network.name in why and "protects pay and people's details" in why
    assert client.get("/account/").status_code == 200
    assert client.get("/account/two-factor/").status_code == 200
    assert client.get("/account/security-keys/add/").status_code == 200
    assert client.get("/sign-out/").status_code == 200

    set_up_app(client)
    assert client.get("/overview/").status_code == 200
    assert two_factor_rule.SESSION_KEY not in client.session


def test_a_person_in_several_networks_is_asked_if_any_requires_it(demo, other_demo):
    from pcn.core.actions import add_member
    from pcn.core.models import Role

    director = demo.user("Clinical director")
    add_member(network=other_demo.network, user=director, role=Role.STAFF, by=director)
    require(demo)
    client = password_sign_in(director)
    assert client.get("/overview/")["Location"] == REQUIRED
    assert client.session[two_factor_rule.SESSION_KEY] == [demo.network.name]


def test_someone_with_two_factor_already_is_not_confined(demo):
    director = demo.user("Clinical director")
    set_up_app(signed_in(director))
    require(demo)
    client = Client()
    client.post("/sign-in/", {"email": director.email, "password": DEMO_PASSWORD})
    assert two_factor_rule.SESSION_KEY not in client.session


def test_a_session_signed_in_before_it_was_required_goes_on(demo):
    client = password_sign_in(demo.user("Clinical director"))
    assert client.get("/overview/").status_code == 200
    require(demo)
    assert client.get("/overview/").status_code == 200
    # Asked at the next sign-in.
    again = password_sign_in(demo.user("Clinical director"))
    assert again.get("/overview/")["Location"] == REQUIRED


def test_stopping_the_rule_lets_a_confined_person_go_on_from_the_page(demo):
    require(demo)
    client = password_sign_in(demo.user("Clinical director"))
    require(demo, on=False)
    assert client.get(REQUIRED)["Location"] == reverse("home:index")
    assert client.get("/overview/").status_code == 200


def test_an_nhs_sign_in_counts_as_strong(demo, nhs_sign_in):
    require(demo)
    director = demo.user("Clinical director")
    NhsIdentity.objects.create(
        user=director, provider="cis2", issuer=nhs_sign_in.issuer("cis2"), subject="uuid-cd"
    )
    client = Client()
    sign_in_with(client, "cis2", nhs_sign_in, sub="uuid-cd", email=director.email)
    assert client.get("/account/").wsgi_request.user == director
    assert client.get("/overview/").status_code == 200


def test_an_api_token_is_not_a_session_and_is_left_alone(demo):
    from pcn.core.actions import create_api_token

    director = demo.user("Clinical director")
    _, raw = create_api_token(user=director, name="script", by=director)
    require(demo)
    # Even from a browser whose session is confined: the API reads the token, not the session.
    client = password_sign_in(director)
    address = f"/api/networks/{demo.network.pcn_code}/practices"
    assert client.get(address, headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    assert client.get("/overview/")["Location"] == REQUIRED
