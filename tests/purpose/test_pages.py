"""The purpose pages: who sees and does what, each refusal shown on its field, nothing saved."""

import pytest
from django.urls import reverse

from pcn.purpose import actions, queries
from pcn.purpose.models import PurposeVersion
from tests import clock
from tests.conftest import signed_in, text
from tests.test_permissions import ROLES

Status = PurposeVersion.Status


def _draft_form(network, start, **changes):
    """The draft form as the page fills it from `start`, with `changes` typed over it."""
    data = {
        "statement": start.statement,
        "values": "\n".join(start.values),
        "year": start.year,
        "note": "",
    }
    for index, t in enumerate(start.priorities.all()):
        data.update(
            {
                f"p{index}-title": t.title,
                f"p{index}-owner": str(t.owner_id),
                f"p{index}-measure": t.measure,
                f"p{index}-target": "" if t.target is None else str(t.target),
                f"p{index}-unit": t.unit,
                f"p{index}-services": [str(s.pk) for s in t.services.all()],
                f"p{index}-priority": str(t.priority_id),
            }
        )
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_every_member_reads_the_purpose_and_only_leadership_is_offered_a_draft(demo, role):
    page = signed_in(demo.user(role)).get(reverse("purpose:purpose"))
    assert page.status_code == 200
    body = text(page)
    assert "Our practices work as one network" in body
    assert "We decide in the open and share what we know" in body
    assert "Medicines reviewed for every care home resident" in body
    assert "183 of 400 residents" in body
    assert ("Draft changes" in body) == (role in ("PCN manager", "Clinical director"))
    assert ("Add progress" in body) == (
        role in ("PCN manager", "Clinical director", "Staff member")
    )


def test_the_staff_member_sees_their_service_contributes_and_may_add_progress_to_their_own(demo):
    body = text(signed_in(demo.user("Staff member")).get(reverse("purpose:purpose")))
    assert body.count('data-testid="contributes"') == 1
    version = queries.agreed(demo.network)
    mine = version.priorities.get(owner=demo.user("Staff member")).priority
    others = version.priorities.exclude(owner=demo.user("Staff member")).first().priority
    assert reverse("purpose:add_progress", args=[mine.pk]) in body
    assert reverse("purpose:add_progress", args=[others.pk]) not in body


def test_the_pcn_manager_drafts_a_new_priority_through_the_form(demo):
    client = signed_in(demo.user("PCN manager"))
    agreed = queries.agreed(demo.network)
    sam = demo.user("Staff member")
    service = demo.network.services.get(name="Structured medication reviews")
    response = client.post(
        reverse("purpose:draft"),
        _draft_form(
            demo.network,
            agreed,
            **{
                "p3-title": "Fewer people on high-risk medicines without a review",
                "p3-owner": str(sam.pk),
                "p3-measure": "Patients on high-risk medicines reviewed in the last year",
                "p3-target": "90",
                "p3-unit": "%",
                "p3-services": [str(service.pk)],
                "note": "Adds a fourth priority.",
            },
        ),
    )
    draft = queries.proposed(demo.network)
    assert response.status_code == 302 and response.url == reverse(
        "purpose:version", args=[draft.pk]
    )
    assert [t.title for t in draft.priorities.all()][-1].startswith("Fewer people")
    assert set(draft.priorities.values_list("priority", flat=True)) > set(
        agreed.priorities.values_list("priority", flat=True)
    )
    page = text(client.get(response.url))
    assert "Priority added: Fewer people on high-risk medicines without a review." in page
    assert "Agree this version" in page


def test_a_refused_draft_shows_the_message_on_the_priority_field_and_saves_nothing(demo):
    client = signed_in(demo.user("Clinical director"))
    agreed = queries.agreed(demo.network)
    response = client.post(
        reverse("purpose:draft"),
        _draft_form(demo.network, agreed, **{"p1-measure": "", "p1-title": "Everyone based"}),
    )
    assert response.status_code == 200
    assert response.context["priority_forms"][1].errors == {
        "measure": ["Everyone based: say what will show progress."]
    }
    too_long = client.post(
        reverse("purpose:draft"), _draft_form(demo.network, agreed, statement="x" * 501)
    )
    assert "at most 500 characters" in text(too_long)
    assert demo.network.purpose_versions.count() == 1


@pytest.mark.parametrize("role", ["Practice manager of Dingle Park", "Staff member", "Observer"])
def test_others_may_not_draft_or_agree(demo, role):
    client = signed_in(demo.user(role))
    assert client.post(reverse("purpose:draft"), {"statement": "x"}).status_code == 403
    draft = actions.draft(
        network=demo.network,
        statement="Another purpose.",
        values=[],
        year="2026/27",
        priorities=[],
        by=demo.user("PCN manager"),
    )
    assert client.get(reverse("purpose:agree", args=[draft.pk])).status_code == 403
    assert client.post(reverse("purpose:agree", args=[draft.pk]), {}).status_code == 403
    assert "Agree this version" not in text(client.get(reverse("purpose:version", args=[draft.pk])))
    draft.refresh_from_db()
    assert draft.status == Status.PROPOSED


def _new_draft(demo):
    return actions.draft(
        network=demo.network,
        statement="Our practices work as one network.",
        values=["One team"],
        year="2026/27",
        priorities=[],
        by=demo.user("PCN manager"),
    )


