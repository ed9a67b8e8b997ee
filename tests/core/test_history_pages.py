"""History in pages of 50, newest first, filtered by who, what kind and when (the filters in the
query string, kept from page to page); wrong filters get a message naming the field. Pages and
counts hold only what the viewer may read, and a page costs the same few queries however many
entries it shows."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pcn.core import audit, history
from pcn.core.models import AuditEntry
from tests.conftest import signed_in, text

URL = "/history/"


def found(response):
    assert response.status_code == 200
    return response.context["found"]


def readable_count(user, network):
    """Counted the slow way, entry by entry, to check the page's count against."""
    reader = audit.Reader(user, network)
    return sum(1 for e in network.audit_entries.all() if reader.read(e) is not None)


def test_history_comes_in_pages_of_fifty_newest_first(demo):
    manager = demo.user("PCN manager")
    client = signed_in(manager)
    first = found(client.get(URL))
    total = readable_count(manager, demo.network)
    assert total > history.PER_PAGE  # the demo network's year has several pages
    assert first.page.paginator.count == total
    assert len(first.entries) == history.PER_PAGE
    moments = [item.entry.at for item in first.entries]
    assert moments == sorted(moments, reverse=True)
    page = text(client.get(URL))
    assert f"Showing 1 to 50 of {total:,} changes" in page
    assert 'aria-label="Pages of history"' in page

    last_number = first.page.paginator.num_pages
    last = found(client.get(URL, {"page": last_number}))
    assert len(last.entries) == total - history.PER_PAGE * (last_number - 1)
    assert last.entries[-1].entry.at <= first.entries[-1].entry.at


def test_a_page_number_out_of_range_or_not_a_number_still_shows_a_page(demo):
    client = signed_in(demo.user("PCN manager"))
    for page in ["0", "-1", "abc", "9" * 5000, "99999"]:
        response = client.get(URL, {"page": page})
        assert response.status_code == 200
        assert found(response).entries


def test_filtering_by_person_shows_only_their_changes(demo):
    manager = demo.user("PCN manager")
    director = demo.user("Clinical director")
    client = signed_in(manager)
    page = found(client.get(URL, {"who": director.pk}))
    assert page.entries
    assert {item.entry.actor_id for item in page.entries} == {director.pk}
    assert page.page.paginator.count == (
        AuditEntry.objects.filter(network=demo.network, actor=director).count()
    )


def test_filtering_by_kind_shows_only_that_kind(demo):
    client = signed_in(demo.user("PCN manager"))
    page = found(client.get(URL, {"kind": "money"}))
    assert page.entries
    assert all(item.entry.action.startswith("money.") for item in page.entries)
    assert "Money" in text(client.get(URL, {"kind": "money"}))


def test_filters_are_kept_from_page_to_page(demo):
    manager = demo.user("PCN manager")
    client = signed_in(manager)
    first = found(client.get(URL, {"who": manager.pk, "kind": "money"}))
    assert first.page.paginator.num_pages > 1
    next_link = first.pagination["next"]["href"]
    assert f"who={manager.pk}" in next_link and "kind=money" in next_link and "page=2" in next_link
    second = found(client.get(URL + next_link))
    assert second.page.number == 2
    assert all(item.entry.action.startswith("money.") for item in second.entries)
    assert {item.entry.actor_id for item in second.entries} == {manager.pk}


def test_filtering_by_dates_keeps_whole_days_from_and_to(demo):
    """Three changes late in the evening of 1, 2 and 3 October 2025, before anything the demo
    dates in the past: whole London days count."""
    manager = demo.user("PCN manager")
    practice = demo.network.practices.first()
    with transaction.atomic():
        for day in (1, 2, 3):
            audit.record(
                by=manager,
                action="networks.set_rooms",
                target=practice,
                network=demo.network,
                before={"Monday morning": day},
                after={"Monday morning": day + 1},
                at=datetime(2025, 10, day, 23, 30, tzinfo=ZoneInfo("Europe/London")),
            )
    client = signed_in(manager)

    def shown(**dates):
        params = {}
        for name, day in dates.items():
            params |= {f"{name}_day": day, f"{name}_month": 10, f"{name}_year": 2025}
        page = found(client.get(URL, params))
        return sorted(
            timezone.localtime(i.entry.at).day
            for i in page.entries
            if timezone.localtime(i.entry.at).month == 10
        ), page.page.paginator.count

    assert shown(start=2, end=2) == ([2], 1)
    assert shown(end=1) == ([1], 1)
    assert shown(start=2, end=3) == ([2, 3], 2)
    everything = found(client.get(URL)).page.paginator.count
    assert shown(start=2)[1] == everything - 1  # all but 1 October


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"start_day": "31", "start_month": "2", "start_year": "2026"},
            "start",
            "From must be a real date",
        ),
        ({"end_day": "1", "end_month": "1"}, "end", "To must include a day, month and year"),
        (
            {"start_day": "1", "start_month": "1", "start_year": "1999"},
            "start",
            "From must be a year",
        ),
        (
            {"start_day": "x" * 5000, "start_month": "1", "start_year": "2026"},
            "start",
            "From must be",
        ),
        (
            {
                "start_day": "2",
                "start_month": "1",
                "start_year": "2026",
                "end_day": "1",
                "end_month": "1",
                "end_year": "2026",
            },
            "end",
            "To must be the same as or after From",
        ),
        ({"who": "999999"}, "who", "Who made the change: choose someone from the list"),
        ({"who": "x" * 5000}, "who", "Who made the change: choose someone from the list"),
        ({"kind": "salaries"}, "kind", "What changed: choose a kind of change from the list"),
    ],
)
def test_wrong_filters_get_a_message_naming_the_field(demo, params, field, message):
    response = signed_in(demo.user("PCN manager")).get(URL, params)
    page = found(response)
    assert page.entries == [] and page.page is None
    assert any(message in error for error in page.form.errors[field]), page.form.errors
    assert message in text(response)
    assert "There is a problem" in text(response)


