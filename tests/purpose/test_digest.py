from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from pcn.coordination import digest
from pcn.purpose import actions, queries
from tests import clock


def _purpose_section(user, network, since):
    found = [s for s in digest.sections(user, network, since) if s.title == "Our shared purpose"]
    return found[0] if found else None


def test_the_digest_tells_progress_since_the_last_one_with_the_purpose_in_a_line(demo):
    network = demo.network
    since = timezone.now()
    assert _purpose_section(demo.user("Staff member"), network, since) is None  # nothing new
    reviews = queries.agreed(network).priorities.get(owner=demo.user("Staff member")).priority
    actions.add_progress(
        priority=reviews,
        on=clock.TODAY,
        note="Grove House done.",
        figure=Decimal(212),
        by=demo.user("Staff member"),
    )
    staff = _purpose_section(demo.user("Staff member"), network, since)
    assert staff.lines == [
        "Our purpose: " + queries.agreed(network).statement,
        "Medicines reviewed for every care home resident (your service contributes): "
        "212 of 400 residents. Grove House done.",
    ]
    assert staff.link == "/purpose/"
    observer = _purpose_section(demo.user("Observer"), network, since)
    assert observer.lines[1].startswith("Medicines reviewed for every care home resident: 212")


def test_a_newly_agreed_version_is_news_for_everyone(demo):
    network = demo.network
    since = timezone.now() - timedelta(seconds=1)
    draft = actions.draft(
        network=network,
        statement="Joined-up care, close to home.",
        values=[],
        year="2026/27",
        priorities=[],
        by=demo.user("PCN manager"),
    )
    assert _purpose_section(demo.user("Staff member"), network, since) is None  # a draft
    actions.agree(
        version=draft,
        by=demo.user("Clinical director"),
        without=[p.ods_code for p in network.practices.all()],
        reason="Board agreed.",
    )
    section = _purpose_section(demo.user("Practice manager of Dingle Park"), network, since)
    assert section.lines == [
        "Our purpose: Joined-up care, close to home.",
        "Version 2 is agreed: 0 priorities for 2026/27.",
    ]


def test_the_sent_digest_carries_the_purpose_section_only_to_the_network_members(demo, other_demo):
    reviews = queries.agreed(demo.network).priorities.first().priority
    call_command("send_digest", "--now", "--pcn", demo.network.pcn_code)
    mail.outbox.clear()
    actions.add_progress(
        priority=reviews, on=clock.TODAY, note="Half way.", by=demo.user("PCN manager")
    )
    call_command("send_digest", "--now", "--pcn", demo.network.pcn_code)
    staff = [m for m in mail.outbox if m.to == [demo.user("Staff member").email]][0].body
    assert "Our shared purpose" in staff and "Half way." in staff
    assert _purpose_section(other_demo.user("PCN manager"), demo.network, clock.NOW) is None
