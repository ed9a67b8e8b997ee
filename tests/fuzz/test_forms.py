"""Random values posted to every POST form a PCN manager can open: no page fails (500), and a
form that refuses what it was given has saved nothing."""

import traceback

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import signed_in
from tests.fuzz import figures
from tests.fuzz.pages import discover, own_objects

SHARDS = 4  # the forms are shared out so `make test` (-n 4) fuzzes them on every worker

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "abc",
    "1e30",
    "-1e30",
    "NaN",
    "Infinity",
    "9" * 40,
    "99999999999999999999",
    "99999-01-01",
    "2026-02-30",
    "0000-00-00",
    "\x00",
    "a\x00b",
    "²",
    "٣",
    "🙂",
    "\u202e",
    "<script>alert(1)</script>",
    "'; DROP TABLE x; --",
    "x" * 5000,
]


def values(field):
    choices = [st.just(field.value), st.sampled_from(NASTY), st.text(max_size=20)]
    if field.options:
        choices.insert(0, st.sampled_from(field.options))
    return st.one_of(*choices)


def posts(form):
    """Each field's value, or the field left out."""
    fields = {
        name: st.one_of(values(f), st.just(None))
        for name, f in form.fields.items()
        if f.kind != "file" and name != "csrfmiddlewaretoken"
    }
    return st.fixed_dictionaries(fields).map(
        lambda data: {k: v for k, v in data.items() if v is not None}
    )


def fingerprint():
    """How many rows every table of ours holds: a refusal must leave every one as it was."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("pcn.")
        # A browser's first request records its session (Your sessions), whatever it posts.
        and model._meta.label != "core.SignedInSession"
    }


def refused(response):
    return response.status_code == 200 and b"nhsuk-error-summary" in response.content


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_form_fails_on_random_input_and_a_refusal_saves_nothing(demo, shard):
    user = demo.user("PCN manager")
    client = signed_in(user)
    forms, pages = discover(client, own_objects(demo))
    assert len(forms) > 40, [f.action for f in forms]  # the walk really found the forms
    mine = [f for i, f in enumerate(sorted(forms, key=lambda f: f.key)) if i % SHARDS == shard]
    failures, counts = [], {"form_examples": 0, "refusals_checked": 0, "server_errors": 0}

    def fuzzer(form):
        @settings(settings.get_profile("fuzz"))
        @given(data=posts(form))
        def fuzz(data):
            counts["form_examples"] += 1
            with transaction.atomic():
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
                before = fingerprint()
                response = client.post(form.action, data)
                assert response.status_code < 500, f"{response.status_code}"
                if refused(response):
                    counts["refusals_checked"] += 1
                    assert fingerprint() == before, "refused but saved something"
                transaction.set_rollback(True)

        return fuzz

    for form in mine:
        try:
            fuzzer(form)()
        except Exception as error:  # noqa: BLE001 - every form's failure is reported together
            counts["server_errors"] += 1
            failures.append(f"POST {form.action}: {''.join(traceback.format_exception(error))}")

    figures.record(
        pages=len(pages) if shard == 0 else 0, forms=[str(f.key) for f in mine], **counts
    )
    assert not failures, "\n\n".join(failures)
