"""The files shipped in data/reference load and answer questions about a real PCN.

The shared test database may already hold them (loaded once per session); loading again is
then "unchanged", which is as good: either way the data below must be there.
"""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from pcn.reference import queries
from pcn.reference.loader import detect_layout, load_file, shipped_files
from pcn.reference.models import PcnMembershipRecord

pytestmark = pytest.mark.django_db

CENTRAL_LIVERPOOL = {
    "N82033": "DINGLE PARK PRACTICE",
    "N82054": "ABERCROMBY FAMILY PRACTICE",
    "N82070": "THE ELMS MEDICAL CENTRE",
    "N82082": "ST. JAMES' HEALTH CENTRE",
    "N82095": "ALBION SURGERY",
    "N82115": "VAUXHALL HEALTH CENTRE",
}


def shipped(layout):
    (path,) = [p for p in shipped_files() if detect_layout(p) == layout]
    return path


def test_shipped_files_are_every_layout_once_map_and_epcn_first():
    layouts = [detect_layout(path) for path in shipped_files()]
    assert layouts == [
        "practice_map",
        "epcn",
        "registered_patients_by_age",
        "pcn_workforce",
        "population_estimates_2024_25",
        "population_estimates_2025",
        "arrs_roles",
        "arrs_maxima",
        "nhs_role_map",
    ]
    names = {path.name for path in settings.REFERENCE_DATA_DIR.iterdir()}
    assert "SOURCES.md" in names
    assert not any(name.startswith("derived_") for name in names)


def test_central_liverpool_pcn_from_the_shipped_files():
    for layout in ("practice_map", "epcn", "registered_patients_by_age"):
        result = load_file(shipped(layout))
        assert result.status in ("loaded", "unchanged"), result.errors

    pcn = queries.find_pcn("u35980")
    assert pcn.name == "CENTRAL LIVERPOOL PCN"
    assert pcn.postcode  # from ePCN
    members = list(queries.member_practices("U35980"))
    assert {p.code: p.name for p in members} == CENTRAL_LIVERPOOL
    assert members[0].name == "ABERCROMBY FAMILY PRACTICE"

    sizes = queries.latest_list_sizes(CENTRAL_LIVERPOOL)
    assert set(sizes) == set(CENTRAL_LIVERPOOL)
    assert sizes["N82033"][0] == 5764
    assert str(sizes["N82033"][1]) == "2026-07-01"
    assert queries.latest_list_sizes(["U35980"], org_type="PCN")["U35980"][0] == 45778
    assert PcnMembershipRecord.objects.filter(pcn_code="U35980", end_date=None).count() >= 6

    profile = queries.age_profile("N82033")
    assert profile[0] == ("0_4", 116, 132)
    assert profile[-1] == ("95+", 1, 2)


def test_the_command_with_no_files_loads_every_shipped_file(monkeypatch):
    # The population files are small; loading just them shows the no-argument path without
    # reloading all of England (the shared session, or the benchmark, does that).
    small = [shipped("population_estimates_2024_25"), shipped("population_estimates_2025")]
    monkeypatch.setattr(
        "pcn.reference.management.commands.load_reference.shipped_files", lambda: small
    )
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split()[1] for line in lines] == [path.name for path in small]
    estimates = queries.population_estimates(["N82033"])["N82033"]
    assert set(estimates) == {"registered", "adjusted", "weighted"}
    assert str(estimates["registered"].as_at) == "2025-01-01"
    assert str(estimates["weighted"].as_at) == "2024-01-01"
