"""Signing in with an NHS identity against a real OpenID Connect provider on the loopback
(tests/identity_provider): the account or invitation it finds, and every refusal."""

import urllib.request
from datetime import timedelta
from urllib.parse import urlparse

import pytest

from pcn.config.settings import base
from pcn.core import actions
from pcn.core.models import AuditEntry, Invitation, Membership, NhsIdentity, Role, User
from tests import clock
from tests.conftest import signed_in, text


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def through_provider(client, start_url, data=None):
    """Press the button, let the provider consent, and come back: the response to the return."""
    started = client.post(start_url, data or {})
    assert started.status_code == 302, started.content
    assert started["Location"].startswith("http://127.0.0.1:")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(started["Location"], timeout=10)
        raise AssertionError("the provider did not redirect back")
    except urllib.error.HTTPError as answer:
        assert answer.code == 302, answer.read()
        back = urlparse(answer.headers["Location"])
    return client.get(f"{back.path}?{back.query}"), f"{back.path}?{back.query}"


def sign_in_with(client, provider, idp, *, sub, email, name="", fault=None):
    idp.will_sign_in(sub=sub, email=email, name=name, fault=fault)
    return through_provider(client, f"/sign-in/nhs/{provider}/")


def signed_in_as(client):
    return client.get("/account/").wsgi_request.user


def test_a_provider_is_offered_only_when_its_three_settings_are_present(monkeypatch):
    for name, value in {
        "OIDC_NHSMAIL_ISSUER": "https://login.microsoftonline.com/tenant/v2.0",
        "OIDC_NHSMAIL_CLIENT_ID": "pcn-commons",
        "OIDC_NHSMAIL_CLIENT_SECRET": "",
    }.items():
        monkeypatch.setenv(name, value)
    assert base._nhs_sign_in("NHSMAIL") is None
    monkeypatch.setenv("OIDC_NHSMAIL_CLIENT_SECRET", "s3cret")
    assert base._nhs_sign_in("NHSMAIL")["client_id"] == "pcn-commons"


def test_the_sign_in_page_shows_a_button_for_each_configured_provider(client, settings, db):
    settings.NHS_SIGN_IN = {}
    assert "Sign in with NHSmail" not in text(client.get("/sign-in/"))
    settings.NHS_SIGN_IN = {
        "cis2": {"issuer": "http://127.0.0.1:9/cis2", "client_id": "x", "client_secret": "y"}
    }
    page = text(client.get("/sign-in/"))
    assert "Sign in with NHS Care Identity" in page and "Sign in with NHSmail" not in page


def test_an_unreachable_issuer_still_renders_the_sign_in_page_then_says_so(client, settings, db):
    # Port 9 (discard) on the loopback: nothing listens, so the connection is refused at once.
    settings.NHS_SIGN_IN = {
        "nhsmail": {"issuer": "http://127.0.0.1:9/nhsmail", "client_id": "x", "client_secret": "y"}
    }
    assert client.get("/sign-in/").status_code == 200
    pressed = client.post("/sign-in/nhs/nhsmail/")
    assert pressed.status_code == 502
    assert "We couldn't reach NHSmail" in text(pressed)


def test_an_existing_account_is_found_by_email_and_its_identity_linked(demo, nhs_sign_in):
    user = demo.user("PCN manager")
    client = signed_in(user)
    client.logout()
    back, _ = sign_in_with(
        client, "nhsmail", nhs_sign_in, sub="entra-oid-1", email=user.email.upper()
    )
    assert back.status_code == 302
    assert signed_in_as(client) == user
    identity = user.nhs_identities.get()
    assert (identity.provider, identity.subject) == ("nhsmail", "entra-oid-1")
    entries = AuditEntry.objects.filter(target_id=str(user.pk)).order_by("-at")
    assert entries[0].action == "core.sign_in" and entries[0].after["with"] == "NHSmail"
    assert entries[1].action == "core.link_identity"


