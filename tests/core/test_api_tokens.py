import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from pcn.core import actions
from pcn.core.models import ApiToken, AuditEntry, hash_token
from pcn.core.refusals import ActionRefused
from tests.conftest import signed_in, text

PRACTICES = "/api/networks/U35980/practices"


def about(moment, expected):
    return abs(moment - expected) < timedelta(minutes=1)


def call(raw):
    return Client().get(PRACTICES, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_account_page_makes_a_token_for_the_chosen_time_and_shows_it_once(demo, still_clock):
    user = demo.user("PCN manager")
    client = signed_in(user)
    page = text(client.get(reverse("core:account")))
    assert "How long should it work?" in page and "1 year" in page
    response = client.post(reverse("core:account"), {"name": "Monthly sheet", "days": "30"})
    assert "no-store" in response["Cache-Control"]
    raw = re.search(r'id="new-token">(pcn_[^<]+)<', text(response)).group(1)
    token = ApiToken.objects.get(user=user, name="Monthly sheet")
    assert about(token.expires_at, still_clock + timedelta(days=30))
    assert call(raw).status_code == 200
    # Listed with the date it stops working, and never shown again.
    again = text(client.get(reverse("core:account")))
    assert raw not in again
    assert "Works until" in again and "18 December 2026" in again
    assert AuditEntry.objects.filter(action="core.create_api_token", actor=user).exists()


def test_only_the_tokens_hash_is_stored(demo):
    user = demo.user("PCN manager")
    token, raw = actions.create_api_token(user=user, name="sheet", by=user)
    token.refresh_from_db()
    assert token.token_hash == hash_token(raw) != raw
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in [str(value) for value in stored.values()]
    assert raw not in str(list(AuditEntry.objects.filter(target_id=token.pk).values()))


def test_a_token_works_until_its_expiry_then_answers_401_saying_so(demo, still_clock):
    user = demo.user("PCN manager")
    _, raw = actions.create_api_token(user=user, name="sheet", days=30, by=user)
    assert call(raw).status_code == 200
    with time_machine.travel(still_clock + timedelta(days=30, minutes=1)):
        response = call(raw)
    assert response.status_code == 401
    assert "This API token expired on 18 December 2026" in response.json()["detail"]


def test_a_token_works_for_at_most_a_year(demo):
    user = demo.user("PCN manager")
    for days in (0, 366):
        with pytest.raises(ActionRefused) as refused:
            actions.create_api_token(user=user, name="sheet", days=days, by=user)
        assert refused.value.field == "days"
    response = signed_in(user).post(reverse("core:account"), {"name": "sheet", "days": "3650"})
    assert "Select a valid choice" in text(response)
    assert not user.api_tokens.exists()


def test_the_command_makes_a_token_for_the_days_asked(demo, capsys, still_clock):
    user = demo.user("Clinical director")
    call_command("create_api_token", user.email, "--days", "7")
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(token_hash=hash_token(raw))
    assert about(token.expires_at, still_clock + timedelta(days=7))


def test_resetting_a_password_revokes_every_api_token(demo):
    user = demo.user("PCN manager")
    _, first = actions.create_api_token(user=user, name="one", by=user)
    _, second = actions.create_api_token(user=user, name="two", by=user)
    assert call(first).status_code == 200

    client = Client()
    client.post(reverse("core:password_reset"), {"email": user.email})
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-much-better-passphrase", "new_password2": "a-much-better-passphrase"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-much-better-passphrase")

    for raw in (first, second):
        refused = call(raw)
        assert refused.status_code == 401
        assert "its owner's password changed" in refused.json()["detail"]
    assert not user.api_tokens.filter(revoked_at__isnull=True).exists()
    revoked = AuditEntry.objects.filter(action="core.revoke_api_token", actor=user)
    assert revoked.count() == 2
    assert {entry.after["reason"] for entry in revoked} == {"password changed"}
    assert AuditEntry.objects.filter(action="core.change_password", actor=user).exists()
    # The account page no longer lists them.
    assert "You have no API tokens." in text(signed_in(user).get(reverse("core:account")))


def test_changing_a_password_leaves_other_peoples_tokens_working(demo):
    user, other = demo.user("PCN manager"), demo.user("Clinical director")
    _, theirs = actions.create_api_token(user=other, name="theirs", by=other)
    actions.change_password(user=user, password="a-much-better-passphrase", by=user)
    assert call(theirs).status_code == 200


def test_a_token_of_a_closed_account_is_refused(demo):
    user = demo.user("PCN manager")
    _, raw = actions.create_api_token(user=user, name="sheet", by=user)
    user.is_active = False
    user.save()
    assert call(raw).status_code == 401


def test_a_wrong_or_altered_token_is_refused(demo):
    user = demo.user("PCN manager")
    _, raw = actions.create_api_token(user=user, name="sheet", by=user)
    altered = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    response = call(altered)
    assert response.status_code == 401 and response.json() == {"detail": "Unauthorized"}
    assert call(raw.upper()).status_code == 401


def test_a_token_reaches_a_network_only_while_its_owner_is_a_member(demo):
    # Tokens belong to a person, not to one network: the network's data is out of reach as
    # soon as the membership ends, without revoking the token.
    user = demo.user("Clinical director")
    _, raw = actions.create_api_token(user=user, name="sheet", by=user)
    assert call(raw).status_code == 200
    for membership in user.memberships.filter(network=demo.network):
        actions.remove_member(membership=membership, by=demo.user("PCN manager"))
    assert call(raw).status_code == 404


def test_an_expired_token_is_marked_on_the_account_page_and_can_be_removed(demo, still_clock):
    user = demo.user("PCN manager")
    token, _ = actions.create_api_token(user=user, name="old sheet", days=1, by=user)
    client = signed_in(user)
    with time_machine.travel(still_clock + timedelta(days=2)):
        page = text(client.get(reverse("core:account")))
        assert "Expired" in page and "Remove" in page
        client.post(reverse("core:revoke_token", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_someone_elses_token_cannot_be_revoked(demo):
    other = demo.user("Clinical director")
    token, _ = actions.create_api_token(user=other, name="theirs", by=other)
    client = signed_in(demo.user("PCN manager"))
    assert client.post(reverse("core:revoke_token", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
