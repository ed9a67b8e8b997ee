"""A new network waits for approval (decision 18): a new account can't claim a real PCN."""

import pytest
from django.core import mail
from django.urls import reverse

from pcn.core.models import AuditEntry, Membership, Role, User
from pcn.core.refusals import ActionRefused
from pcn.networks import actions
from pcn.networks.models import ApplicationStatus, Network, NetworkApplication
from tests.conftest import signed_in, text

NANTWICH = "U29951"  # in Cheshire and Merseyside, Central Liverpool's ICB


def person(email, **extra):
    return User.objects.create_user(
        email=email, full_name=email.split("@")[0], password="x", **extra
    )


@pytest.fixture
def claimant(db):
    return person("claimant@example.org")


@pytest.fixture
def administrator(db):
    return person("admin@example.nhs.uk", is_staff=True)


def ask(user, code=NANTWICH):
    return signed_in(user).post(reverse("networks:create", args=[code]))


def test_asking_to_set_up_a_pcn_makes_nothing_until_it_is_approved(claimant):
    response = ask(claimant)
    assert response.status_code == 302
    assert not Network.objects.filter(pcn_code=NANTWICH).exists()
    assert not Membership.objects.filter(user=claimant).exists()
    application = NetworkApplication.objects.get(pcn_code=NANTWICH)
    assert application.applicant == claimant and application.is_waiting
    assert AuditEntry.objects.filter(action="networks.apply", actor=claimant).exists()

    page = signed_in(claimant).get(response.url, follow=True)
    assert "Your request to set up this network is waiting for approval" in text(page)
    assert "NHS Cheshire and Merseyside Integrated Care Board" in text(page)
    assert reverse("networks:create", args=[NANTWICH]) not in text(page)  # no second request


def test_while_waiting_the_applicant_cannot_act_as_its_manager(claimant):
    ask(claimant)
    client = signed_in(claimant)
    assert client.get(reverse("home:overview")).url == reverse("home:index")
    assert client.get(reverse("networks:practices")).url == reverse("home:index")
    assert client.get(reverse("core:members")).url == reverse("home:index")


def test_asking_twice_is_one_request(claimant):
    ask(claimant)
    ask(claimant)
    assert NetworkApplication.objects.filter(pcn_code=NANTWICH).count() == 1


def test_a_site_administrator_approves_and_the_applicant_becomes_pcn_manager(
    claimant, administrator
):
    ask(claimant)
    application = NetworkApplication.objects.get(pcn_code=NANTWICH)
    admin = signed_in(administrator)
    listing = admin.get(reverse("networks:applications"))
    assert "Nantwich & Rural PCN (U29951)" in text(listing)
    assert claimant.email in text(admin.get(reverse("networks:application", args=[application.pk])))

    response = admin.post(reverse("networks:approve_application", args=[application.pk]))
    assert response.status_code == 302
    network = Network.objects.get(pcn_code=NANTWICH)
    assert network.practices.count() == 5
    assert Membership.objects.filter(user=claimant, network=network, role=Role.PCN_MANAGER).exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by == administrator and application.network == network
    assert AuditEntry.objects.filter(
        action="networks.approve_application", actor=administrator, network=network
    ).exists()
    assert mail.outbox[-1].to == [claimant.email] and "approved" in mail.outbox[-1].body
    assert "Nantwich & Rural PCN (U29951)" in mail.outbox[-1].body
    assert signed_in(claimant).get(reverse("home:overview")).status_code == 200


def test_approving_one_request_refuses_the_others_for_the_same_pcn(claimant, administrator):
    real_manager = person("real.manager@example.nhs.uk")
    ask(claimant)
    ask(real_manager)
    real = NetworkApplication.objects.get(applicant=real_manager)
    page = signed_in(administrator).get(reverse("networks:application", args=[real.pk]))
    assert "Others have asked for this PCN too" in text(page) and claimant.email in text(page)

    actions.approve(application=real, by=administrator)
    other = NetworkApplication.objects.get(applicant=claimant)
    assert other.status == ApplicationStatus.REFUSED
    assert "set up for another person" in other.reason
    assert not Membership.objects.filter(user=claimant).exists()
    assert mail.outbox[-1].to == [claimant.email] and "refused" in mail.outbox[-1].body


