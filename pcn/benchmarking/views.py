"""The benchmark against England: a network's own page, and any PCN's by its code (linked from
the set-up page, so a manager sees it before and the minute the network exists)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from pcn.core.decorators import network_page, require
from pcn.core.names import display_name
from pcn.networks.models import Network
from pcn.reference import queries as reference

from . import england as bench
from . import queries


def _context(shown, name, code, **extra):
    england = shown.england if shown else bench.england()
    return {
        "page": shown,
        "name": name,
        "code": code,
        "england": england,
        "similar_words": bench.SIMILAR_WORDS,
        "percentile_words": bench.PERCENTILE_WORDS,
        "sources": {
            "census": bench.CENSUS_SOURCE,
            "patients": bench.PATIENTS_SOURCE,
            "weighted": bench.WEIGHTED_SOURCE,
        },
        "page_title": f"How {name} compares with England",
        **extra,
    }


@network_page
def network_benchmark(request):
    network = request.network
    require(request.user, "benchmarking.view_benchmark", network)
    shown = queries.for_network(network)
    return render(
        request,
        "benchmarking/benchmark.jinja",
        _context(shown, network.name, network.pcn_code, nav="overview", own=True),
    )


@login_required
def pcn_benchmark(request, pcn_code):
    """Any PCN by its code, NHS figures only: for one not set up here, anyone signed in (the
    set-up page links to it); for one set up here, its members (the set-up page shows them the
    network the minute it exists), and to anyone else a 404, like any network's page."""
    record = reference.find_pcn(pcn_code)
    if record is None:
        raise Http404("No PCN has that code in the NHS files.")
    network = Network.objects.filter(pcn_code=record.code).first()
    if network is not None:
        current = request.network
        if current is not None and current.pcn_code == record.code:
            return redirect("benchmarking:benchmark")
        if not request.user.has_perm("benchmarking.view_benchmark", network):
            raise Http404("That network's benchmark is for its members.")
    return render(
        request,
        "benchmarking/benchmark.jinja",
        _context(queries.for_code(record.code), display_name(record.name), record.code, own=False),
    )
