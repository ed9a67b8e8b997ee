import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pcn.core.models import AuditEntry, Invitation, Membership, Role, hash_token
from tests.conftest import signed_in, text


def invite(client, **data):
    return client.post(reverse("core:members"), data)


def accept_link():
    return re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[-1].body).group(1)


def test_a_pcn_manager_invites_a_practice_manager_who_joins_by_the_emailed_link(demo, as_role):
    practice = demo.network.practices.get(ods_code="N82054")
    response = invite(
        as_role("PCN manager"),
        full_name="Nadia Hussain",
        email="nadia@example.nhs.uk",
        role="practice_manager",
        practice=practice.pk,
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["nadia@example.nhs.uk"]
    assert "Central Liverpool PCN" in mail.outbox[-1].subject
    assert "practice manager of Abercromby Family Practice" in mail.outbox[-1].body

    newcomer = Client()
    page = newcomer.get(accept_link())
    assert "Create your account to accept" in text(page)
    response = newcomer.post(
        accept_link(), {"full_name": "Nadia Hussain", "password": "rooms-and-rotas-42"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nadia@example.nhs.uk")
    assert membership.role == Role.PRACTICE_MANAGER and membership.practice == practice
    assert AuditEntry.objects.filter(action="core.accept_invitation").exists()
    # Now they manage their practice's rooms.
    assert newcomer.get(reverse("networks:edit_rooms", args=["N82054"])).status_code == 200
    # A used link can't be used again.
    assert Client().get(accept_link()).status_code == 410


def test_an_existing_user_signs_in_and_accepts(demo, other_demo, as_role):
    someone = other_demo.user("PCN manager")
    invite(as_role("PCN manager"), email=someone.email, role="observer")
    client = signed_in(someone)
    assert "Accept invitation" in text(client.get(accept_link()))
    client.post(accept_link())
    assert Membership.objects.filter(
        user=someone, network=demo.network, role=Role.OBSERVER
    ).exists()


def test_an_invitation_is_only_for_its_email_address(demo, other_demo, as_role):
    invite(as_role("PCN manager"), email="right.person@example.nhs.uk", role="staff")
    client = signed_in(other_demo.user("PCN manager"))
    response = client.post(accept_link(), follow=True)
    assert "This invitation is for right.person@example.nhs.uk" in text(response)
    assert not Membership.objects.filter(
        user=other_demo.user("PCN manager"), network=demo.network
    ).exists()


def test_a_practice_manager_invitation_needs_a_practice(demo, as_role):
    response = invite(as_role("PCN manager"), email="pm@example.nhs.uk", role="practice_manager")
    assert response.status_code == 200
    assert "Choose the practice this practice manager manages" in text(response)
    assert not demo.network.invitations.exists()
    assert not mail.outbox


def test_an_expired_or_withdrawn_invitation_cannot_be_used(demo, as_role):
    client = as_role("PCN manager")
    invite(client, email="late@example.nhs.uk", role="staff")
    invitation = demo.network.invitations.get()
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    assert Client().get(accept_link()).status_code == 410

    invite(client, email="withdrawn@example.nhs.uk", role="staff")
    withdrawn = demo.network.invitations.get(email="withdrawn@example.nhs.uk")
    client.post(reverse("core:revoke_invitation", args=[withdrawn.pk]))
    assert "withdrawn" in text(Client().get(accept_link())).lower()


def test_the_only_pcn_manager_cannot_be_removed(demo, as_role):
    membership = demo.network.memberships.get(role=Role.PCN_MANAGER)
    response = as_role("PCN manager").post(
        reverse("core:remove_member", args=[membership.pk]), follow=True
    )
    assert "only PCN manager" in text(response)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_removing_a_member_ends_their_access(demo, as_role):
    staff = demo.user("Staff member")
    membership = demo.network.memberships.get(user=staff)
    as_role("PCN manager").post(reverse("core:remove_member", args=[membership.pk]))
    assert signed_in(staff).get(reverse("home:overview")).status_code == 302
    entry = AuditEntry.objects.get(action="core.remove_member")
    assert entry.before["role"] == "staff"


def test_a_practice_from_another_network_is_refused(demo, other_demo):
    from pcn.core import actions

    elsewhere = other_demo.network.practices.first()
    with pytest.raises(actions.ActionRefused, match="not in this network"):
        actions.invite(
            network=demo.network,
            email="pm@example.nhs.uk",
            role=Role.PRACTICE_MANAGER,
            practice=elsewhere,
            by=demo.user("PCN manager"),
            accept_url_for=str,
        )
    assert not demo.network.invitations.exists()


def test_an_invitation_keeps_only_the_hash_of_the_secret_in_its_link(demo, as_role):
    invite(as_role("PCN manager"), email="hashed@example.nhs.uk", role="staff")
    secret = re.search(r"/invitations/([^/]+)/", accept_link()).group(1)
    invitation = demo.network.invitations.get(email="hashed@example.nhs.uk")
    assert invitation.token_hash == hash_token(secret) != secret
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert secret not in [str(value) for value in stored.values()]
    assert secret not in str(list(AuditEntry.objects.filter(target_id=invitation.pk).values()))
    # The emailed link still works.
    assert "Create your account to accept" in text(Client().get(accept_link()))


def test_an_altered_invitation_link_is_not_found(demo, as_role):
    invite(as_role("PCN manager"), email="tamper@example.nhs.uk", role="staff")
    secret = re.search(r"/invitations/([^/]+)/", accept_link()).group(1)
    altered = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    newcomer = Client()
    assert newcomer.get(reverse("core:accept_invitation", args=[altered])).status_code == 404
    response = newcomer.post(
        reverse("core:accept_invitation", args=[altered]),
        {"full_name": "Someone", "password": "rooms-and-rotas-42"},
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(user__email="tamper@example.nhs.uk").exists()
    # Nor does the hash itself open it.
    invitation = demo.network.invitations.get(email="tamper@example.nhs.uk")
    assert (
        Client().get(reverse("core:accept_invitation", args=[invitation.token_hash])).status_code
        == 404
    )


def test_the_invitation_page_looks_the_same_whether_or_not_the_address_has_an_account(
    demo, other_demo, as_role
):
    invite(as_role("PCN manager"), email=other_demo.user("PCN manager").email, role="observer")
    has_account = Client().get(accept_link())
    invite(as_role("PCN manager"), email="new.person@example.nhs.uk", role="observer")
    no_account = Client().get(accept_link())
    assert has_account.status_code == no_account.status_code == 200
    for page in (has_account, no_account):
        assert "sign in to accept" in text(page)
        assert "Create your account to accept" in text(page)


def test_an_address_with_an_account_is_never_signed_in_by_a_new_password(demo, other_demo, as_role):
    someone = other_demo.user("PCN manager")
    invite(as_role("PCN manager"), email=someone.email, role="observer")
    client = Client()
    response = client.post(
        accept_link(), {"full_name": "Impostor", "password": "a-brand-new-password-7"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign_in"))
    assert "_auth_user_id" not in client.session
    someone.refresh_from_db()
    assert someone.full_name != "Impostor"
    assert not Membership.objects.filter(user=someone, network=demo.network).exists()


def test_joining_by_invitation_refuses_the_email_address_as_password(demo, as_role):
    invite(as_role("PCN manager"), email="nadia@example.nhs.uk", role="staff")
    response = Client().post(
        accept_link(), {"full_name": "Nadia Hussain", "password": "nadia@example.nhs.uk"}
    )
    assert response.status_code == 200
    assert "The password is too similar to the email" in text(response)
    assert not Membership.objects.filter(user__email="nadia@example.nhs.uk").exists()
