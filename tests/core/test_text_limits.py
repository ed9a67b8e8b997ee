"""Every text a person can type has a length limit that nobody meets in real use, so one entry
cannot land a megabyte on every overview and digest: forms, model fields (inherited by model
forms), file imports and writes that take no form. The refusal names the field and the limit."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from pcn.coordination.models import Announcement, Meeting
from pcn.core import limits
from pcn.core.refusals import ActionRefused
from tests.conftest import text

APPS = [
    "core",
    "networks",
    "workforce",
    "allocation",
    "rota",
    "money",
    "coordination",
    "purpose",
    "home",
]
# Text the system writes, never a person: a solver's message, a file load's errors.
WRITTEN_BY_THE_SYSTEM = {"rota.SolveRun.message", "reference.ImportLog.errors"}


def _forms():
    for app in APPS:
        try:
            module = importlib.import_module(f"pcn.{app}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                yield cls


def test_every_text_field_of_every_form_has_a_length_limit():
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert unlimited == []


def test_every_long_text_a_person_writes_has_a_length_limit_on_its_model():
    unlimited = [
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("pcn.")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert set(unlimited) <= WRITTEN_BY_THE_SYSTEM, unlimited


def test_an_announcement_longer_than_the_limit_is_refused_and_nothing_is_posted(demo, as_role):
    before = Announcement.objects.count()
    response = as_role("PCN manager").post(
        reverse("coordination:announcements"),
        {"title": "Flu clinics", "body": "x" * (limits.NOTE + 1)},
    )
    assert response.status_code == 200
    assert "at most 5000 characters (it has 5001)" in text(response)
    assert Announcement.objects.count() == before


def test_an_announcement_at_the_limit_is_posted(demo, as_role):
    before = Announcement.objects.count()
    response = as_role("PCN manager").post(
        reverse("coordination:announcements"),
        {"title": "Flu clinics", "body": "x" * limits.NOTE},
    )
    assert response.status_code == 302
    assert Announcement.objects.count() == before + 1


def test_a_csv_cell_longer_than_its_column_takes_names_its_line_column_and_limit(demo, as_role):
    body = "practice_code,registered,adjusted,weighted\nN82033,5800,7100,7200\n"
    body += "N82054," + "9" * 201 + ",6000,\n"
    response = as_role("PCN manager").post(
        reverse("networks:upload_populations"),
        {
            "file": SimpleUploadedFile("icb.csv", body.encode(), content_type="text/csv"),
            "as_at_day": "1",
            "as_at_month": "1",
            "as_at_year": "2026",
            "source": "ICB letter",
        },
    )
    page = text(response)
    assert "Line 3, column registered: 201 characters, longer than the 200 this column takes." in (
        page
    )


def test_an_agenda_item_longer_than_its_limit_is_refused(demo, as_role):
    meeting = Meeting.objects.filter(network=demo.network).first()
    before = meeting.agenda.count()
    as_role("PCN manager").post(
        reverse("coordination:add_agenda_item", args=[meeting.pk]), {"title": "a" * 301}
    )
    assert meeting.agenda.count() == before
    with pytest.raises(ActionRefused) as refused:
        from pcn.coordination.actions import meetings

        meetings.add_agenda_item(meeting=meeting, title="a" * 301, by=demo.user("PCN manager"))
    assert refused.value.field == "title"
    assert "300 characters or fewer (it has 301)" in str(refused.value)
