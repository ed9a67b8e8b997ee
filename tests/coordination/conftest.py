import pytest

DINGLE = "N82033"


@pytest.fixture
def dingle(demo):
    return demo.network.practices.get(ods_code=DINGLE)


@pytest.fixture
def practice_managers(demo):
    """{practice: its manager} for every demo practice."""
    return {
        m.practice: m.user
        for m in demo.network.memberships.filter(role="practice_manager").select_related(
            "practice", "user"
        )
    }