def test_a_linked_identity_is_found_by_its_subject_even_with_a_new_email(demo, nhs_sign_in):
    user = demo.user("Clinical director")
    NhsIdentity.objects.create(
        user=user, provider="cis2", issuer=nhs_sign_in.issuer("cis2"), subject="uuid-77"
    )
    client = signed_in(user)
    client.logout()
    sign_in_with(client, "cis2", nhs_sign_in, sub="uuid-77", email="renamed@nhs.net")
    assert signed_in_as(client) == user


def test_the_same_subject_from_another_issuer_is_another_person(demo, nhs_sign_in):
    user = demo.user("Clinical director")
    NhsIdentity.objects.create(
        user=user, provider="cis2", issuer=nhs_sign_in.issuer("cis2"), subject="uuid-77"
    )
    client = signed_in(user)
    client.logout()
    back, _ = sign_in_with(client, "nhsmail", nhs_sign_in, sub="uuid-77", email="x@nhs.net")
    assert back.status_code == 403
    assert not signed_in_as(client).is_authenticated


def test_a_first_sign_in_with_an_open_invitation_makes_the_account_and_joins(demo, nhs_sign_in):
    manager = demo.user("PCN manager")
    actions.invite(
        network=demo.network,
        email="new.pharmacist@nhs.net",
        full_name="Nia Pharmacist",
        role=Role.STAFF,
        by=manager,
        accept_url_for=lambda token: f"http://testserver/{token}",
    )
    client = signed_in(manager)
    client.logout()
    back, _ = sign_in_with(
        client, "nhsmail", nhs_sign_in, sub="oid-new", email="new.pharmacist@nhs.net", name="Nia P"
    )
    user = User.objects.get(email="new.pharmacist@nhs.net")
    assert signed_in_as(client) == user
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, network=demo.network, role=Role.STAFF).exists()
    assert Invitation.objects.get(email="new.pharmacist@nhs.net").accepted_by == user


def test_no_account_and_no_invitation_is_refused_and_nothing_is_made(db, client, nhs_sign_in):
    back, _ = sign_in_with(client, "cis2", nhs_sign_in, sub="u-1", email="stranger@nhs.net")
    assert back.status_code == 403
    assert "There is no PCN Commons account or invitation for stranger@nhs.net" in text(back)
    assert not User.objects.filter(email="stranger@nhs.net").exists()
    assert not signed_in_as(client).is_authenticated
    refused = AuditEntry.objects.filter(action="core.sign_in_failed").latest("at")
    assert refused.after["reason"] == "no account" and refused.after["with"] == "NHS Care Identity"


def test_an_expired_invitation_does_not_let_anyone_in(demo, nhs_sign_in):
    manager = demo.user("PCN manager")
    invitation = actions.invite(
        network=demo.network,
        email="late@nhs.net",
        role=Role.STAFF,
        by=manager,
        accept_url_for=lambda token: f"http://testserver/{token}",
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=clock.NOW - timedelta(days=1))
    client = signed_in(manager)
    client.logout()
    back, _ = sign_in_with(client, "nhsmail", nhs_sign_in, sub="late", email="late@nhs.net")
    assert back.status_code == 403
    assert not User.objects.filter(email="late@nhs.net").exists()


@pytest.mark.parametrize(
    "fault, reason",
    [
        ("tampered", "ID token: bad_signature"),
        ("other_key", "ID token: bad_signature"),
        ("wrong_nonce", "ID token: invalid_claim"),
        ("expired", "ID token: expired_token"),
    ],
)
def test_an_id_token_that_cant_be_trusted_is_refused(demo, nhs_sign_in, fault, reason):
    user = demo.user("PCN manager")
    client = signed_in(user)
    client.logout()
    back, _ = sign_in_with(client, "nhsmail", nhs_sign_in, sub="s", email=user.email, fault=fault)
    assert back.status_code == 400
    assert "We couldn't confirm your NHSmail sign-in" in text(back)
    assert not signed_in_as(client).is_authenticated
    assert not user.nhs_identities.exists()
    refused = AuditEntry.objects.filter(action="core.sign_in_failed").latest("at")
    assert refused.after["with"] == "NHSmail"
    assert refused.after["reason"] == reason


