from django.test import Client
from django.urls import reverse

from pcn.core import actions as core_actions
from pcn.core.models import AuditEntry, hash_token
from pcn.rota import actions
from pcn.rota.models import CalendarFeed
from pcn.workforce.identity import my_record
from tests.conftest import signed_in, text
from tests.rota.calendar_links import new_calendar_token


def feed_status(token):
    return Client().get(reverse("rota:feed", args=[token])).status_code


def test_the_calendar_address_is_shown_once_and_only_its_hash_is_stored(demo):
    staff_user = demo.user("Staff member")
    client = signed_in(staff_user)
    made = client.post(reverse("rota:renew_feed"))
    assert "no-store" in made["Cache-Control"]
    token = new_calendar_token(client)
    feed = CalendarFeed.objects.get(owner=staff_user)
    assert feed.staff == my_record(staff_user, demo.network.pk)
    assert feed.token_hash == hash_token(token) != token
    stored = CalendarFeed.objects.filter(pk=feed.pk).values().get()
    assert token not in [str(value) for value in stored.values()]
    assert feed_status(token) == 200
    # My work and the account page say there is one, but never show it again.
    for page in (reverse("home:my_work"), reverse("core:account")):
        assert token not in text(client.get(page))
    assert "Make a new calendar address" in text(client.get(reverse("home:my_work")))
    assert AuditEntry.objects.filter(action="rota.renew_feed", actor=staff_user).exists()


def test_an_altered_calendar_address_is_not_found(demo):
    token = new_calendar_token(signed_in(demo.user("Staff member")))
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert feed_status(altered) == 404
    assert feed_status(token) == 200


def test_the_calendar_address_is_gone_when_its_owner_leaves_the_network(demo):
    staff_user = demo.user("Staff member")
    token = new_calendar_token(signed_in(staff_user))
    manager = demo.user("PCN manager")
    for membership in staff_user.memberships.filter(network=demo.network):
        core_actions.remove_member(membership=membership, by=manager)
    assert feed_status(token) == 404
    assert not CalendarFeed.objects.filter(owner=staff_user).exists()
    stopped = AuditEntry.objects.get(action="rota.stop_feed", actor=manager)
    assert stopped.after == {"reason": "membership ended"}
    # Coming back does not bring the old address back.
    core_actions.add_member(network=demo.network, user=staff_user, role="staff", by=manager)
    assert feed_status(token) == 404
    assert "You have no calendar address" in text(
        signed_in(staff_user).get(reverse("core:account"))
    )


def test_the_calendar_address_keeps_working_while_its_owner_has_another_role_there(demo):
    staff_user = demo.user("Staff member")
    token = new_calendar_token(signed_in(staff_user))
    manager = demo.user("PCN manager")
    observer = core_actions.add_member(
        network=demo.network, user=staff_user, role="observer", by=manager
    )
    for membership in staff_user.memberships.filter(network=demo.network).exclude(pk=observer.pk):
        core_actions.remove_member(membership=membership, by=manager)
    assert feed_status(token) == 200


def test_a_calendar_address_without_a_membership_behind_it_is_gone(demo):
    # However the membership went (not through an action, here), the address checks it.
    staff_user = demo.user("Staff member")
    client = signed_in(staff_user)
    token = new_calendar_token(client)
    staff_user.memberships.filter(network=demo.network).delete()
    assert feed_status(token) == 410
    page = text(client.get(reverse("core:account")))
    assert "No: you are no longer a member of the network" in page
    feed = CalendarFeed.objects.get(owner=staff_user)
    assert client.post(reverse("rota:replace_feed", args=[feed.pk])).status_code == 404
    assert feed_status(token) == 410


def test_the_calendar_address_is_gone_when_its_owners_account_is_closed(demo):
    staff_user = demo.user("Staff member")
    token = new_calendar_token(signed_in(staff_user))
    staff_user.is_active = False
    staff_user.save()
    assert feed_status(token) == 410


def test_the_calendar_address_is_gone_when_the_register_record_is_no_longer_theirs(demo):
    staff_user = demo.user("Staff member")
    token = new_calendar_token(signed_in(staff_user))
    record = my_record(staff_user, demo.network.pk)
    record.user = demo.user("Observer")
    record.save()
    assert feed_status(token) == 410
    page = text(signed_in(staff_user).get(reverse("core:account")))
    assert "No: the register record it follows is no longer yours" in page


def test_a_new_address_from_the_account_page_replaces_the_old_one(demo):
    staff_user = demo.user("Staff member")
    client = signed_in(staff_user)
    old = new_calendar_token(client)
    feed = CalendarFeed.objects.get(owner=staff_user)
    assert "Central Liverpool PCN" in text(client.get(reverse("core:account")))
    new = new_calendar_token(client, reverse("rota:replace_feed", args=[feed.pk]))
    assert new != old
    assert feed_status(old) == 404 and feed_status(new) == 200
    assert AuditEntry.objects.filter(action="rota.renew_feed", actor=staff_user).count() == 2


def test_a_person_can_stop_their_calendar_address(demo):
    staff_user = demo.user("Staff member")
    client = signed_in(staff_user)
    token = new_calendar_token(client)
    feed = CalendarFeed.objects.get(owner=staff_user)
    response = client.post(reverse("rota:stop_feed", args=[feed.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("core:account")
    assert feed_status(token) == 404
    assert AuditEntry.objects.filter(action="rota.stop_feed", actor=staff_user).exists()
    assert "You have no calendar address" in text(client.get(reverse("core:account")))


def test_nobody_else_can_replace_or_stop_someones_calendar_address(demo):
    staff_user = demo.user("Staff member")
    token = new_calendar_token(signed_in(staff_user))
    feed = CalendarFeed.objects.get(owner=staff_user)
    manager = signed_in(demo.user("PCN manager"))
    assert manager.post(reverse("rota:replace_feed", args=[feed.pk])).status_code == 404
    assert manager.post(reverse("rota:stop_feed", args=[feed.pk])).status_code == 404
    assert Client().post(reverse("rota:stop_feed", args=[feed.pk])).status_code == 302  # sign in
    assert feed_status(token) == 200


def test_someone_not_on_the_register_gets_no_calendar_address(demo):
    observer = signed_in(demo.user("Observer"))
    assert observer.post(reverse("rota:renew_feed")).status_code == 404
    assert not CalendarFeed.objects.filter(owner=demo.user("Observer")).exists()


def test_making_an_address_in_an_action_returns_the_token_once(demo):
    staff_user = demo.user("Staff member")
    record = my_record(staff_user, demo.network.pk)
    feed, token = actions.renew_feed(staff=record, by=staff_user)
    assert feed.owner == staff_user and feed.token_hash == hash_token(token)
