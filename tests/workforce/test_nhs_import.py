"""Drafting a network's register from the NHS PCN workforce file."""

from decimal import Decimal

import pytest
from django.db.models import Max

from pcn.core.models import AuditEntry
from pcn.reference.models import WorkforceRecord
from pcn.workforce.actions.nhs_import import (
    ACTION,
    UnmappedRecord,
    draft_register_from_nhs,
)
from pcn.workforce.models import Funding, StaffMember
from pcn.workforce.queries import unmapped_records

PCN = "U35980"
UNMAPPED_ROLES = {"Other", "Senior Manager", "Receptionist"}  # admin and managers at U35980


def census():
    return WorkforceRecord.objects.aggregate(latest=Max("census_date"))["latest"]


def records(pcn=PCN):
    return WorkforceRecord.objects.filter(census_date=census(), pcn_code=pcn)


@pytest.fixture
def network(demo):
    """The demo network with an empty register, whatever the demo put in it."""
    demo.network.staff.all().delete()
    return demo.network


@pytest.fixture
def manager(demo):
    return demo.user("PCN manager")


def test_drafts_one_record_per_nhs_record_at_the_latest_census(network, manager):
    expected = records().count()
    assert expected == 33

    result = draft_register_from_nhs(network=network, by=manager)

    assert result.census_date == census()
    assert len(result.created) == expected
    drafts = StaffMember.objects.filter(network=network)
    assert drafts.count() == expected
    assert all(p.is_draft and p.full_name == "" for p in drafts)
    assert set(drafts.values_list("nhs_identifier", flat=True)) == set(
        records().values_list("unique_identifier", flat=True)
    )


def test_known_roles_are_mapped_with_band_wte_and_funding(network, manager):
    draft_register_from_nhs(network=network, by=manager)
    pharmacist = StaffMember.objects.get(network=network, nhs_identifier="144508")
    assert pharmacist.role_code == "clinical-pharmacist"
    assert pharmacist.nhs_role == "Pharmacist"
    assert pharmacist.wte == Decimal("0.91")  # FTE 0.906666667
    assert pharmacist.band == "7–8a"
    assert pharmacist.funding == Funding.ARRS
    coordinator = StaffMember.objects.get(network=network, nhs_identifier="155393")
    assert coordinator.role_code == "care-coordinator"
    assert coordinator.band == "4"
    anp = StaffMember.objects.get(network=network, nhs_identifier="61565")
    assert anp.wte == Decimal("0.21")
    mapped = StaffMember.objects.filter(network=network).exclude(role_code="")
    assert set(mapped.values_list("role_code", flat=True)) == {
        "clinical-pharmacist",
        "pharmacy-technician",
        "care-coordinator",
        "social-prescribing-link-worker",
        "health-and-wellbeing-coach",
        "physician-associate",
        "advanced-practitioner",
    }


def test_unmapped_roles_are_drafted_and_listed(network, manager):
    result = draft_register_from_nhs(network=network, by=manager)

    expected = records().filter(detailed_role__in=UNMAPPED_ROLES)
    assert len(result.unmapped) == expected.count() == 7
    assert {u.detailed_role for u in result.unmapped} == UNMAPPED_ROLES
    receptionist = next(u for u in result.unmapped if u.identifier == "136025")
    assert receptionist == UnmappedRecord(
        "Other Admin/Non-clinical staff", "Receptionists", "Receptionist", Decimal("1"), "136025"
    )
    listed = unmapped_records(network)
    assert listed.count() == 7
    assert all(p.role_code == "" and p.funding == Funding.OTHER for p in listed)
    assert {p.nhs_identifier for p in listed} == {u.identifier for u in result.unmapped}


def test_a_second_run_creates_nothing(network, manager):
    first = draft_register_from_nhs(network=network, by=manager)
    second = draft_register_from_nhs(network=network, by=manager)
    assert second.created == [] and second.unmapped == []
    assert second.already_in_register == len(first.created)
    assert StaffMember.objects.filter(network=network).count() == len(first.created)


def test_a_person_already_in_the_register_is_not_drafted_again(network, manager):
    draft_register_from_nhs(network=network, by=manager)
    named = StaffMember.objects.get(network=network, nhs_identifier="144508")
    named.full_name, named.is_draft, named.nhs_role = "Sam Clarke", False, "Lead pharmacist"
    named.save()
    assert draft_register_from_nhs(network=network, by=manager).created == []


