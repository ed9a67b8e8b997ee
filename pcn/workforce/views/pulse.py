"""The monthly pulse, aggregated: no page shows one person's answers."""

from django.shortcuts import render

from pcn.core.decorators import network_page, require

from .. import pulse
from ..catalogue import role_names

# The chart: months along, scores 1 to 5 up, in SVG user units.
CHART = {"width": 640, "height": 220, "left": 40, "right": 16, "top": 12, "bottom": 36}


def _chart(months, group):
    """Points of each question's line for one group; months with too few answers break the line."""
    inner_w = CHART["width"] - CHART["left"] - CHART["right"]
    inner_h = CHART["height"] - CHART["top"] - CHART["bottom"]
    step = inner_w / max(1, len(months) - 1)

    def y(score):
        return CHART["top"] + inner_h * (5 - score) / 4

    lines = {}
    for question, _ in pulse.QUESTIONS:
        segments, current = [], []
        for i, month in enumerate(months):
            cell = group.cells[month]
            if cell.shown:
                current.append(
                    (round(CHART["left"] + i * step, 1), round(y(float(cell.means[question])), 1))
                )
            elif current:
                segments.append(current)
                current = []
        if current:
            segments.append(current)
        lines[question] = segments
    ticks = [(round(CHART["left"] + i * step, 1), m) for i, m in enumerate(months)]
    grid = [(score, round(y(score), 1)) for score in range(1, 6)]
    return {"lines": lines, "ticks": ticks, "grid": grid, **CHART}


@network_page
def pulse_results(request):
    network = request.network
    require(request.user, "workforce.view_pulse_results", network)
    months, groups, comments = pulse.results(network, role_names())
    answering, appears_on = pulse.open_month()
    return render(
        request,
        "workforce/pulse_results.jinja",
        {
            "months": months,
            "network_group": groups[0],
            "teams": [g for g in groups if g.kind == "team"],
            "roles": [g for g in groups if g.kind == "role"],
            "latest": months[-1],
            "answering": answering,
            "appears_on": appears_on,
            "questions": pulse.QUESTIONS,
            "minimum": pulse.MIN_ANSWERS,
            "chart": _chart(months, groups[0]),
            "comments": comments,
            "page_title": "Pulse results",
            "nav": "staff",
        },
    )
