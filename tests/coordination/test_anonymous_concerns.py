"""Anonymous concerns (decision 25): the PCN manager, History, the activity feed, the digest
and the API see what was written and the day, never who wrote it or the moment; the raiser
sees it as theirs and reads its response."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pcn.coordination import actions, anonymity, digest, feed
from pcn.coordination.models import Concern
from pcn.core.models import AuditEntry
from tests import clock
from tests.conftest import signed_in, text

SUBJECT = "Nobody speaks to me at the Tuesday site"
DETAIL = "I eat lunch alone in the car most weeks and have stopped asking to join the huddle."


@pytest.fixture
def raised(demo):
    """Sam Clarke, the demo's pharmacist, raises a concern anonymously through the page."""
    client = signed_in(demo.user("Staff member"))
    response = client.post(
        reverse("coordination:concerns"),
        {"subject": SUBJECT, "detail": DETAIL, "anonymous": "on"},
        follow=True,
    )
    assert "without your name" in text(response)
    return demo.network.concerns.get(subject=SUBJECT), client


def _names(demo):
    """What would identify the raiser: their name, email, role and home practice."""
    user = demo.user("Staff member")
    person = demo.network.staff.get(user=user)
    found = [user.full_name, user.email, "clinical pharmacist", "Clinical pharmacist"]
    if person.home_practice:
        found.append(person.home_practice.name)
    return found


def _assert_anonymous(page, demo):
    for name in _names(demo):
        assert name not in page, name


def test_the_row_and_its_audit_entry_keep_no_person_and_no_moment(demo, raised):
    concern, _ = raised
    midnight = datetime.combine(clock.TODAY, time.min, tzinfo=timezone.get_current_timezone())
    assert concern.anonymous and concern.raised_by is None
    assert concern.raised_at == midnight
    user = demo.user("Staff member")
    salt, digest_ = concern.raiser_key.split("$")
    assert len(salt) == 32 and len(digest_) == 64  # a random salt and a keyed hash, no id
    assert user.email not in concern.raiser_key
    entry = AuditEntry.objects.get(action="coordination.raise_concern", target_id=str(concern.pk))
    assert entry.actor is None and entry.at == midnight
    assert entry.after == {"subject": SUBJECT, "detail": DETAIL, "anonymous": True}
    assert not AuditEntry.objects.filter(
        actor=user, at__gte=midnight + timedelta(hours=1), target_id=str(concern.pk)
    ).exists()


def test_each_anonymous_concern_has_its_own_key(demo):
    user = demo.user("Staff member")
    keys = {anonymity.key_for(user) for _ in range(3)}
    assert len(keys) == 3
    others = [demo.user("PCN manager"), demo.user("Practice manager of Dingle Park")]
    concern = Concern(anonymous=True, raiser_key=anonymity.key_for(user))
    assert anonymity.is_raiser(user, concern)
    assert not any(anonymity.is_raiser(other, concern) for other in others)


def test_the_pcn_manager_reads_it_without_a_name(demo, raised):
    concern, _ = raised
    manager = signed_in(demo.user("PCN manager"))
    listing = text(manager.get(reverse("coordination:concerns")))
    assert SUBJECT in listing and "Anonymous" in listing
    page = text(manager.get(reverse("coordination:concern", args=[concern.pk])))
    assert DETAIL in page and "Raised anonymously on" in page
    assert "by you" not in page
    _assert_anonymous(page, demo)


def test_the_raiser_sees_it_as_theirs_and_reads_the_response(demo, raised):
    concern, client = raised
    listing = text(client.get(reverse("coordination:concerns")))
    assert SUBJECT in listing and "Raised anonymously by you" in listing
    actions.concerns.respond_to_concern(
        concern=concern,
        response="We'll start a lunch rota at that site.",
        by=demo.user("PCN manager"),
    )
    page = text(client.get(reverse("coordination:concern", args=[concern.pk])))
    assert "We'll start a lunch rota at that site." in page
    assert "Raised anonymously by you" in page


def test_nobody_else_in_the_network_can_open_it(demo, raised):
    concern, _ = raised
    url = reverse("coordination:concern", args=[concern.pk])
    for role in ("Practice manager of Dingle Park", "Observer"):
        assert signed_in(demo.user(role)).get(url).status_code == 403
        assert SUBJECT not in text(signed_in(demo.user(role)).get(reverse("coordination:concerns")))


def test_history_and_the_feed_show_no_one(demo, raised):
    concern, _ = raised
    manager = demo.user("PCN manager")
    page = text(signed_in(manager).get(reverse("core:history"), {"kind": "coordination"}))
    (entry,) = [e for e in page.split('class="app-history-entry"') if SUBJECT in e]
    _assert_anonymous(entry, demo)
    record = text(
        signed_in(manager).get(
            reverse("core:record_history", args=["coordination.concern", concern.pk])
        )
    )
    assert SUBJECT in record
    _assert_anonymous(record, demo)
    (item,) = [i for i in feed.recent(demo.network, manager, limit=50) if SUBJECT in i.text]
    assert item.who == "Someone, anonymously,"
    assert item.at.time() == time.min


def test_the_digest_names_no_one_and_tells_the_raiser_of_the_response(demo, raised):
    from django.core import mail

    concern, _ = raised
    since = timezone.now() - timedelta(days=7)
    manager = demo.user("PCN manager")
    section = digest.concerns(manager, demo.network, since)
    assert SUBJECT in section.lines
    actions.concerns.respond_to_concern(concern=concern, response="A lunch rota.", by=manager)
    mine = digest.concerns(demo.user("Staff member"), demo.network, since)
    assert f"{SUBJECT}: A lunch rota." in mine.lines
    assert (
        digest.concerns(demo.user("Practice manager of Dingle Park"), demo.network, since) is None
    )
    call_command("send_digest", "--now", "--pcn", demo.network.pcn_code)
    told = [m for m in mail.outbox if SUBJECT in m.body]
    assert demo.user("Staff member").email in {m.to[0] for m in told}
    for message in told:
        if message.to != [demo.user("Staff member").email]:
            _assert_anonymous(message.body, demo)


def test_the_api_has_no_concerns_to_give_away(demo, raised):
    schema = signed_in(demo.user("PCN manager")).get("/api/openapi.json").json()
    assert not [path for path in schema["paths"] if "concern" in path]


def test_a_concern_raised_with_a_name_still_shows_it(demo):
    pm = demo.user("Practice manager of Dingle Park")
    concern = actions.concerns.raise_concern(
        network=demo.network, subject="Room bookings", detail="Double booked.", by=pm
    )
    assert concern.raised_by == pm and not concern.anonymous
    page = text(
        signed_in(demo.user("PCN manager")).get(reverse("coordination:concern", args=[concern.pk]))
    )
    assert f"by {pm.full_name}" in page


def test_an_overlong_subject_is_refused_on_its_field(demo):
    response = signed_in(demo.user("Staff member")).post(
        reverse("coordination:concerns"),
        {"subject": "x" * 201, "detail": "Something", "anonymous": "on"},
    )
    assert response.status_code == 200 and response.context["form"].errors["subject"]
    assert not demo.network.concerns.filter(anonymous=True).exists()