def test_a_provider_clock_a_minute_ahead_is_tolerated(demo, nhs_sign_in):
    user = demo.user("PCN manager")
    client = signed_in(user)
    client.logout()
    sign_in_with(client, "nhsmail", nhs_sign_in, sub="s", email=user.email, fault="skewed")
    assert signed_in_as(client) == user


def test_a_return_address_is_good_once(demo, nhs_sign_in):
    user = demo.user("PCN manager")
    client = signed_in(user)
    client.logout()
    _, back_url = sign_in_with(client, "nhsmail", nhs_sign_in, sub="s", email=user.email)
    client.logout()
    again = client.get(back_url)
    assert again.status_code == 400
    assert not signed_in_as(client).is_authenticated


def test_a_return_from_a_sign_in_started_in_another_browser_is_refused(demo, client, nhs_sign_in):
    user = demo.user("PCN manager")
    theirs = signed_in(user)
    theirs.logout()
    nhs_sign_in.will_sign_in(sub="s", email=user.email)
    started = theirs.post("/sign-in/nhs/nhsmail/")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(started["Location"], timeout=10)
    back = urlparse(answer.value.headers["Location"])
    # Someone else's browser (login CSRF: signing a victim in as the attacker) is refused.
    refused = client.get(f"{back.path}?{back.query}")
    assert refused.status_code == 400
    assert not signed_in_as(client).is_authenticated


def test_a_person_links_and_unlinks_an_identity_from_their_account(demo, nhs_sign_in):
    user = demo.user("Clinical director")
    client = signed_in(user)
    assert "Link<span" in client.get("/account/").content.decode()
    nhs_sign_in.will_sign_in(sub="cd-oid", email="cd.other@nhs.net")
    back, _ = through_provider(client, "/account/nhs/cis2/link/")
    assert back["Location"] == "/account/"
    identity = user.nhs_identities.get()
    assert identity.email == "cd.other@nhs.net"
    page = text(client.get("/account/"))
    assert "NHS identity linked: NHS Care Identity (cd.other@nhs.net)" in page
    client.post(f"/account/nhs/{identity.pk}/unlink/")
    assert not user.nhs_identities.exists()
    assert "NHS identity unlinked" in text(client.get("/account/"))


def test_an_identity_linked_to_someone_else_is_not_linked_again(demo, nhs_sign_in):
    other = demo.user("PCN manager")
    NhsIdentity.objects.create(
        user=other, provider="nhsmail", issuer=nhs_sign_in.issuer("nhsmail"), subject="shared"
    )
    user = demo.user("Clinical director")
    client = signed_in(user)
    nhs_sign_in.will_sign_in(sub="shared", email=other.email)
    through_provider(client, "/account/nhs/nhsmail/link/")
    assert not user.nhs_identities.exists()
    assert "already linked to another PCN Commons account" in text(client.get("/account/"))


def test_the_only_way_in_cannot_be_unlinked(demo, nhs_sign_in):
    user = demo.user("Clinical director")
    user.set_unusable_password()
    user.save()
    identity = NhsIdentity.objects.create(
        user=user, provider="nhsmail", issuer=nhs_sign_in.issuer("nhsmail"), subject="only"
    )
    client = signed_in(user)
    client.post(f"/account/nhs/{identity.pk}/unlink/")
    assert user.nhs_identities.exists()
    assert "you would have no way in" in text(client.get("/account/"))


def test_someone_elses_identity_cannot_be_unlinked(demo, nhs_sign_in):
    other = demo.user("PCN manager")
    identity = NhsIdentity.objects.create(
        user=other, provider="nhsmail", issuer=nhs_sign_in.issuer("nhsmail"), subject="theirs"
    )
    client = signed_in(demo.user("Clinical director"))
    assert client.post(f"/account/nhs/{identity.pk}/unlink/").status_code == 404
    assert other.nhs_identities.exists()
