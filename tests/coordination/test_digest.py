import re

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from pcn.coordination import digest
from pcn.coordination.models import DigestPreference
from tests.conftest import signed_in, text


def _mail_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_send_digest_emails_everyone_what_matters_to_them(demo):
    call_command("send_digest", "--now", "--pcn", demo.network.pcn_code)
    manager = _mail_to(demo.user("PCN manager"))[0].body
    assert "Overdue answers from practices" in manager
    assert "Confirm your practice's enhanced access hours for December: overdue from" in manager
    assert "Decisions" in manager and "Concerns waiting for a response" in manager
    pm = _mail_to(demo.user("Practice manager of Dingle Park"))[0].body
    assert "Requests to answer" in pm and "Overdue answers" not in pm
    assert "Concerns waiting" not in pm
    staff = _mail_to(demo.user("Staff member"))[0].body
    assert "Announcements" in staff and "Requests" not in staff
    assert "Flu clinics: extra Saturday sessions" in staff
    # Everyone in the network, each once; each email with its unsubscribe link.
    members = {m.user.email for m in demo.network.memberships.select_related("user")}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(members)
    for message in mail.outbox:
        assert "/digest/unsubscribe/" in message.body
        assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_the_unspent_money_warning_reaches_those_who_see_the_networks_money(demo):
    from pcn.money.queries import unspent_money_warning

    warning = unspent_money_warning(demo.network)
    assert warning and "forecast to go unclaimed by 31 March" in warning
    call_command("send_digest", "--now")
    for role in ("PCN manager", "Clinical director", "Practice manager of Dingle Park"):
        body = _mail_to(demo.user(role))[0].body
        assert "Money at risk" in body and warning in body
    staff = _mail_to(demo.user("Staff member"))[0].body
    assert "Money at risk" not in staff and "unclaimed" not in staff


def test_the_queued_task_sends_the_same_digest(demo):
    call_command("send_digest")  # queued; the test settings run tasks at once
    assert _mail_to(demo.user("PCN manager"))


def test_the_next_digest_tells_only_what_is_new(demo):
    call_command("send_digest", "--now")
    mail.outbox.clear()
    call_command("send_digest", "--now")
    staff = _mail_to(demo.user("Staff member"))
    assert not staff or "Flu clinics" not in staff[0].body


def test_the_unsubscribe_link_works_without_signing_in_and_stops_the_digest(demo):
    pm = demo.user("Practice manager of Dingle Park")
    call_command("send_digest", "--now")
    link = re.search(r"https?://\S+/digest/unsubscribe/\S+/", _mail_to(pm)[0].body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else link
    client = Client()
    assert "Stop the weekly digest" in text(client.get(path))
    assert not DigestPreference.objects.filter(user=pm, subscribed=False).exists()
    page = text(client.post(path))
    assert "You are unsubscribed" in page
    mail.outbox.clear()
    call_command("send_digest", "--now")
    assert not _mail_to(pm)
    assert _mail_to(demo.user("PCN manager"))


def test_an_altered_unsubscribe_link_is_refused(demo):
    pm = demo.user("Practice manager of Dingle Park")
    token = digest.unsubscribe_token(pm, demo.network)
    other = digest.unsubscribe_token(demo.user("PCN manager"), demo.network)
    forged = token.split(":")[0] + ":" + other.split(":", 1)[1]
    response = Client().post(reverse("coordination:unsubscribe", args=[forged]))
    assert response.status_code == 404
    assert not DigestPreference.objects.filter(subscribed=False).exists()


def test_a_person_turns_the_digest_off_and_on_from_their_digest_page(demo):
    staff = demo.user("Staff member")
    client = signed_in(staff)
    page = text(client.get(reverse("coordination:my_digest")))
    assert "Flu clinics" in page and "You get the weekly digest." in page
    client.post(reverse("coordination:my_digest"), {"subscribed": "no"})
    call_command("send_digest", "--now")
    assert not _mail_to(staff)
    client.post(reverse("coordination:my_digest"), {"subscribed": "yes"})
    mail.outbox.clear()
    DigestPreference.objects.filter(user=staff).update(last_sent_at=None)
    call_command("send_digest", "--now")
    assert _mail_to(staff)


def test_sections_are_functions_of_user_network_and_since():
    for section in digest.SECTIONS:
        assert section.__code__.co_varnames[:3] == ("user", "network", "since")