def test_refusing_needs_a_reason_and_tells_the_applicant_and_the_pcn_is_free_again(
    claimant, administrator
):
    ask(claimant)
    application = NetworkApplication.objects.get(pcn_code=NANTWICH)
    admin = signed_in(administrator)
    url = reverse("networks:application", args=[application.pk])
    response = admin.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "This field is required" in text(response) or "Say why" in text(response)
    application.refresh_from_db()
    assert application.is_waiting

    admin.post(url, {"reason": "Nobody at the PCN knows you."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED
    assert AuditEntry.objects.filter(
        action="networks.refuse_application", actor=administrator
    ).exists()
    assert "Nobody at the PCN knows you." in mail.outbox[-1].body
    page = text(signed_in(claimant).get(reverse("networks:set_up")))
    assert "Refused: Nobody at the PCN knows you." in page
    # The PCN is free: the real manager asks, and is approved.
    real_manager = person("real.manager@example.nhs.uk")
    ask(real_manager)
    actions.approve(
        application=NetworkApplication.objects.get(applicant=real_manager), by=administrator
    )
    assert Network.objects.get(pcn_code=NANTWICH).memberships.get().user == real_manager


def test_refusing_without_a_reason_is_refused_by_the_action(claimant, administrator):
    ask(claimant)
    application = NetworkApplication.objects.get(pcn_code=NANTWICH)
    with pytest.raises(ActionRefused) as refusal:
        actions.refuse(application=application, reason=" ", by=administrator)
    assert refusal.value.field == "reason"


def test_a_decided_request_cannot_be_decided_again(claimant, administrator):
    ask(claimant)
    application = NetworkApplication.objects.get(pcn_code=NANTWICH)
    actions.refuse(application=application, reason="No.", by=administrator)
    with pytest.raises(ActionRefused):
        actions.approve(application=application, by=administrator)
    response = signed_in(administrator).post(
        reverse("networks:approve_application", args=[application.pk]), follow=True
    )
    assert "already refused" in text(response)
    assert not Network.objects.filter(pcn_code=NANTWICH).exists()


def test_a_request_for_a_network_set_up_meanwhile_is_refused_on_approval(claimant, administrator):
    ask(claimant)
    application = NetworkApplication.objects.get(pcn_code=NANTWICH)
    actions.set_up(pcn_code=NANTWICH, by=administrator)
    with pytest.raises(actions.NetworkExists):
        actions.approve(application=application, by=administrator)


def test_an_icb_user_approves_requests_of_their_own_icb(demo, claimant):
    ask(claimant)
    application = NetworkApplication.objects.get(pcn_code=NANTWICH)
    observer = signed_in(demo.user("Observer"))  # observes Central Liverpool, same ICB
    assert "Nantwich" in text(observer.get(reverse("networks:applications")))
    observer.post(reverse("networks:approve_application", args=[application.pk]))
    network = Network.objects.get(pcn_code=NANTWICH)
    assert network.memberships.get(role=Role.PCN_MANAGER).user == claimant


def test_an_icb_user_of_another_icb_neither_sees_nor_decides(demo, other_demo, claimant):
    ask(claimant)
    application = NetworkApplication.objects.get(pcn_code=NANTWICH)
    observer = signed_in(other_demo.user("Observer"))  # North East and North Cumbria
    assert "Nantwich" not in text(observer.get(reverse("networks:applications")))
    url = reverse("networks:application", args=[application.pk])
    assert observer.get(url).status_code == 404
    assert observer.post(url, {"reason": "No."}).status_code == 404
    response = observer.post(reverse("networks:approve_application", args=[application.pk]))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.is_waiting


@pytest.mark.parametrize("role", ["PCN manager", "Clinical director", "Staff member"])
def test_other_roles_and_new_accounts_cannot_decide(demo, claimant, role):
    ask(claimant)
    application = NetworkApplication.objects.get(pcn_code=NANTWICH)
    for client in (signed_in(demo.user(role)), signed_in(person("someone@example.org"))):
        assert client.get(reverse("networks:applications")).status_code == 403
        response = client.post(reverse("networks:approve_application", args=[application.pk]))
        assert response.status_code == 404
    assert NetworkApplication.objects.get(pk=application.pk).is_waiting


def test_nobody_approves_their_own_request(demo):
    observer = demo.user("Observer")
    ask(observer)
    application = NetworkApplication.objects.get(pcn_code=NANTWICH)
    client = signed_in(observer)
    assert (
        client.post(reverse("networks:approve_application", args=[application.pk])).status_code
        == 403
    )
    staff = person("staff@example.nhs.uk", is_staff=True)
    ask(staff, "U31094")
    own = NetworkApplication.objects.get(applicant=staff)
    response = signed_in(staff).post(reverse("networks:approve_application", args=[own.pk]))
    assert response.status_code == 403
    assert not Network.objects.filter(pcn_code__in=[NANTWICH, "U31094"]).exists()


def test_asking_for_a_pcn_already_set_up_is_refused(demo, claimant):
    response = signed_in(claimant).post(reverse("networks:create", args=["U35980"]), follow=True)
    assert "already set up in PCN Commons" in text(response)
    assert not NetworkApplication.objects.filter(applicant=claimant).exists()


def test_the_demo_networks_are_set_up_with_their_managers(demo, other_demo):
    for world in (demo, other_demo):
        assert world.network.memberships.filter(
            role=Role.PCN_MANAGER, user=world.user("PCN manager")
        ).exists()


def test_the_icb_users_overview_says_requests_wait_for_them_and_others_see_nothing(
    demo, other_demo, claimant
):
    observer = signed_in(demo.user("Observer"))
    assert 'data-testid="applications-waiting"' not in text(observer.get(reverse("home:overview")))
    ask(claimant)
    page = text(observer.get(reverse("home:overview")))
    assert "1 request to set up a network in your ICB is waiting for you" in page
    assert reverse("networks:applications") in page
    for other in (demo.user("PCN manager"), other_demo.user("Observer")):
        page = text(signed_in(other).get(reverse("home:overview")))
        assert 'data-testid="applications-waiting"' not in page
