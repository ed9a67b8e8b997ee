"""The register against the NHS workforce census: matching, explaining, the export, the command."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from pcn.core.models import AuditEntry
from pcn.core.refusals import ActionRefused
from pcn.reference.models import WorkforceRecord
from pcn.workforce import census_return
from pcn.workforce.actions import census as census_actions
from pcn.workforce.census_match import (
    BY_IDENTIFIER,
    BY_ROLE_AND_FTE,
    reconcile,
)
from pcn.workforce.models import CensusExplanation, StaffMember
from tests import clock
from tests.conftest import signed_in, text

CENSUS = date(2026, 6, 30)
PAGE = reverse("workforce:census")


def found(demo):
    return reconcile(demo.network, clock.TODAY)


def person(demo, identifier):
    return demo.network.staff.get(nhs_identifier=identifier)


def by_name(entries):
    return {e.name: e for e in entries}


@pytest.fixture
def manager(demo):
    return demo.user("PCN manager")


@pytest.fixture
def empty(demo):
    """The demo network with an empty register, to build one person at a time."""
    demo.network.staff.all().delete()
    return demo.network


def add(network, role_code, wte, identifier="", **fields):
    return StaffMember.objects.create(
        network=network,
        full_name=fields.pop("full_name", f"{role_code} {wte} {identifier}"),
        role_code=role_code,
        wte=Decimal(wte),
        nhs_identifier=identifier,
        start_date=fields.pop("start_date", date(2024, 1, 1)),
        **fields,
    )


# The demo network's real figures --------------------------------------------------------------


def test_the_demo_register_matches_its_33_census_records_by_identifier_but_for_four_leavers(demo):
    """The demo drafts the register from U35980's 33 records of 30 Jun 2026 and keeps their
    identifiers, roles and FTE; it changes who they are, when they started and who has left. Four
    of its leavers left before the census date, so the census still counts them."""
    result = found(demo)
    assert result.census_date == CENSUS
    assert result.census_records == 33
    assert result.register_people == 29
    assert len(result.matched) == 29
    assert all(e.how == BY_IDENTIFIER for e in result.matched)
    assert result.only_in_register == [] and result.only_in_census == []
    assert sorted(e.identifier for e in result.differences) == ["142643", "154098", "77433", "9301"]
    for entry in result.differences:
        assert entry.problems == ["dates"]
        assert entry.person.end_date < CENSUS
        assert (
            "The census counts them on Tue 30 Jun 2026, but the register says they left on"
            in (entry.todo[0])
        )
    assert result.unexplained == 4 and result.uncertain == 0


def test_the_page_shows_the_dates_counts_and_what_to_do(demo, as_role):
    page = text(as_role("PCN manager").get(PAGE))
    assert "Register and the NHS census" in page
    assert "census of <strong>Tue 30 Jun 2026</strong>" in page
    assert "as it is today, Wed 18 Nov 2026" in page
    counts = page.split('data-testid="census-counts"')[1].split("</dl>")[0]
    assert "29" in counts.split('data-testid="count-matched"')[1].split("</div>")[0]
    assert ">4<" in counts.split('data-testid="count-differences"')[1].split("</div>")[0]
    differences = page.split('data-testid="differences"')[1].split("</table>")[0]
    leaver = person(demo, "77433")
    assert leaver.full_name in differences and "left Mon 6 Apr 2026" in differences
    assert "check their leaving date" in differences
    assert differences.count("Mark explained") == 4
    assert reverse("workforce:census_export") in page


def test_the_register_page_links_to_the_comparison(demo, as_role):
    assert f'href="{PAGE}"' in text(as_role("Clinical director").get(reverse("workforce:register")))


# Matching ---------------------------------------------------------------------------------------


def test_a_changed_wte_is_a_difference_with_both_figures_and_what_to_do(demo):
    someone = person(demo, "144508")  # a pharmacist at 0.906666667 FTE in the census
    someone.wte = Decimal("1.00")
    someone.save()
    entry = by_name(found(demo).differences)[someone.full_name]
    assert entry.how == BY_IDENTIFIER and entry.problems == ["fte"]
    assert entry.todo == [
        "The census says 0.91 FTE, the register 1.0: one of them needs correcting at the next "
        "return."
    ]


def test_a_census_fte_is_compared_to_two_decimal_places_as_the_register_keeps_it(demo):
    assert person(demo, "144508").wte == Decimal("0.91")
    assert by_name(found(demo).matched)[person(demo, "144508").full_name].how == BY_IDENTIFIER


def test_the_same_identifier_with_another_role_is_a_role_difference(demo):
    someone = person(demo, "155393")  # a care coordinator
    someone.role_code = "health-and-wellbeing-coach"
    someone.save()
    entry = by_name(found(demo).differences)[someone.full_name]
    assert entry.problems == ["role"]
    assert (
        "The census says Care Coordinator, the register Health and Wellbeing Coach"
        in (entry.todo[0])
    )


def test_without_an_identifier_a_person_is_matched_by_role_and_fte_not_certain(demo):
    someone = person(demo, "141486")  # a social prescribing link worker at 0.8
    someone.nhs_identifier = ""
    someone.save()
    result = found(demo)
    entry = by_name(result.matched)[someone.full_name]
    assert entry.how == BY_ROLE_AND_FTE and entry.record.identifier == "141486"
    assert entry.how_text == "Matched by role and FTE, not certain"
    assert entry.todo == [
        "Not certain it is them: if it is, add their NHS identifier (141486) to the register."
    ]
    assert result.uncertain == 1


def test_the_identifier_entered_on_a_persons_form_matches_them_for_certain(empty, as_role):
    practice = empty.practices.order_by("ods_code").first()
    response = as_role("PCN manager").post(
        reverse("workforce:person_add"),
        {
            "version": "1",
            "full_name": "Rhian Evans",
            "role_code": "social-prescribing-link-worker",
            "wte": "0.8",
            "nhs_identifier": "141486",
            "employer": "lead_practice",
            "employer_practice": str(practice.pk),
            "funding": "arrs",
        },
    )
    assert response.status_code == 302
    entry = by_name(reconcile(empty, clock.TODAY).matched)["Rhian Evans"]
    assert entry.how == BY_IDENTIFIER and entry.record.identifier == "141486"
    page = text(as_role("PCN manager").get(response.url))
    assert "NHS workforce identifier" in page and "141486" in page


def test_role_and_fte_pairs_the_closest_fte_first(empty):
    near = add(empty, "care-coordinator", "0.85")
    result = reconcile(empty, clock.TODAY)
    entry = by_name(result.matched + result.differences)[near.full_name]
    assert entry.record.wte == Decimal("0.80") and entry.problems == ["fte"]
    assert entry.record.identifier == "136338"  # the lower of the two at 0.8


def test_equally_close_pairs_go_to_the_first_added_and_the_lowest_identifier(empty):
    first = add(empty, "care-coordinator", "1.00", full_name="First Added")
    second = add(empty, "care-coordinator", "1.00", full_name="Second Added")
    for _ in range(2):  # the same answer every time
        matched = by_name(reconcile(empty, clock.TODAY).matched)
        assert matched[first.full_name].record.identifier == "139697"
        assert matched[first.full_name].person == first
        assert matched[second.full_name].person == second
        assert matched[second.full_name].record.identifier == "142976"
    left = {e.record.identifier for e in reconcile(empty, clock.TODAY).only_in_census}
    assert {"155393", "158766", "136338", "156675"} <= left


def test_two_different_identifiers_are_never_paired(empty):
    stranger = add(empty, "care-coordinator", "1.00", identifier="999999")
    result = reconcile(empty, clock.TODAY)
    assert [e.person for e in result.only_in_register] == [stranger]
    assert result.matched == [] and len(result.only_in_census) == 33
    assert (
        "Check whether they were in post on Tue 30 Jun 2026" in result.only_in_register[0].todo[0]
    )


def test_someone_only_in_the_census_is_listed_with_role_fte_and_identifier(empty):
    entry = next(
        e for e in reconcile(empty, clock.TODAY).only_in_census if e.identifier == "144557"
    )
    assert entry.census_role == "Health and Wellbeing Coach"
    assert entry.todo == [
        "The census has a Health and Wellbeing Coach at 1.0 FTE (identifier 144557) that nobody "
        "in the register matches. Add them to the register, or, if they had left by Tue 30 Jun "
        "2026, make sure the next return shows them as left."
    ]


def test_people_who_left_before_or_started_after_the_census_date_are_left_out_and_counted(empty):
    left = add(empty, "care-coordinator", "1.00", end_date=date(2026, 5, 1))
    started = add(empty, "care-coordinator", "1.00", start_date=date(2026, 8, 3))
    on_the_day = add(empty, "care-coordinator", "1.00", start_date=CENSUS)
    result = reconcile(empty, clock.TODAY)
    assert result.not_in_post == sorted([left, started], key=lambda p: (p.full_name, p.pk))
    assert [e.person for e in result.matched] == [on_the_day]
    assert result.register_people == 1


def test_someone_matched_by_identifier_who_started_after_the_census_is_a_date_difference(demo):
    someone = person(demo, "144557")
    someone.start_date = date(2026, 8, 3)
    someone.save()
    entry = by_name(found(demo).differences)[someone.full_name]
    assert entry.problems == ["dates"]
    assert (
        "the register says they started on Mon 3 Aug 2026: check their start date"
        in (entry.todo[0])
    )


def test_the_comparison_asks_the_database_as_often_for_a_bigger_register(demo, empty):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add(empty, "care-coordinator", "1.00")
    with CaptureQueriesContext(connection) as small:
        reconcile(empty, clock.TODAY)
    for n in range(20):
        add(empty, "clinical-pharmacist", "1.00", identifier=str(n))
    with CaptureQueriesContext(connection) as big:
        reconcile(empty, clock.TODAY)
    assert len(big) == len(small)


# Explaining a difference --------------------------------------------------------------------------


def test_the_manager_marks_a_difference_explained_and_it_moves_to_its_own_section(demo, manager):
    entry = found(demo).differences[0]
    client = signed_in(manager)
    form = text(client.get(reverse("workforce:census_explain"), {"item": entry.item}))
    assert entry.summary in form
    response = client.post(
        reverse("workforce:census_explain"),
        {"item": entry.item, "reason": "  Left in June; the return was sent before.  "},
    )
    assert response.status_code == 302
    saved = CensusExplanation.objects.get(network=demo.network)
    assert (
        saved.census_date == CENSUS and saved.reason == "Left in June; the return was sent before."
    )
    assert saved.explained_by == manager
    audit = AuditEntry.objects.get(action="workforce.explain_census_difference")
    assert audit.actor == manager and audit.after["reason"] == saved.reason
    result = found(demo)
    assert result.unexplained == 3 and [e.item for e in result.explained] == [entry.item]
    page = text(client.get(PAGE))
    assert "Left in June; the return was sent before." in page.split('<h2 id="explained"')[1]
    assert (
        page.split('data-testid="differences"')[1].split("</table>")[0].count("Mark explained") == 3
    )


def test_history_names_the_explanation_for_the_leadership(demo, manager, as_role):
    entry = found(demo).differences[0]
    census_actions.explain(
        network=demo.network, item=entry.item, reason="Left before the census.", by=manager
    )
    page = text(as_role("Clinical director").get(reverse("core:history")))
    assert "Explained a difference from the NHS census" in page
    assert "Left before the census." in page


def test_an_explanation_is_for_its_census_only_a_newer_census_reopens_it(demo, manager):
    entry = found(demo).differences[0]
    census_actions.explain(
        network=demo.network, item=entry.item, reason="Left before the census.", by=manager
    )
    assert found(demo).unexplained == 3
    newer = [
        WorkforceRecord(
            **{
                f.name: getattr(r, f.name)
                for f in WorkforceRecord._meta.fields
                if f.name not in ("id", "census_date")
            },
            census_date=date(2026, 9, 30),
        )
        for r in WorkforceRecord.objects.filter(census_date=CENSUS, pcn_code="U35980")
    ]
    WorkforceRecord.objects.bulk_create(newer)
    result = found(demo)
    assert result.census_date == date(2026, 9, 30)
    assert result.explained == [] and result.unexplained == len(result.to_explain)
    assert entry.item in {e.item for e in result.differences}


def test_the_manager_reopens_an_explained_difference(demo, manager):
    entry = found(demo).differences[0]
    saved = census_actions.explain(
        network=demo.network, item=entry.item, reason="Left before.", by=manager
    )
    response = signed_in(manager).post(
        reverse("workforce:census_reopen"), {"explanation": saved.pk}
    )
    assert response.status_code == 302
    assert not CensusExplanation.objects.exists()
    assert AuditEntry.objects.filter(action="workforce.reopen_census_difference").exists()
    assert found(demo).unexplained == 4


@pytest.mark.parametrize(
    "reason, message",
    [
        ("", "Enter why this difference is as it should be, in a sentence."),
        ("   ", "Enter why this difference is as it should be, in a sentence."),
        ("x" * 301, "The reason must be 300 characters or fewer (it has 301)."),
    ],
)
def test_a_reason_that_is_empty_or_too_long_is_refused_naming_the_field(
    demo, manager, reason, message
):
    entry = found(demo).differences[0]
    with pytest.raises(ActionRefused) as refused:
        census_actions.explain(network=demo.network, item=entry.item, reason=reason, by=manager)
    assert refused.value.field == "reason" and str(refused.value) == message
    response = signed_in(manager).post(
        reverse("workforce:census_explain"), {"item": entry.item, "reason": reason}
    )
    assert response.status_code == 200
    assert "There is a problem" in text(response) and message in text(response)
    assert not CensusExplanation.objects.exists()


def test_a_difference_no_longer_there_or_already_explained_is_refused(demo, manager):
    with pytest.raises(ActionRefused, match="no longer in the comparison"):
        census_actions.explain(
            network=demo.network, item="differences/p0/-", reason="x", by=manager
        )
    entry = found(demo).differences[0]
    census_actions.explain(network=demo.network, item=entry.item, reason="Left.", by=manager)
    with pytest.raises(ActionRefused, match="already explained by Priya Shah"):
        census_actions.explain(network=demo.network, item=entry.item, reason="Again.", by=manager)
    assert CensusExplanation.objects.count() == 1


# Who may do what, and another network ---------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [
        "Clinical director",
        "Practice manager of Dingle Park Practice",
        "Staff member",
        "Observer",
    ],
)
def test_only_the_pcn_manager_explains_or_reopens(demo, manager, role):
    entry = found(demo).differences[0]
    saved = census_actions.explain(
        network=demo.network, item=entry.item, reason="Left.", by=manager
    )
    client = signed_in(demo.user(role))
    other = found(demo).differences[1]
    explain = client.post(
        reverse("workforce:census_explain"), {"item": other.item, "reason": "Mine."}
    )
    assert explain.status_code == 403
    assert (
        client.post(reverse("workforce:census_reopen"), {"explanation": saved.pk}).status_code
        == 403
    )
    assert CensusExplanation.objects.count() == 1


def test_the_clinical_director_reads_the_page_without_the_buttons(demo, as_role):
    page = text(as_role("Clinical director").get(PAGE))
    assert "FTE, role or date differences" in page and "Mark explained" not in page


def test_another_networks_difference_or_explanation_is_a_404(demo, other_demo):
    theirs = reconcile(other_demo.network, clock.TODAY)
    item = (theirs.differences + theirs.only_in_register + theirs.only_in_census)[0].item
    saved = census_actions.explain(
        network=other_demo.network,
        item=item,
        reason="Theirs.",
        by=other_demo.user("PCN manager"),
    )
    client = signed_in(demo.user("PCN manager"))
    assert client.get(reverse("workforce:census_explain") + f"?item={item}").status_code == 404
    assert (
        client.post(reverse("workforce:census_reopen"), {"explanation": saved.pk}).status_code
        == 404
    )
    assert CensusExplanation.objects.filter(pk=saved.pk).exists()
    assert "Theirs." not in text(client.get(PAGE))


# The command ------------------------------------------------------------------------------------


def test_reconcile_census_prints_the_four_lists_as_json(demo):
    out = io.StringIO()
    call_command("reconcile_census", "u35980", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) == {"matched", "only_in_register", "only_in_census", "differences"}
    assert len(result["matched"]) == 29 and len(result["differences"]) == 4
    first = result["differences"][0]
    assert {
        "name",
        "identifier",
        "role",
        "fte_register",
        "fte_census",
        "how_matched",
        "explained",
    } <= set(first)
    assert first["how_matched"] == "identifier" and first["explained"] is False
    assert isinstance(first["fte_census"], float)


def test_reconcile_census_refuses_a_network_not_set_up(demo):
    with pytest.raises(CommandError, match="No network has the PCN code U03864"):
        call_command("reconcile_census", "U03864", "--json", stdout=io.StringIO())


# The export for the next return ----------------------------------------------------------------


def _export(client):
    response = client.get(reverse("workforce:census_export"))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    return response, list(csv.DictReader(io.StringIO(body)))


def test_the_export_has_the_collections_columns_and_everyone_in_post_today(demo, as_role):
    response, rows = _export(as_role("PCN manager"))
    assert "nhs-workforce-return-U35980-2026-11-18.csv" in response["Content-Disposition"]
    assert list(rows[0]) == census_return.COLUMNS
    in_post = demo.network.staff.exclude(end_date__lt=clock.TODAY).exclude(
        start_date__gt=clock.TODAY
    )
    assert len(rows) == in_post.count()
    pharmacist = next(r for r in rows if r["UNIQUE_IDENTIFIER"] == "144508")
    assert pharmacist["STAFF_GROUP"] == "Other Direct Patient Care staff"
    assert pharmacist["STAFF_ROLE"] == "Pharmacists"
    assert pharmacist["DETAILED_STAFF_ROLE"] == "Pharmacist"
    assert pharmacist["FTE"] == "0.91" and pharmacist["DATA_SOURCE"] == "NWRS Staff"


def test_someone_whose_role_has_no_nhs_role_is_in_the_export_with_a_note(demo, as_role):
    newcomer = add(demo.network, "consultant-nurse", "0.6", full_name="Nia Newcomer")
    _, rows = _export(as_role("PCN manager"))
    row = next(r for r in rows if r["NAME"] == "Nia Newcomer")
    assert row["STAFF_ROLE"] == "" and row["DETAILED_STAFF_ROLE"] == "" and row["FTE"] == "0.60"
    assert "has no NHS workforce role in the role map: choose theirs in the return." in row["NOTE"]
    assert "No NHS identifier in the register yet." in row["NOTE"]
    assert newcomer.role_code == "consultant-nurse"


def test_a_role_changed_since_the_census_is_exported_as_the_register_has_it(demo, as_role):
    someone = person(demo, "155393")
    someone.role_code = "health-and-wellbeing-coach"
    someone.save()
    _, rows = _export(as_role("PCN manager"))
    row = next(r for r in rows if r["UNIQUE_IDENTIFIER"] == "155393")
    assert row["DETAILED_STAFF_ROLE"] == "Health and Wellbeing Coach"


@pytest.mark.parametrize(
    "role", ["Practice manager of Dingle Park Practice", "Staff member", "Observer"]
)
def test_the_export_and_page_are_for_the_leadership_only(demo, as_role, role):
    client = as_role(role)
    assert client.get(reverse("workforce:census_export")).status_code == 403
    assert client.get(PAGE).status_code == 403


# Home -------------------------------------------------------------------------------------------


def test_the_pcn_managers_home_asks_for_the_census_until_every_difference_is_explained(
    demo, manager
):
    home = text(signed_in(manager).get(reverse("home:home")))
    item = home.split('data-testid="manager-census"')[1].split("</div>")[0]
    assert f'href="{PAGE}"' in item and "4 FTE, role or date differences" in item
    for entry in found(demo).differences:
        census_actions.explain(network=demo.network, item=entry.item, reason="Left.", by=manager)
    home = text(signed_in(manager).get(reverse("home:home")))
    assert "Check the register against the NHS census" not in home