def test_a_practice_manager_answers_for_their_own_practice_only(demo):
    draft = _new_draft(demo)
    dingle = demo.network.practices.get(ods_code="N82033")
    other = demo.network.practices.exclude(pk=dingle.pk).first()
    client = signed_in(demo.user("Practice manager of Dingle Park"))
    page = text(client.get(reverse("purpose:version", args=[draft.pk])))
    assert "Your answer for Dingle Park Practice" in page and f"for {other.name}" not in page
    url = reverse("purpose:answer", args=[draft.pk, dingle.ods_code])
    refused = client.post(url, {"N82033-answer": "object", "N82033-comment": ""})
    assert refused.status_code == 200
    assert "Say what you object to" in text(refused)
    assert not draft.answers.exists()
    assert client.post(url, {"N82033-answer": "agree"}).status_code == 302
    assert draft.answers.get().agrees
    theirs = reverse("purpose:answer", args=[draft.pk, other.ods_code])
    assert client.post(theirs, {f"{other.ods_code}-answer": "agree"}).status_code == 403
    for role in ("Staff member", "Observer", "PCN manager"):
        assert signed_in(demo.user(role)).post(url, {"N82033-answer": "agree"}).status_code == 403


def test_agreeing_without_practices_asks_for_confirmation_naming_them_and_a_reason(demo):
    draft = _new_draft(demo)
    dingle = demo.network.practices.get(ods_code="N82033")
    actions.answer(
        version=draft, practice=dingle, agrees=True, by=demo.user("Practice manager of Dingle Park")
    )
    pending = [p for p, _ in actions.not_agreed(draft)]
    client = signed_in(demo.user("Clinical director"))
    url = reverse("purpose:agree", args=[draft.pk])
    page = text(client.get(url))
    assert f"Agree without these {len(pending)} practices?" in page
    listed = page.split('data-testid="pending"')[1].split("</ul>")[0]
    assert all(f"{p.name}</strong>: has not answered" in listed for p in pending)
    assert "Dingle Park Practice" not in listed
    without = [p.ods_code for p in pending]
    refused = client.post(url, {"without": without, "reason": ""})
    assert refused.status_code == 200 and "Say why the network agrees this without" in text(refused)
    draft.refresh_from_db()
    assert draft.status == Status.PROPOSED
    done = client.post(url, {"without": without, "reason": "Agreed at the board on Tuesday."})
    assert done.status_code == 302
    body = text(client.get(reverse("purpose:purpose")))
    assert "Agreed without" in body and "Agreed at the board on Tuesday." in body
    version_page = text(client.get(reverse("purpose:version", args=[draft.pk])))
    assert f"{pending[0].name}: not answered" in version_page


def test_agreeing_with_every_practice_agreed_needs_no_reason(demo, practice_managers):
    draft = _new_draft(demo)
    for practice, pm in practice_managers.items():
        actions.answer(version=draft, practice=practice, agrees=True, by=pm)
    client = signed_in(demo.user("PCN manager"))
    url = reverse("purpose:agree", args=[draft.pk])
    assert "Every practice has agreed" in text(client.get(url))
    assert client.post(url, {}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.AGREED and draft.agreed_without == []
    assert client.get(url).status_code == 404  # agreed: nothing left to agree


def test_progress_through_the_form_and_its_refusals(demo):
    version = queries.agreed(demo.network)
    reviews = version.priorities.get(owner=demo.user("Staff member")).priority
    url = reverse("purpose:add_progress", args=[reviews.pk])
    client = signed_in(demo.user("Staff member"))
    assert client.get(url).status_code == 200
    tomorrow = clock.TODAY.replace(day=clock.TODAY.day + 1)
    refused = client.post(
        url,
        {
            "on_day": tomorrow.day,
            "on_month": tomorrow.month,
            "on_year": tomorrow.year,
            "note": "Ahead of time.",
        },
    )
    assert refused.status_code == 200 and "choose today or earlier" in text(refused)
    empty = client.post(url, {"note": ""})
    assert "Say what happened." in text(empty)
    assert reviews.progress.count() == 2
    done = client.post(
        url,
        {
            "on_day": "17",
            "on_month": "11",
            "on_year": "2026",
            "note": "Grove House done.",
            "figure": "212",
        },
    )
    assert done.status_code == 302
    body = text(client.get(reverse("purpose:purpose")))
    assert "212 of 400 residents" in body and "Grove House done." in body
    for role in ("Practice manager of Dingle Park", "Observer"):
        assert signed_in(demo.user(role)).get(url).status_code == 403
        assert signed_in(demo.user(role)).post(url, {"note": "x"}).status_code == 403
    assert reviews.progress.count() == 3


def test_the_panel_shows_the_purpose_and_what_waits_for_the_viewer(demo):
    staff = text(signed_in(demo.user("Staff member")).get(reverse("home:my_work")))
    assert 'data-testid="purpose-panel"' in staff and "Your service contributes" in staff
    draft = _new_draft(demo)
    pm = text(signed_in(demo.user("Practice manager of Dingle Park")).get(reverse("home:overview")))
    assert "waits for Dingle Park Practice to agree or object" in pm
    assert reverse("purpose:version", args=[draft.pk]) in pm
    observer = queries.panel(demo.network, demo.user("Observer"))
    assert observer.draft is None and observer.version.number == 1


def test_the_confirmation_names_one_or_two_practices_in_its_question(demo, practice_managers):
    draft = _new_draft(demo)
    (objector, pm_objector), (silent, _), *agreeing = practice_managers.items()
    for practice, pm in agreeing:
        actions.answer(version=draft, practice=practice, agrees=True, by=pm)
    actions.answer(
        version=draft, practice=objector, agrees=False, comment="Too vague.", by=pm_objector
    )
    page = text(signed_in(demo.user("PCN manager")).get(reverse("purpose:agree", args=[draft.pk])))
    assert f"Agree without {objector.name} and {silent.name}?" in page
    assert f"{objector.name}</strong>: objects — “Too vague.”" in page
    assert f"{silent.name}</strong>: has not answered" in page
