"""What a claim needs to know about a person, kept in the register: employer (the network's own
body and invoicing providers too), pay area, additionality, CCT date for GPs, recent employment
by the PCN or a member practice and a move to a senior nursing role for nurses and HCSWs."""

from datetime import date

from django.urls import reverse

from pcn.core.models import AuditEntry
from pcn.workforce import register_io
from tests.conftest import text
from tests.workforce.test_staff_pages import _error_on, _form


def test_the_form_saves_the_claim_facts_and_the_person_page_shows_them(demo, as_role):
    network = demo.network
    manager = as_role("PCN manager")
    response = manager.post(
        reverse("workforce:person_add"),
        _form(
            network,
            full_name="Nia Nurse",
            role_code="general-practice-nurse-new",
            band="5",
            employer="network_body",
            employer_practice="",
            employer_name="Central Liverpool PCN Ltd",
            pay_area="outer_london",
            additionality_confirmed="on",
            recent_network_employment_end_day="31",
            recent_network_employment_end_month="1",
            recent_network_employment_end_year="2025",
            moved_to_senior_nursing_role="on",
        ),
    )
    assert response.status_code == 302, text(response)
    person = network.staff.get(full_name="Nia Nurse")
    assert (person.employer, person.pay_area, person.additionality_confirmed) == (
        "network_body",
        "outer_london",
        True,
    )
    assert person.recent_network_employment_end == date(2025, 1, 31)
    assert person.moved_to_senior_nursing_role and not person.invoiced
    entry = AuditEntry.objects.get(action="workforce.add_staff", target_id=str(person.pk))
    assert entry.after["pay_area"] == "outer_london"
    page = text(manager.get(reverse("workforce:person", args=[person.pk])))
    assert "The network's own employing body" in page and "Outer London" in page
    assert "31 January 2025" in page and "moved to a more senior or specialist nursing role" in page


def test_a_gps_cct_date_is_saved_and_shown(demo, as_role):
    network = demo.network
    manager = as_role("PCN manager")
    response = manager.post(
        reverse("workforce:person_add"),
        _form(
            network,
            full_name="Gwen GP",
            role_code="gp",
            band="",
            employer="federation",
            employer_practice="",
            employer_name="Liverpool GP Federation",
            cct_date_day="1",
            cct_date_month="8",
            cct_date_year="2024",
        ),
    )
    assert response.status_code == 302, text(response)
    person = network.staff.get(full_name="Gwen GP")
    assert person.cct_date == date(2024, 8, 1) and person.invoiced
    assert person.pay_area == ""  # the network's
    page = text(manager.get(reverse("workforce:person", args=[person.pk])))
    assert "CCT date" in page and "1 August 2024" in page and "The network's pay area" in page
    edit = text(manager.get(reverse("workforce:person_edit", args=[person.pk])))
    assert 'name="cct_date_year"' in edit and 'value="2024"' in edit


def test_a_member_practice_employer_needs_the_practice(demo, as_role):
    network = demo.network
    before = network.staff.count()
    response = as_role("PCN manager").post(
        reverse("workforce:person_add"),
        _form(network, employer="member_practice", employer_practice=""),
    )
    assert response.status_code == 200
    assert "Choose the member practice that employs them." in text(response)
    assert _error_on(response, "employer_practice")
    assert network.staff.count() == before


def test_the_register_file_keeps_the_claim_facts_both_ways(demo):
    network = demo.network
    person = network.staff.filter(is_draft=False).order_by("pk").first()
    person.pay_area = "inner_london"
    person.cct_date = date(2024, 3, 1)
    person.recent_network_employment_end = date(2025, 2, 28)
    person.moved_to_senior_nursing_role = True
    person.save()
    exported = register_io.export_csv(network)
    header = exported.removeprefix("\ufeff").splitlines()[0].split(",")
    for column in (
        "pay_area",
        "cct_date",
        "recent_network_employment_end",
        "moved_to_senior_nursing_role",
    ):
        assert column in header
    preview = register_io.parse_csv(network, exported.encode(), "register.csv")
    assert preview.errors == [] and preview.to_update == [] and preview.to_create == []

    changed = exported.replace("inner_london", "outer_london", 1)
    preview = register_io.parse_csv(network, changed.encode(), "register.csv")
    assert preview.errors == []
    (row,) = preview.to_update
    assert [(c.column, c.before, c.after) for c in row.changes] == [
        ("pay_area", "inner_london", "outer_london")
    ]
