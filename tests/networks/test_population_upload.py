"""The PCN manager uploads the ICB's official figures for one date from a CSV file: every row
checked and previewed, then all saved in one audited action, or nothing."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcn.core.models import AuditEntry
from pcn.networks.models import PopulationKind, PracticePopulation
from tests.conftest import signed_in, text

HEADER = "practice_code,registered,adjusted,weighted\n"
GOOD = HEADER + "N82033,5800,7100,7200\nN82054,,6000,\n"


def _upload(client, body, name="icb-2026.csv", day="1", month="1", year="2026"):
    return client.post(
        reverse("networks:upload_populations"),
        {
            "file": SimpleUploadedFile(name, body.encode(), content_type="text/csv"),
            "as_at_day": day,
            "as_at_month": month,
            "as_at_year": year,
            "source": "ICB letter of 3 February 2026",
        },
    )


def _officials(network):
    return PracticePopulation.objects.filter(
        practice__network=network, kind=PopulationKind.OFFICIAL
    )


def test_a_good_file_is_previewed_then_saved_and_audited(demo, as_role):
    manager = as_role("PCN manager")
    assert "Upload the ICB's official populations" in text(
        manager.get(reverse("networks:practices"))
    )
    response = _upload(manager, GOOD, year="2025")
    page = text(response)
    assert response.status_code == 200
    assert "4 official figures at 1 January 2025 will be saved" in page
    assert "Dingle Park Practice" in page and "7,200" in page
    # What each figure replaces at that date: the estimates of 1 Jan 2025.
    dingle = demo.network.practices.get(ods_code="N82033")
    adjusted = dingle.populations.get(basis="adjusted", as_at=date(2025, 1, 1))
    assert f"{adjusted.value:,} (estimate)" in page
    assert not _officials(demo.network).exists()  # nothing saved by the preview

    token = response.context["token"]
    response = manager.post(reverse("networks:confirm_populations"), {"token": token})
    assert response.status_code == 302
    saved = {(p.practice.ods_code, p.basis): p for p in _officials(demo.network)}
    assert {k: p.value for k, p in saved.items()} == {
        ("N82033", "registered"): 5800,
        ("N82033", "adjusted"): 7100,
        ("N82033", "weighted"): 7200,
        ("N82054", "adjusted"): 6000,
    }
    assert all(p.as_at == date(2025, 1, 1) for p in saved.values())
    assert all(p.source == "ICB letter of 3 February 2026" for p in saved.values())
    entry = AuditEntry.objects.get(action="networks.import_official_populations")
    assert entry.actor == demo.user("PCN manager") and entry.network == demo.network
    assert entry.after["N82033 weighted"] == 7200 and entry.after["as at"] == "2025-01-01"
    assert entry.before["N82033 weighted"] is None

    # The same confirmation again saves nothing more.
    again = manager.post(reverse("networks:confirm_populations"), {"token": token})
    assert again.status_code == 302
    assert AuditEntry.objects.filter(action="networks.import_official_populations").count() == 1


def test_a_second_file_for_the_same_date_replaces_the_official_figures(demo, as_role):
    manager = as_role("PCN manager")
    manager.post(
        reverse("networks:confirm_populations"),
        {"token": _upload(manager, GOOD).context["token"]},
    )
    response = _upload(manager, HEADER + "N82033,,,7300\n")
    assert "7,200 (official (entered))" in text(response)
    manager.post(reverse("networks:confirm_populations"), {"token": response.context["token"]})
    weighted = _officials(demo.network).filter(practice__ods_code="N82033", basis="weighted")
    assert [p.value for p in weighted] == [7300]


@pytest.mark.parametrize(
    "line, column, message",
    [
        ("X99999,5800,,", "practice_code", "No practice in this network has the code “X99999”"),
        ("N82033,58.5,,", "registered", "“58.5” is not a whole number"),
        ("N82033,,lots,", "adjusted", "“lots” is not a whole number"),
        ("N82033,,,0", "weighted", "the figure must be above 0"),
        ("N82033,,,-5", "weighted", "“-5” is not a whole number"),
        ("N82033,10000001,,", "registered", "10,000,001 is more than 10,000,000"),
        ("N82033,,,", "registered", "The line has no figure"),
        ("N82054,1,,\nN82054,2,,", "practice_code", "Line 3 already has"),
    ],
)
def test_each_bad_row_is_refused_with_its_line_and_column_and_nothing_is_saved(
    demo, as_role, line, column, message
):
    manager = as_role("PCN manager")
    body = HEADER + "N82070,4000,4100,4200\n" + line + "\n"
    response = _upload(manager, body)
    page = text(response)
    assert "Nothing can be saved" in page
    bad_line = 4 if "\n" in line else 3
    assert f"Line {bad_line}, column {column}: " in page and message in page
    assert "confirm_populations" not in response.content.decode()
    assert manager.post(reverse("networks:confirm_populations"), {"token": "x"}).status_code == 302
    assert not _officials(demo.network).exists()


def test_a_practice_of_another_network_is_an_unknown_code(demo, other_demo, as_role):
    code = other_demo.network.practices.first().ods_code
    page = text(_upload(as_role("PCN manager"), HEADER + f"{code},100,,\n"))
    assert (
        f"Line 2, column practice_code: No practice in this network has the code “{code}”" in page
    )


def test_a_file_without_the_columns_or_too_large_is_refused(demo, as_role):
    manager = as_role("PCN manager")
    page = text(_upload(manager, "code,patients\nN82033,100\n"))
    assert "Line 1, column practice_code, registered, adjusted, weighted" in page
    big = HEADER + ("N82033,1,1,1\n" * 90_000)
    response = _upload(manager, big)
    assert response.status_code == 200
    assert "The file is larger than 1 MB" in text(response)
    assert "There is a problem" in text(response)  # the NHS error summary
    page = text(_upload(manager, GOOD, name="figures.xlsx"))
    assert "The file must be a CSV file (.csv)." in page
    assert not _officials(demo.network).exists()


def test_the_date_and_source_are_required(demo, as_role):
    response = as_role("PCN manager").post(
        reverse("networks:upload_populations"),
        {"file": SimpleUploadedFile("a.csv", GOOD.encode(), content_type="text/csv")},
    )
    page = text(response)
    assert "There is a problem" in page
    assert "Say where the figures come from." in page
    assert "date the figures are the population at" in page.lower()


@pytest.mark.parametrize(
    "role",
    [
        "Clinical director",
        "Practice manager of Dingle Park Practice",
        "Staff member",
        "Observer",
    ],
)
def test_only_the_pcn_manager_may_upload(demo, as_role, role):
    client = as_role(role)
    assert client.get(reverse("networks:upload_populations")).status_code == 403
    assert _upload(client, GOOD).status_code == 403
    assert client.post(reverse("networks:confirm_populations"), {"token": "x"}).status_code == 403
    assert "Upload the ICB's official populations" not in text(
        client.get(reverse("networks:practices"))
    )


def test_another_networks_manager_cannot_save_into_this_network(demo, other_demo):
    # Their upload is checked against their own network: this network's codes are unknown.
    other = signed_in(other_demo.user("PCN manager"))
    page = text(_upload(other, GOOD))
    assert "No practice in this network has the code “N82033”" in page
    assert not _officials(demo.network).exists()
