import re

import pytest
from django.urls import reverse

from pcn.coordination import actions, matrix, queries
from pcn.coordination.models import MatrixVersion
from pcn.core.actions import ActionRefused
from tests.conftest import signed_in, text


def _rows(**changes):
    rows = matrix.starting_rows()
    for row in rows:
        if row["activity"] in changes:
            row["cells"] = changes[row["activity"]]
    return rows


def test_a_matrix_needs_one_accountable_party_and_someone_responsible_per_activity():
    rows = [
        {"activity": "Rota", "cells": {"pcn_manager": "R", "clinical_director": ""}},
        {"activity": "Estates", "cells": {"pcn_manager": "RA", "lead_practice": "A"}},
        {"activity": "rota", "cells": {"pcn_manager": "RA"}},
    ]
    assert matrix.problems(rows) == [
        "Rota: choose exactly one party as accountable (it has 0).",
        "Estates: choose exactly one party as accountable (it has 2).",
        "rota is listed twice.",
    ]
    assert matrix.problems(matrix.starting_rows()) == []


def test_the_diff_names_added_removed_and_changed_activities():
    before = matrix.starting_rows()
    after = _rows(Estates={"pcn_manager": "RA", "practice_managers": "C", "lead_practice": "C"})
    after = [r for r in after if r["activity"] != "Communications"]
    after.append({"activity": "Social prescribing", "cells": {"pcn_manager": "RA"}})
    changes = matrix.diff(before, after)
    assert [(c.activity, c.kind) for c in changes] == [
        ("Estates", "changed"),
        ("Social prescribing", "added"),
        ("Communications", "removed"),
    ]
    assert ("PCN manager", "Responsible", "Responsible and accountable") in changes[0].cells
    assert ("Lead practice", "Accountable", "Consulted") in changes[0].cells


def test_the_demo_has_an_agreed_version_and_a_proposal_some_practices_agreed(demo):
    agreed, proposal = queries.agreed_matrix(demo.network), queries.proposed_matrix(demo.network)
    assert agreed.number == 1 and proposal.number == 2
    answers = proposal.answers.all()
    assert {a.agrees for a in answers} == {True, False}
    assert len(answers) < demo.network.practices.count()


def test_the_version_agreed_by_every_practice_comes_into_force_and_the_old_one_is_kept(
    demo, practice_managers
):
    manager = demo.user("PCN manager")
    version = actions.who_does_what.propose_matrix(
        network=demo.network,
        rows=_rows(Rota={"pcn_manager": "R", "clinical_director": "A"}),
        note="The clinical director answers for the rota.",
        by=manager,
    )
    assert demo.network.matrix_versions.get(number=2).status == MatrixVersion.Status.WITHDRAWN
    for practice, pm in practice_managers.items():
        assert queries.agreed_matrix(demo.network).number == 1
        actions.who_does_what.answer_matrix(version=version, practice=practice, agrees=True, by=pm)
    version.refresh_from_db()
    assert version.status == MatrixVersion.Status.AGREED
    assert demo.network.matrix_versions.get(number=1).status == MatrixVersion.Status.SUPERSEDED
    previous, changes = queries.changes_since_agreed(version)
    assert previous.number == 1 and [c.activity for c in changes] == ["Rota"]


def test_the_pcn_manager_proposes_in_the_browser_form_and_sees_what_changed(demo):
    client = signed_in(demo.user("PCN manager"))
    page = client.get(reverse("coordination:propose_matrix"))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data = {k: v for k, v in data.items() if not k.startswith("remove_")}
    estates = next(k for k in form.row_keys if form[f"activity_{k}"].value() == "Estates")
    data[f"remove_{estates}"] = "on"
    data["activity_new"] = "Digital and data"
    data["cell_new_pcn_manager"] = "RA"
    data["note"] = "Estates goes to the practices' own leases."
    response = client.post(reverse("coordination:propose_matrix"), data, follow=True)
    page = re.sub(r"<[^>]+>", "", text(response))
    assert "Version 3 is proposed" in page
    assert "Digital and data added" in page and "Estates removed" in page


def test_a_matrix_with_no_one_accountable_is_refused_and_nothing_saved(demo):
    before = demo.network.matrix_versions.count()
    with pytest.raises(ActionRefused, match="exactly one party as accountable"):
        actions.who_does_what.propose_matrix(
            network=demo.network,
            rows=_rows(Rota={"pcn_manager": "R"}),
            by=demo.user("PCN manager"),
        )
    assert demo.network.matrix_versions.count() == before


def test_an_objection_needs_a_comment(demo, practice_managers):
    proposal = queries.proposed_matrix(demo.network)
    practice = next(p for p in practice_managers if not proposal.answers.filter(practice=p))
    client = signed_in(practice_managers[practice])
    url = reverse("coordination:answer_matrix", args=[proposal.pk, practice.ods_code])
    prefix = practice.ods_code
    page = text(client.post(url, {f"{prefix}-answer": "object", f"{prefix}-comment": ""}))
    assert "Say what you object to" in page
    assert not proposal.answers.filter(practice=practice).exists()
    client.post(
        url, {f"{prefix}-answer": "object", f"{prefix}-comment": "Estates should stay with us."}
    )
    answer = proposal.answers.get(practice=practice)
    assert not answer.agrees and answer.comment == "Estates should stay with us."


def test_a_practice_manager_cannot_answer_for_another_practice(demo, dingle):
    proposal = queries.proposed_matrix(demo.network)
    other = demo.network.practices.get(name__startswith="Abercromby")
    pm = demo.user("Practice manager of Dingle Park")
    with pytest.raises(ActionRefused, match="only answer for the practice you manage"):
        actions.who_does_what.answer_matrix(version=proposal, practice=other, agrees=True, by=pm)
    before = proposal.answers.count()
    url = reverse("coordination:answer_matrix", args=[proposal.pk, other.ods_code])
    assert signed_in(pm).post(url, {f"{other.ods_code}-answer": "agree"}).status_code == 403
    assert proposal.answers.count() == before


@pytest.mark.parametrize(
    "role", ["Clinical director", "Practice manager of Dingle Park", "Staff member", "Observer"]
)
def test_only_the_pcn_manager_proposes(demo, role):
    client = signed_in(demo.user(role))
    before = demo.network.matrix_versions.count()
    assert client.get(reverse("coordination:propose_matrix")).status_code == 403
    assert client.post(reverse("coordination:propose_matrix"), {"note": "x"}).status_code == 403
    assert demo.network.matrix_versions.count() == before
    assert client.get(reverse("coordination:matrix")).status_code == 200


def test_a_replaced_proposal_can_no_longer_be_agreed(demo, dingle):
    old = queries.proposed_matrix(demo.network)
    actions.who_does_what.propose_matrix(
        network=demo.network,
        rows=_rows(Rota={"pcn_manager": "R", "clinical_director": "A"}),
        by=demo.user("PCN manager"),
    )
    with pytest.raises(ActionRefused, match="only a proposed version"):
        actions.who_does_what.answer_matrix(
            version=old,
            practice=dingle,
            agrees=True,
            by=demo.user("Practice manager of Dingle Park"),
        )
