"""Downloading the register, and reading a CSV back: preview first, confirm, all or nothing."""

import uuid

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require

from .. import register_io
from ..actions import register_import

SESSION_KEY = "register_import"
MAX_BYTES = 2 * 1024 * 1024  # a register of thousands of people is well under this


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload the register as a CSV file",
        help_text="The layout of the CSV you download here. Rows without an id add people; "
        "people the file leaves out stay as they are.",
        error_messages={"required": "Choose a CSV file to upload."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV file (.csv).")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB: is it the register?")
        return upload


def _file_name(network, extension):
    return f"staff-register-{network.pcn_code}-{timezone.localdate():%Y-%m-%d}.{extension}"


@network_page
def export_csv(request):
    require(request.user, "workforce.view_register", request.network)
    response = HttpResponse(
        register_io.export_csv(request.network), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(request.network, "csv")}"'
    return response


@network_page
def export_xlsx(request):
    require(request.user, "workforce.view_register", request.network)
    response = HttpResponse(
        register_io.export_xlsx(request.network),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_file_name(request.network, "xlsx")}"'
    )
    return response


@network_page
def import_register(request):
    """Upload: check every row and show what would change. Nothing is saved here."""
    network = request.network
    require(request.user, "workforce.edit_register", network)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        preview = register_io.parse_csv(network, upload, upload.name)
        token = uuid.uuid4().hex
        if preview.ok and preview.has_changes:
            # The checked preview waits in the session; confirming applies exactly it.
            request.session[SESSION_KEY] = {"token": token, "preview": preview.to_dict()}
        else:
            request.session.pop(SESSION_KEY, None)
        return render(
            request,
            "workforce/import_preview.jinja",
            {
                "preview": preview,
                "token": token,
                "page_title": f"Check {upload.name} before importing",
                "nav": "staff",
            },
        )
    return render(
        request,
        "workforce/import.jinja",
        {"form": form, "page_title": "Import the register from a CSV file", "nav": "staff"},
    )


@network_page
@require_POST
def confirm_import(request):
    network = request.network
    require(request.user, "workforce.edit_register", network)
    waiting = request.session.get(SESSION_KEY)
    if not waiting or waiting.get("token") != request.POST.get("token"):
        messages.error(
            request,
            "There is no checked file to import (it may have been imported already, or another "
            "upload replaced it). Nothing was imported: upload the file again.",
        )
        return redirect("workforce:import_register")
    preview = register_io.ImportPreview.from_dict(waiting["preview"])
    try:
        result = register_import.apply_import(network=network, preview=preview, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("workforce:import_register")
    finally:
        request.session.pop(SESSION_KEY, None)
    messages.info(
        request,
        f"{preview.file_name} is imported: {len(result.created)} added, "
        f"{len(result.updated)} changed"
        + (f", teams added: {', '.join(result.teams_created)}" if result.teams_created else "")
        + ".",
    )
    return redirect("workforce:register")
