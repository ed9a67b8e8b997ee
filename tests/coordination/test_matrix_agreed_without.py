"""The clinical director puts a who-does-what version in force before every practice agreed:
the practices named, a tick and a reason required, and the agreement shows them."""

import re

import pytest
from django.urls import reverse

from pcn.coordination import actions, queries
from pcn.coordination.models import MatrixVersion
from pcn.core.actions import ActionRefused
from pcn.core.models import AuditEntry
from tests.conftest import signed_in
from tests.conftest import text as html_text


def text(response):
    """The page as read: tags dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_text(response)))


@pytest.fixture
def proposal(demo):
    return queries.proposed_matrix(demo.network)


def _holdouts(proposal):
    return actions.who_does_what.matrix_holdouts(proposal)


def test_agreeing_a_version_some_practices_have_not_agreed_needs_confirmation_and_reason(
    demo, proposal
):
    director = demo.user("Clinical director")
    found = _holdouts(proposal)
    assert found and any(h.objected for h in found) and any(not h.objected for h in found)
    with pytest.raises(ActionRefused) as refused:
        actions.who_does_what.agree_matrix(version=proposal, by=director)
    assert refused.value.field == "confirm"
    assert all(h.name in str(refused.value) for h in found)
    with pytest.raises(ActionRefused) as no_reason:
        actions.who_does_what.agree_matrix(
            version=proposal, by=director, confirmed=[h.ods_code for h in found], reason=""
        )
    assert no_reason.value.field == "reason"
    proposal.refresh_from_db()
    assert proposal.status == MatrixVersion.Status.PROPOSED


def test_the_director_agrees_a_version_without_some_practices_and_every_page_says_so(
    demo, proposal, as_role
):
    found = _holdouts(proposal)
    objector = next(h for h in found if h.objected)
    silent = [h for h in found if not h.objected]
    client = as_role("Clinical director")
    version_page = text(client.get(reverse("coordination:matrix_version", args=[proposal.pk])))
    assert "Agree without every practice" in version_page
    url = reverse("coordination:agree_matrix", args=[proposal.pk])
    step = text(client.get(url))
    assert 'name="csrfmiddlewaretoken"' in html_text(client.get(url))
    assert f"{objector.name}: objected — “{objector.comment}”" in step
    assert all(f"{h.name}: has not answered" in step for h in silent)
    codes = ",".join(h.ods_code for h in found)
    refused = client.post(url, {"practices": codes, "reason": "Estates cannot wait."})
    assert refused.status_code == 200 and "Confirm that you are agreeing" in text(refused)
    assert client.post(url, {"practices": codes, "confirm": "on", "reason": "Estates cannot wait."}).status_code == 302  # fmt: skip

    proposal.refresh_from_db()
    assert proposal.status == MatrixVersion.Status.AGREED
    assert proposal.agreed_by == demo.user("Clinical director")
    assert demo.network.matrix_versions.get(number=1).status == MatrixVersion.Status.SUPERSEDED
    note = "Agreed on Wed 18 Nov 2026 by Dr Tom Okafor without answers from"
    because = f"over the objection of {objector.name}, because: “Estates cannot wait.”"
    for page in ("coordination:matrix", "coordination:hub"):
        shown = text(as_role("Staff member").get(reverse(page)))
        assert note in shown and because in shown
    shown = text(client.get(reverse("coordination:matrix_version", args=[proposal.pk])))
    assert note in shown and "Agree without every practice" not in shown
    entry = AuditEntry.objects.get(action="coordination.agree_matrix", target_id=str(proposal.pk))
    assert entry.after["because"] == "Estates cannot wait."


def test_a_version_every_practice_agreed_still_comes_into_force_with_no_reason(
    demo, proposal, practice_managers
):
    for practice, pm in practice_managers.items():
        actions.who_does_what.answer_matrix(version=proposal, practice=practice, agrees=True, by=pm)
    proposal.refresh_from_db()
    assert proposal.status == MatrixVersion.Status.AGREED and proposal.agreed_without == []
    shown = text(signed_in(demo.user("Staff member")).get(reverse("coordination:matrix")))
    assert "agreed by every practice on Wed 18 Nov 2026" in shown


@pytest.mark.parametrize(
    "role", ["PCN manager", "Practice manager of Dingle Park", "Staff member", "Observer"]
)
def test_only_the_clinical_director_agrees_without_every_practice(demo, proposal, role):
    client = signed_in(demo.user(role))
    url = reverse("coordination:agree_matrix", args=[proposal.pk])
    assert client.get(url).status_code == 403
    codes = ",".join(h.ods_code for h in _holdouts(proposal))
    assert client.post(url, {"practices": codes, "confirm": "on", "reason": "x"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == MatrixVersion.Status.PROPOSED
    page = text(client.get(reverse("coordination:matrix_version", args=[proposal.pk])))
    assert "Agree without every practice" not in page


def test_an_agreed_version_cannot_be_agreed_again(demo):
    agreed = queries.agreed_matrix(demo.network)
    with pytest.raises(ActionRefused, match="only a proposed version"):
        actions.who_does_what.agree_matrix(version=agreed, by=demo.user("Clinical director"))
