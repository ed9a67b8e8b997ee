"""Input a person could type or a file could hold that once made a page fail (issue 15, item 10)
gets a message instead, and nothing is saved."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcn.core.fields import DateField
from pcn.core.refusals import StaleEdit
from pcn.core.versioning import read_version
from pcn.money.models import SalaryLine
from pcn.rota import actions
from pcn.workforce import register_io
from pcn.workforce.models import StaffMember
from tests import clock
from tests.conftest import text

HUGE = "99999999999999999999"


def test_a_date_with_an_enormous_year_is_refused_by_the_field():
    field = DateField(label="Start date")
    with pytest.raises(ValidationError) as refused:
        field.clean(["1", "1", HUGE])
    assert "Start date" in str(refused.value)


def test_a_date_with_an_enormous_year_is_a_message_on_the_page(demo, as_role):
    response = as_role("PCN manager").get(
        reverse("money:forecast"),
        {"role": "clinical-pharmacist", "wte": "1", "start_day": "1", "start_month": "1",
         "start_year": HUGE},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["start"]


def test_a_what_if_for_a_billion_wte_is_a_message(demo, as_role):
    response = as_role("PCN manager").get(
        reverse("money:forecast"),
        {"role": "clinical-pharmacist", "wte": "1e9", "start_day": "1", "start_month": "2",
         "start_year": "2027"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["wte"]


@pytest.mark.parametrize("staff_id", ["²", "٣", "9" * 5000, "-1"])
def test_a_salary_file_staff_id_that_is_not_a_plain_number_is_named(demo, as_role, staff_id):
    body = f"staff_id,month,salary,employer_ni,employer_pension\n{staff_id},2026-11,1,0,0\n"
    response = as_role("PCN manager").post(
        reverse("money:import_lines"),
        {"file": SimpleUploadedFile("lines.csv", body.encode(), content_type="text/csv")},
    )
    assert response.status_code == 200
    assert "Line 2, column staff_id" in text(response)


@pytest.fixture
def plan(demo):
    today = clock.TODAY
    return actions.create_plan(
        network=demo.network,
        start=today - timedelta(days=today.weekday()),
        weeks=1,
        by=demo.user("PCN manager"),
    )


@pytest.mark.parametrize("version", ["abc", HUGE, "-5", "1.5", ""])
def test_publishing_with_a_version_that_is_not_one_is_refused(demo, as_role, plan, version):
    client = as_role("PCN manager")
    response = client.post(reverse("rota:publish", args=[plan.pk]), {"version": version})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.published_at is None


@pytest.mark.parametrize("version", ["abc", HUGE])
def test_removing_a_population_with_a_version_that_is_not_one_is_refused(demo, as_role, version):
    practice = demo.network.practices.order_by("ods_code").first()
    client = as_role("PCN manager")
    before = practice.populations.count()
    response = client.post(
        reverse("networks:remove_population", args=[practice.ods_code, "weighted"]),
        {"version": version, "as_at": "2026-01-01"},
    )
    assert response.status_code == 302
    assert practice.populations.count() == before


@pytest.mark.parametrize("version", ["abc", HUGE, "-5", "1.5", "", None, "0", True])
def test_a_version_that_is_not_one_is_a_stale_edit_and_changes_nothing(demo, version):
    practice = demo.network.practices.order_by("ods_code").first()
    before = practice.version
    with pytest.raises(StaleEdit):
        practice.bump_version(version)
    practice.refresh_from_db()
    assert practice.version == before


def test_the_version_a_page_sends_back_as_text_is_read():
    assert read_version("7") == 7 and read_version(7) == 7 and read_version(" 12 ") == 12


@pytest.mark.parametrize("as_at", [HUGE, "99999-01-01", "2026-02-30"])
def test_removing_a_population_at_a_date_that_is_not_one_is_refused(demo, as_role, as_at):
    practice = demo.network.practices.order_by("ods_code").first()
    response = as_role("PCN manager").post(
        reverse("networks:remove_population", args=[practice.ods_code, "weighted"]),
        {"version": practice.version, "as_at": as_at},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("version", ["abc", HUGE])
def test_saving_a_usual_week_with_a_version_that_is_not_one_is_refused(demo, as_role, version):
    person = demo.network.staff.order_by("pk").first()
    before = person.version
    response = as_role("PCN manager").post(
        reverse("workforce:usual_week", args=[person.pk]), {"version": version}
    )
    assert response.status_code == 200
    assert "changed by someone else" in text(response)
    person.refresh_from_db()
    assert person.version == before


@pytest.mark.parametrize("by", ["x", "<script>", ""])
def test_the_rota_page_shows_it_by_person_for_any_other_choice(demo, as_role, plan, by):
    response = as_role("PCN manager").get(reverse("rota:plan", args=[plan.pk]), {"by": by})
    assert response.status_code == 200
    assert response.context["by"] == "person"


def test_a_nul_character_in_a_register_file_is_named_by_line_and_column(demo, as_role):
    exported = register_io.export_csv(demo.network)
    header, first, *rest = exported.splitlines()
    name = first.split(",")[1]
    bad = first.replace(name, "Ann\x00ie", 1) if name else first
    content = "\r\n".join([header, bad, *rest]) + "\r\n"
    before = list(StaffMember.objects.values_list("full_name", flat=True))
    response = as_role("PCN manager").post(
        reverse("workforce:import_register"),
        {"file": SimpleUploadedFile("register.csv", content.encode(), content_type="text/csv")},
    )
    assert response.status_code == 200
    assert "register.csv:2:" in text(response) and "NUL" in text(response)
    assert list(StaffMember.objects.values_list("full_name", flat=True)) == before


def test_a_nul_character_in_a_salary_file_is_named(demo, as_role):
    body = "staff_id,month,salary,employer_ni,employer_pension\n1,2026-11,1\x00,0,0\n"
    response = as_role("PCN manager").post(
        reverse("money:import_lines"),
        {"file": SimpleUploadedFile("lines.csv", body.encode(), content_type="text/csv")},
    )
    assert response.status_code == 200
    assert "Line 2" in text(response) and "NUL" in text(response)
    assert not SalaryLine.objects.filter(month__year=2026, month__month=11, salary=1).exists()


@pytest.mark.parametrize("back", ["0", "actions", "https://elsewhere.example/"])
def test_updating_an_action_with_a_next_that_is_not_a_path_here_goes_to_the_actions(
    demo, as_role, back
):
    item = demo.network.action_items.order_by("pk").first()
    response = as_role("PCN manager").post(
        reverse("coordination:update_action", args=[item.pk]),
        {"status": "done", "version": item.version, "next": back},
    )
    assert response.status_code == 302
    assert response.url == reverse("coordination:actions")
