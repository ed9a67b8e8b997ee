from django.shortcuts import render

from .models import ImportLog
from .source_keys import SOURCES


def sources(request):
    """What NHS open data is loaded, from which files, and under which licence (public)."""
    return render(
        request,
        "reference/sources.jinja",
        {
            "imports": ImportLog.objects.all()[:50],
            "sources": SOURCES,
            "page_title": "NHS open data",
            "nav": "data",
        },
    )
