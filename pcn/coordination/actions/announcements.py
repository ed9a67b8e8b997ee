"""Keeping everyone informed: announcements, and who gets the weekly digest and when it was sent."""

from django.db import transaction

from pcn.core import audit

from ..models import Announcement, DigestPreference
from .checks import require_text


@transaction.atomic
def announce(*, network, title, body, by):
    title = require_text(title, "Give the announcement a title.", "title")
    body = require_text(body, "Write the announcement.", "body")
    announcement = Announcement.objects.create(
        network=network, title=title, body=body, posted_by=by
    )
    audit.record(
        by=by,
        action="coordination.announce",
        target=announcement,
        network=network,
        after={"title": title, "body": body},
    )
    return announcement


@transaction.atomic
def set_digest(*, user, network, subscribed, by):
    preference, _ = DigestPreference.objects.get_or_create(user=user, network=network)
    before = {"subscribed": preference.subscribed}
    preference.subscribed = subscribed
    preference.save(update_fields=["subscribed"])
    audit.record(
        by=by,
        action="coordination.subscribe_digest" if subscribed else "coordination.unsubscribe_digest",
        target=preference,
        network=network,
        before=before,
        after={"subscribed": subscribed},
    )
    return preference


@transaction.atomic
def record_digest_sent(*, user, network, at, by=None):
    preference, _ = DigestPreference.objects.get_or_create(user=user, network=network)
    before = audit.snapshot(preference, ["last_sent_at"])
    preference.last_sent_at = at
    preference.save(update_fields=["last_sent_at"])
    audit.record(
        by=by,
        action="coordination.send_digest",
        target=preference,
        network=network,
        label=f"Weekly digest to {user}",
        before=before,
        after=audit.snapshot(preference, ["last_sent_at"]),
    )
    return preference