def test_the_observers_filtered_history_still_hides_pay(demo):
    observer = demo.user("Observer")
    client = signed_in(observer)
    everything = found(client.get(URL))
    assert everything.page.paginator.count == readable_count(observer, demo.network)
    manager_total = readable_count(demo.user("PCN manager"), demo.network)
    assert everything.page.paginator.count < manager_total
    # Filtered by the PCN manager, who entered pay and claims: still none of it.
    mine = found(client.get(URL, {"who": demo.user("PCN manager").pk}))
    shown = {item.entry.action for item in mine.entries}
    pay = {a for a, g in audit.guarded_actions().items() if g.permission == "money.view_pay"}
    assert shown and not shown & pay
    page = text(client.get(URL, {"who": demo.user("PCN manager").pk}))
    assert "submitted an ARRS claim" not in page and "entered a month's pay" not in page
    # Kinds the observer may read nothing of are not offered, and asking for them is refused.
    offered = dict(everything.form.fields["kind"].choices)
    for kind in offered:
        if kind:
            assert any(
                a.startswith(kind + ".") for a in audit.Reader(observer, demo.network).actions()
            )


def test_hidden_entries_do_not_count_in_the_pages(demo, monkeypatch):
    """An entry whose every change is guarded by a permission the viewer lacks counts for no
    one who can't read it: 60 of them add 60 to the manager's count and nothing (not even a
    page) to the observer's."""
    network = demo.network
    monkeypatch.setitem(
        audit._GUARDS,
        "networks.test_pay_only",
        audit.Guard("networks.view_network", {"salary": "money.view_pay"}, name="Changed pay"),
    )
    observer, manager = demo.user("Observer"), demo.user("PCN manager")
    before = {u: found(signed_in(u).get(URL)).page.paginator.count for u in (observer, manager)}
    with transaction.atomic():
        for n in range(60):
            audit.record(
                by=manager,
                action="networks.test_pay_only",
                target=network,
                network=network,
                before={"salary": str(n)},
                after={"salary": str(n + 1)},
            )
    after = {u: found(signed_in(u).get(URL)) for u in (observer, manager)}
    assert after[manager].page.paginator.count == before[manager] + 60
    assert after[observer].page.paginator.count == before[observer]
    assert after[observer].entries[0].what != "Changed pay"
    kinds = found(signed_in(observer).get(URL, {"kind": "networks"}))
    assert all(item.what != "Changed pay" for item in kinds.entries)


def test_a_page_costs_the_same_queries_however_many_entries_it_shows(demo, monkeypatch):
    client = signed_in(demo.user("PCN manager"))
    client.get(URL)  # the session and the network, as any first page

    def queries(per_page, params=None):
        monkeypatch.setattr(history, "PER_PAGE", per_page)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, params or {})
        assert len(found(response).entries) == per_page
        return len(captured.captured_queries)

    few, many = queries(5), queries(100)
    assert few == many
    assert many <= 20
    assert queries(5, {"kind": "money"}) == queries(50, {"kind": "money"})


def test_one_records_history_comes_in_pages_too(demo):
    practice = demo.network.practices.first()
    client = signed_in(demo.user("PCN manager"))
    response = client.get(reverse("core:record_history", args=["networks.practice", practice.pk]))
    page = found(response)
    assert page.form is None
    assert page.entries
    assert all(item.entry.target_id == str(practice.pk) for item in page.entries)
