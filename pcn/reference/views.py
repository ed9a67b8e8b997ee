from django.shortcuts import render

from .models import ImportLog


def sources(request):
    """What NHS open data is loaded, from which files, and under which licence (public)."""
    return render(
        request,
        "reference/sources.jinja",
        {"imports": ImportLog.objects.all()[:50], "page_title": "NHS open data", "nav": "data"},
    )