def test_every_draft_is_audited(network, manager):
    entries = AuditEntry.objects.filter(action=ACTION, network=network)
    before = entries.count()  # the demo may have drafted (and then cleared) its register
    result = draft_register_from_nhs(network=network, by=manager)
    assert entries.count() - before == len(result.created)
    created_ids = [str(p.pk) for p in result.created]
    mine = entries.filter(target_id__in=created_ids)
    assert sorted(mine.values_list("target_id", flat=True)) == sorted(created_ids)
    entry = mine.get(target_id=created_ids[0])
    assert entry.actor == manager
    assert entry.after["is_draft"] is True
    assert entry.after["census_date"] == census().isoformat()
    draft_register_from_nhs(network=network, by=manager)
    assert entries.count() - before == len(result.created)


def add_record(detailed_role, fte, identifier="", staff_role="Physiotherapists"):
    return WorkforceRecord.objects.create(
        census_date=census(),
        pcn_code=PCN,
        data_source="NWRS contracted services" if not identifier else "NWRS Staff",
        staff_group="Other Direct Patient Care staff",
        staff_role=staff_role,
        detailed_role=detailed_role,
        fte=Decimal(fte),
        unique_identifier=identifier,
    )


def test_contracted_services_are_drafted_once_each(network, manager):
    add_record("Physiotherapist", "0.3306")
    add_record("Physiotherapist", "0.3306")
    add_record("Physiotherapist", "1")
    add_record("Physiotherapist", "0.0032")  # the smallest FTE in the real file
    add_record("Physiotherapist", "6.6667")  # a contracted service reporting several FTE

    first = draft_register_from_nhs(network=network, by=manager)
    contracted = StaffMember.objects.filter(network=network, nhs_identifier="")
    assert contracted.count() == 5
    assert sorted(contracted.values_list("wte", flat=True)) == [
        Decimal("0.01"),
        Decimal("0.33"),
        Decimal("0.33"),
        Decimal("1.00"),
        Decimal("1.50"),  # the register's maximum
    ]
    ((capped, fte),) = first.clamped
    assert capped.wte == Decimal("1.50") and fte == Decimal("6.6667")
    entry = AuditEntry.objects.get(action=ACTION, target_id=str(capped.pk))
    assert entry.after["nhs_fte"] == "6.6667"
    assert set(contracted.values_list("role_code", flat=True)) == {"first-contact-physiotherapist"}
    assert len(first.created) == records().count()

    assert draft_register_from_nhs(network=network, by=manager).created == []
    add_record("Physiotherapist", "0.3306")  # a third one appears in a later file
    third = draft_register_from_nhs(network=network, by=manager)
    assert [p.wte for p in third.created] == [Decimal("0.33")]


def test_a_person_with_two_roles_gets_both_drafted_once(network, manager):
    add_record(
        "Social Prescribing Link Worker", "0.19", "990001", "Social Prescribing Link Workers"
    )
    add_record("Care Coordinator", "0.86", "990001", "Care Coordinators")
    draft_register_from_nhs(network=network, by=manager)
    both = StaffMember.objects.filter(network=network, nhs_identifier="990001")
    assert set(both.values_list("role_code", flat=True)) == {
        "social-prescribing-link-worker",
        "care-coordinator",
    }
    assert draft_register_from_nhs(network=network, by=manager).created == []


def test_a_role_missing_from_the_map_is_listed_as_unmapped(network, manager):
    add_record("Astronaut", "1", "990002", "Astronauts")
    result = draft_register_from_nhs(network=network, by=manager)
    (astronaut,) = [u for u in result.unmapped if u.identifier == "990002"]
    assert astronaut.staff_role == "Astronauts"
    assert unmapped_records(network).filter(nhs_identifier="990002").exists()


def test_a_network_with_no_records_gets_no_drafts(other_demo):
    other = other_demo.network
    manager = other_demo.user("PCN manager")
    other.staff.all().delete()
    other.pcn_code = "UX0000"  # not in the file
    other.save(update_fields=["pcn_code"])
    result = draft_register_from_nhs(network=other, by=manager)
    assert result.created == [] and result.census_date == census()
