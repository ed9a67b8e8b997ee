"""The pages over the register's files, the NHS file and the role catalogue: download, upload,
preview, confirm; drafts from NHS data; the network's own figures where the catalogue has none."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcn.core.models import AuditEntry
from pcn.reference.models import ArrsRole
from pcn.reference.queries import current_financial_year
from pcn.workforce import register_io
from pcn.workforce.actions import register_import
from pcn.workforce.models import NetworkRoleFigure, StaffMember
from tests.conftest import signed_in, text
from tests.test_permissions import ROLES

LEADERS = {"PCN manager", "Clinical director"}


def _upload(client, content, name="register.csv"):
    return client.post(
        reverse("workforce:import_register"),
        {"file": SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")},
    )


def _confirm(client, response):
    return client.post(reverse("workforce:confirm_import"), {"token": response.context["token"]})


# Downloads


def test_the_register_downloads_as_csv_and_excel(demo, as_role):
    client = as_role("PCN manager")
    csv_response = client.get(reverse("workforce:export_csv"))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "staff-register-U35980-" in csv_response["Content-Disposition"]
    assert csv_response.content.decode("utf-8") == register_io.export_csv(demo.network)

    xlsx = client.get(reverse("workforce:export_xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == register_io.COLUMNS
    assert len(rows) - 1 == demo.network.staff.count()


@pytest.mark.parametrize("role", ROLES)
def test_only_leadership_downloads_the_register(demo, role):
    client = signed_in(demo.user(role))
    for name in ("workforce:export_csv", "workforce:export_xlsx"):
        assert client.get(reverse(name)).status_code == (200 if role in LEADERS else 403)


# Import


def test_upload_preview_confirm_changes_the_register(demo, as_role):
    client = as_role("PCN manager")
    exported = register_io.export_csv(demo.network)
    lines = exported.splitlines()
    header = lines[0].removeprefix("\ufeff").split(",")
    new_row = dict.fromkeys(header, "")
    new_row.update(
        {
            "full_name": "Imported Person",
            "role": "care-coordinator",
            "wte": "0.6",
            "employer": "lead_practice",
            "funding": "arrs",
            "additionality_confirmed": "yes",
        }
    )
    content = exported + ",".join(new_row[c] for c in header) + "\r\n"

    preview = _upload(client, content)
    assert preview.status_code == 200
    page = text(preview)
    assert "1 to add, 0 to change" in page and "Imported Person" in page
    assert not demo.network.staff.filter(full_name="Imported Person").exists()  # not yet

    done = _confirm(client, preview)
    assert done.status_code == 302
    person = demo.network.staff.get(full_name="Imported Person")
    assert str(person.wte) == "0.60"
    assert AuditEntry.objects.filter(
        action=register_import.ACTION, target_id=str(person.pk)
    ).exists()

    again = _confirm(client, preview)  # the same preview twice: refused, nothing doubled
    assert again.status_code == 302 and again.url == reverse("workforce:import_register")
    assert demo.network.staff.filter(full_name="Imported Person").count() == 1


def test_the_exported_file_uploaded_back_has_no_changes(demo, as_role):
    page = text(_upload(as_role("PCN manager"), register_io.export_csv(demo.network)))
    assert "No changes" in page and "Import these changes" not in page


def test_a_bad_file_lists_line_and_column_and_saves_nothing(demo, as_role):
    exported = register_io.export_csv(demo.network).splitlines()
    header = exported[0].removeprefix("\ufeff").split(",")
    role_at = header.index("role")
    cells = exported[1].split(",")
    cells[role_at] = "astronaut"
    content = "\r\n".join([exported[0], ",".join(cells)] + exported[2:]) + "\r\n"
    before = AuditEntry.objects.count()

    response = _upload(as_role("PCN manager"), content, "team.csv")

    page = text(response)
    assert "nothing will be imported" in page
    assert "team.csv:2: role:" in page
    assert "Import these changes" not in page
    assert AuditEntry.objects.count() == before


def test_a_file_that_is_not_csv_is_refused_on_the_field(demo, as_role):
    response = as_role("PCN manager").post(
        reverse("workforce:import_register"),
        {
            "file": SimpleUploadedFile(
                "register.xlsx", b"PK\x03\x04", content_type="application/zip"
            )
        },
    )
    assert response.status_code == 200
    assert "The file must be a CSV file (.csv)." in text(response)


def test_confirming_without_a_preview_or_with_a_wrong_token_is_refused(demo, as_role):
    client = as_role("PCN manager")
    response = client.post(reverse("workforce:confirm_import"), {"token": "made-up"})
    assert response.status_code == 302
    follow = text(client.get(response.url))
    assert "There is no checked file to import" in follow


@pytest.mark.parametrize("role", [r for r in ROLES if r != "PCN manager"])
def test_only_the_pcn_manager_imports(demo, role):
    client = signed_in(demo.user(role))
    assert client.get(reverse("workforce:import_register")).status_code == 403
    response = _upload(client, register_io.export_csv(demo.network))
    assert response.status_code == 403
    assert client.post(reverse("workforce:confirm_import"), {"token": "x"}).status_code == 403


# NHS drafts


def test_the_nhs_page_shows_the_file_and_the_unmapped_records(demo, as_role):
    response = as_role("PCN manager").get(reverse("workforce:from_nhs"))
    page = text(response)
    assert response.context["total"] == 33  # U35980's records in the June 2026 file
    assert "30 June 2026" in page
    unmapped = demo.network.staff.filter(role_code="").exclude(nhs_role="")
    assert list(response.context["unmapped"]) == list(unmapped.order_by("nhs_role", "pk"))
    assert unmapped.first().nhs_role in page


def test_creating_drafts_again_adds_nobody_twice(demo, as_role):
    before = demo.network.staff.count()
    response = as_role("PCN manager").post(reverse("workforce:from_nhs"))
    assert response.status_code == 302 and "status=draft" in response.url
    assert demo.network.staff.count() == before  # the demo already drafted every record


def test_a_new_network_starts_its_register_from_the_nhs_file(other_demo):
    network = other_demo.network
    network.staff.all().delete()
    client = signed_in(other_demo.user("PCN manager"))
    client.post(reverse("workforce:from_nhs"))
    drafts = network.staff.filter(is_draft=True)
    assert drafts.count() == client.get(reverse("workforce:from_nhs")).context["total"] > 0
    register = text(client.get(reverse("workforce:register"), {"status": "draft"}))
    assert "Draft — name to fill in" in register


@pytest.mark.parametrize("role", [r for r in ROLES if r != "PCN manager"])
def test_only_the_pcn_manager_drafts_from_the_nhs_file(demo, role):
    client = signed_in(demo.user(role))
    before = StaffMember.objects.count()
    assert client.get(reverse("workforce:from_nhs")).status_code == 403
    assert client.post(reverse("workforce:from_nhs")).status_code == 403
    assert StaffMember.objects.count() == before


# Role catalogue


def _care_coordinator():
    return ArrsRole.objects.get(year=current_financial_year(), code="care-coordinator")


def test_everyone_reads_the_catalogue_with_unknowns_shown_and_sources_named(demo):
    for role in ROLES:
        response = signed_in(demo.user(role)).get(reverse("workforce:roles"))
        assert response.status_code == 200
    page = text(
        signed_in(demo.user("Observer")).get(reverse("workforce:roles"), {"year": "2025/26"})
    )
    assert "ARRS role catalogue 2025/26" in page
    assert "Unknown" in page
    assert "Additional roles quick reference" in page  # S38, the supervision source
    assert "Enter" not in page.split("<h1>")[1].split("Sources")[0].replace("Entered", "")


def test_the_pcn_manager_enters_an_unknown_figure_with_its_source(demo, as_role):
    role = _care_coordinator()
    url = reverse("workforce:enter_figure", args=[role.pk, "supervision_every_days"])
    response = as_role("PCN manager").post(url, {"value": "60", "source": "Our policy, 2026"})
    assert response.status_code == 302
    figure = NetworkRoleFigure.objects.get(network=demo.network, role=role)
    assert figure.value == 60 and figure.source == "Our policy, 2026"
    entry = AuditEntry.objects.get(action="workforce.set_role_figure")
    assert entry.after == {"value": "60.00", "source": "Our policy, 2026"}
    page = text(as_role("PCN manager").get(reverse("workforce:roles")))
    assert "Entered by this network" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"value": "-5", "source": "x"}, "The figure must be more than 0."),
        ({"value": "lots", "source": "x"}, "Enter the figure as a number, like 45000."),
        ({"value": "30.5", "source": "x"}, "Enter a whole number of days."),
        ({"value": "30", "source": "  "}, "This field is required."),
    ],
)
def test_a_bad_figure_is_refused_on_its_field_and_nothing_saved(demo, as_role, data, message):
    role = _care_coordinator()
    url = reverse("workforce:enter_figure", args=[role.pk, "supervision_every_days"])
    response = as_role("PCN manager").post(url, data)
    assert response.status_code == 200 and message in text(response)
    assert not NetworkRoleFigure.objects.exists()
    assert not AuditEntry.objects.filter(action="workforce.set_role_figure").exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "PCN manager"])
def test_only_the_pcn_manager_enters_figures(demo, role):
    url = reverse("workforce:enter_figure", args=[_care_coordinator().pk, "supervision_every_days"])
    response = signed_in(demo.user(role)).post(url, {"value": "30000", "source": "x"})
    assert response.status_code == 403 and not NetworkRoleFigure.objects.exists()


def test_a_figure_entered_for_one_network_is_not_seen_by_another(demo, other_demo, as_role):
    role = _care_coordinator()
    url = reverse("workforce:enter_figure", args=[role.pk, "supervision_every_days"])
    as_role("PCN manager").post(url, {"value": "45", "source": "Ours"})
    theirs = signed_in(other_demo.user("PCN manager")).get(reverse("workforce:roles"))
    row = next(r for r in theirs.context["rows"] if r.role == role)
    assert not row.figures["supervision_every_days"].known
