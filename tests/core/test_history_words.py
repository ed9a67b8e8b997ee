"""History reads as sentences: who did what by its human name, each change under its field's
label, and each value as a person writes it — not field names, raw decimals, ISO dates or
Python dicts."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pcn.core import audit, history_words
from pcn.core.history_words import SHORT, action_name, label, told, value
from pcn.core.models import AuditEntry, User
from pcn.money.models import SalaryLine
from pcn.workforce.models import Leave, StaffMember

AT = datetime(2026, 12, 7, 14, 5, tzinfo=ZoneInfo("Europe/London"))


def entry(action, target_type, before=None, after=None, actor=None):
    return AuditEntry(
        at=AT,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id="1",
        target_label="Something",
        before=before,
        after=after,
    )


def read(action, target_type, before=None, after=None, actor=None):
    one = entry(action, target_type, before, after, actor)
    return told(audit.Visible(one, one.changes()))


def shown(told_entry):
    return {c.label: (c.before.text, c.after.text) for c in told_entry.changes}


def test_money_reads_in_pounds_and_pence():
    item = read(
        "money.enter_salary_line", "money.salaryline", {"salary": "3000"}, {"salary": "31415.9"}
    )
    assert shown(item) == {"Salary": ("£3,000.00", "£31,415.90")}


def test_money_kept_in_a_json_list_reads_in_pounds_where_its_app_says_so():
    item = read(
        "money.record_income",
        "money.incomereceipt",
        after={"amount": "86161.53", "shares": {"N82095": "11001.02", "N82054": "34395.91"}},
    )
    assert shown(item)["Amount"] == ("Not set", "£86,161.53")
    month = read("money.start_claim", "money.claim", after={"month": "2026-10-01"})
    assert shown(month)["Month"] == ("Not set", "October 2026")  # a month, not its first day
    assert shown(item)["Practices' shares"][1] == "N82095: £11,001.02; N82054: £34,395.91"


def test_dates_read_as_a_weekday_day_month_and_year():
    item = read("workforce.request_leave", "workforce.leave", after={"start": "2026-12-07"})
    assert shown(item) == {"Start": ("Not set", "Mon 7 Dec 2026")}


def test_a_moment_reads_as_its_london_date_and_time():
    assert value("2026-07-01T09:30:00+00:00").text == "Wed 1 Jul 2026 at 10:30"


def test_a_choice_reads_as_its_label_not_its_code():
    item = read(
        "workforce.decide_leave",
        "workforce.leave",
        {"status": "requested"},
        {"status": "approved"},
    )
    assert shown(item) == {"Status": ("Requested", "Approved")}
    kinds = read("workforce.request_leave", "workforce.leave", after={"kind": "annual"})
    assert shown(kinds)["Kind"][1] == Leave.Kind.ANNUAL.label


def test_yes_and_no_for_true_and_false():
    item = read(
        "money.update_profile",
        "money.moneyprofile",
        {"mental_health_agreement": False},
        {"mental_health_agreement": True},
    )
    assert list(shown(item).values()) == [("No", "Yes")]


def test_a_foreign_key_reads_by_the_name_the_snapshot_kept():
    item = read(
        "coordination.add_action", "coordination.actionitem", after={"owner": "Helen Brooks"}
    )
    assert shown(item)["Owner"] == ("Not set", "Helen Brooks")


def test_settings_read_as_a_short_list_not_a_python_dict():
    item = read(
        "rota.create_plan",
        "rota.rotaplan",
        after={
            "settings": {
                "tolerance": 1,
                "strict_allocation": False,
                "weights": {"away_from_home": 3, "extra_site": 20},
            }
        },
    )
    after = shown(item)["Settings"][1]
    assert after == "Tolerance: 1; Strict allocation: No; Weights (Away from home 3, Extra site 20)"
    assert "{" not in after and "'" not in after


def test_a_list_reads_as_its_items():
    item = read(
        "coordination.record_decision",
        "coordination.decision",
        after={"agreed_by": ["Aisha Khan", "Daniel Moore"]},
    )
    assert shown(item)["Agreed by"] == ("Not set", "Aisha Khan, Daniel Moore")


def test_long_text_is_cut_short_with_the_whole_of_it_kept():
    long = "The hub room lease ends in March and the landlord wants notice. " * 10
    item = read("coordination.announce", "coordination.announcement", after={"body": long})
    after = item.changes[0].after
    assert len(after.text) <= SHORT and after.text.endswith("…")
    assert after.full == long
    assert value("Short note").full == ""


def test_fields_read_by_their_labels_not_their_names():
    assert label("employer_ni", SalaryLine, audit.guard_of("money.enter_salary_line")) == (
        "Employer NI"
    )
    assert label("wte", StaffMember, audit.guard_of("workforce.update_staff")) == "WTE"
    assert label("leaver_reason", StaffMember, audit.guard_of("workforce.update_staff")) == (
        StaffMember._meta.get_field("leaver_reason").verbose_name.capitalize()
    )
    assert label("passed on", None, audit.guard_of("money.record_income")) == "Passed on"
    assert label("held_on", None, audit.Guard(None)) == "Held on"


def test_actions_read_by_their_human_names():
    approved = entry("workforce.decide_leave", "workforce.leave", after={"status": "approved"})
    declined = entry("workforce.decide_leave", "workforce.leave", after={"status": "declined"})
    guard = audit.guard_of("workforce.decide_leave")
    assert action_name(approved, guard) == "Approved leave"
    assert action_name(declined, guard) == "Declined leave"
    person = User(full_name="Priya Shah", email="priya@example.nhs.uk")
    item = read("money.submit_claim", "money.claim", actor=person)
    assert item.sentence == "Priya Shah submitted an ARRS claim"
    assert item.when == "Mon 7 Dec 2026 at 14:05"
    assert item.new is False
    assert read("coordination.announce", "coordination.announcement", after={"title": "A"}).new


def test_every_action_shown_to_anyone_has_a_human_name():
    unnamed = [
        action
        for action, guard in audit.guarded_actions().items()
        if guard.permission is not None and not guard.name
    ]
    assert unnamed == []


def test_an_entry_with_no_one_behind_it_never_names_anyone():
    assert read("coordination.raise_concern", "coordination.concern").who == "Someone (anonymous)"
    assert read("rota.save_solution", "rota.rotaplan").who == "PCN Commons"


def test_an_anonymous_action_hides_its_actor_even_when_recorded(monkeypatch):
    monkeypatch.setitem(
        audit._GUARDS, "test.anonymous", audit.Guard("networks.view_network", anonymous=True)
    )
    person = User(full_name="Sam Clarke", email="sam@example.nhs.uk")
    item = read("test.anonymous", "networks.network", after={"subject": "Rota swaps"}, actor=person)
    assert item.who == history_words.ANONYMOUS
    assert "Sam Clarke" not in item.sentence
    concern = read(
        "coordination.raise_concern",
        "coordination.concern",
        after={"subject": "Rota swaps", "anonymous": True},
        actor=person,
    )
    assert concern.sentence == "Someone (anonymous) raised a concern"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (None, "Not set"),
        ("", "Not set"),
        (12443, "12,443"),
        ("2026/27", "2026/27"),
        ("not-a-date-2026-13-45", "not-a-date-2026-13-45"),
        ("2026-13-45", "2026-13-45"),
    ],
)
def test_plain_values_read_plainly(raw, words):
    assert value(raw).text == words
