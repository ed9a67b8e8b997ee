from django import forms

from pcn.core import limits
from pcn.core.fields import DateField
from pcn.core.versioning import VersionField

from . import matrix
from .models import ActionItem, Meeting, RequestAnswer

NEW = "new"


def _people_choices(people):
    return [(str(u.pk), getattr(u, "described", None) or u.full_name or u.email) for u in people]


class MatrixForm(forms.Form):
    """Every activity of the version it starts from, one letter per party, and one new row."""

    note = forms.CharField(
        max_length=limits.NOTE,
        label="What changed and why",
        required=False,
        widget=forms.Textarea,
        help_text="Practice managers read this before they agree.",
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_keys = []
        for index, row in enumerate(rows):
            self._add_row(str(index), row["activity"], row["cells"])
        self._add_row(NEW, "", {}, label="Add an activity (optional)")

    def _add_row(self, key, activity, cells, label="Activity"):
        self.fields[f"activity_{key}"] = forms.CharField(
            label=label, max_length=120, required=False, initial=activity
        )
        for party, party_label in matrix.PARTIES:
            self.fields[f"cell_{key}_{party}"] = forms.ChoiceField(
                label=f"{party_label} for {activity or 'the new activity'}",
                choices=matrix.LETTERS,
                required=False,
                initial=cells.get(party, ""),
            )
        if key != NEW:
            self.fields[f"remove_{key}"] = forms.BooleanField(
                label=f"Remove {activity}", required=False
            )
        self.row_keys.append(key)

    def grid(self):
        """[(key, activity field, [cell fields], remove field or None)] for the template."""
        return [
            (
                key,
                self[f"activity_{key}"],
                [self[f"cell_{key}_{party}"] for party, _ in matrix.PARTIES],
                self[f"remove_{key}"] if key != NEW else None,
            )
            for key in self.row_keys
        ]

    def rows(self):
        data, rows = self.cleaned_data, []
        for key in self.row_keys:
            name = (data.get(f"activity_{key}") or "").strip()
            if key == NEW and not name:
                continue
            if data.get(f"remove_{key}"):
                continue
            cells = {party: data.get(f"cell_{key}_{party}") or "" for party, _ in matrix.PARTIES}
            rows.append({"activity": name, "cells": cells})
        return rows


class MatrixAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Does your practice agree to this version?",
        choices=[("agree", "We agree"), ("object", "We object")],
    )
    comment = forms.CharField(
        max_length=limits.NOTE,
        label="Comment",
        required=False,
        widget=forms.Textarea,
        help_text="Needed if you object: say what should change.",
    )


class RequestForm(forms.Form):
    title = forms.CharField(label="What is needed", max_length=200, required=False)
    reason = forms.CharField(
        max_length=limits.NOTE, label="Why it is needed", widget=forms.Textarea, required=False
    )
    due = DateField(label="Needed by", required=False, help_text="For example, 15 12 2026")
    practices = forms.MultipleChoiceField(label="Which practices to ask", required=False)

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice_list = {str(p.pk): p for p in practices}
        self.fields["practices"].choices = [(pk, p.name) for pk, p in self.practice_list.items()]

    def chosen_practices(self):
        return [self.practice_list[pk] for pk in self.cleaned_data["practices"]]


class RequestAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label="Your practice's answer",
        choices=[
            (RequestAnswer.Status.DONE, "Done"),
            (RequestAnswer.Status.ACKNOWLEDGED, "Acknowledged: we are on it"),
            (RequestAnswer.Status.CANNOT, "Cannot do"),
        ],
    )
    note = forms.CharField(
        max_length=limits.NOTE,
        label="Note",
        required=False,
        widget=forms.Textarea,
        help_text="Needed if you cannot do it: say why.",
    )
    practice = forms.IntegerField(widget=forms.HiddenInput)
    version = VersionField()


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of meeting", choices=Meeting.Kind.choices)
    title = forms.CharField(label="Title", max_length=200, required=False)
    held_on = DateField(label="Date")
    agenda = forms.CharField(
        max_length=limits.NOTE,
        label="Agenda",
        required=False,
        widget=forms.Textarea,
        help_text="One item a line.",
    )
    attendees = forms.MultipleChoiceField(label="Attendees", required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in people}
        self.fields["attendees"].choices = _people_choices(people)

    def chosen(self):
        return [self.people[pk] for pk in self.cleaned_data["attendees"]]

    def agenda_items(self):
        return self.cleaned_data["agenda"].splitlines()


class DecisionForm(forms.Form):
    text = forms.CharField(
        max_length=limits.NOTE, label="What was decided", widget=forms.Textarea, required=False
    )
    agreed_by = forms.MultipleChoiceField(label="Who agreed", required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in people}
        self.fields["agreed_by"].choices = _people_choices(people)

    def chosen(self):
        return [self.people[pk] for pk in self.cleaned_data["agreed_by"]]


class ActionForm(forms.Form):
    description = forms.CharField(label="What will be done", max_length=300, required=False)
    owner = forms.ChoiceField(label="Owner", required=False)
    due = DateField(label="Due by", required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in people}
        self.fields["owner"].choices = [("", "Choose who will do it")] + _people_choices(people)

    def owner_user(self):
        return self.people.get(self.cleaned_data["owner"] or "")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ActionItem.Status.choices)
    version = VersionField()


class ConcernForm(forms.Form):
    subject = forms.CharField(label="Subject", max_length=200, required=False)
    detail = forms.CharField(
        max_length=limits.NOTE,
        label="What concerns you about how the network works",
        widget=forms.Textarea,
        required=False,
    )
    anonymous = forms.BooleanField(label="Raise this anonymously", required=False)


class ConcernResponseForm(forms.Form):
    response = forms.CharField(
        max_length=limits.NOTE, label="Response", widget=forms.Textarea, required=False
    )


class ConcernAgendaForm(forms.Form):
    meeting = forms.ChoiceField(label="Add it to the agenda of")

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {str(m.pk): m for m in meetings}
        self.fields["meeting"].choices = [(pk, str(m)) for pk, m in self.meetings.items()]


class AnnouncementForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, required=False)
    body = forms.CharField(
        max_length=limits.NOTE, label="Announcement", widget=forms.Textarea, required=False
    )
