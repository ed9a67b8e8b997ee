"""Each practice's statement: what it received and its share of the costs, on screen, to
print and as CSV."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from pcn.core import spreadsheet_cells
from pcn.core.decorators import network_page, require
from pcn.core.years import QUARTERS

from .. import statements
from ..rates import years_for
from .pages import page, year_asked


def _period(request):
    year = year_asked(request)
    quarter = request.GET.get("quarter") or None
    if quarter and quarter not in QUARTERS:
        raise Http404
    return year, quarter


@network_page
def statements_index(request):
    network = request.network
    practices = [
        p for p in network.practices.all() if request.user.has_perm("money.view_statement", p)
    ]
    if not practices:
        require(request.user, "money.view_ledger", network)  # refuses
    if len(practices) == 1 and not request.user.has_perm("money.view_ledger", network):
        return redirect("money:statement", practices[0].ods_code)
    return page(request, "money/statements.jinja", "Practice statements", practices=practices)


def _statement(request, ods_code):
    network = request.network
    practice = get_object_or_404(network.practices, ods_code=ods_code)
    require(request.user, "money.view_statement", practice)
    year, quarter = _period(request)
    return statements.statement(practice, year, quarter)


@network_page
def statement(request, ods_code):
    result = _statement(request, ods_code)
    return page(
        request,
        "money/statement.jinja",
        f"{result.practice.name}: statement {result.period}",
        s=result,
        years=years_for(request.network),
        quarters=list(QUARTERS),
    )


@network_page
def statement_print(request, ods_code):
    result = _statement(request, ods_code)
    return page(
        request,
        "money/statement_print.jinja",
        f"{result.practice.name}: statement {result.period}",
        s=result,
    )


@network_page
def statement_csv(request, ods_code):
    result = _statement(request, ods_code)
    response = HttpResponse(
        spreadsheet_cells.csv_text(statements.csv_rows(result)),
        content_type="text/csv; charset=utf-8",
    )
    period = result.period.replace("/", "-").replace(" ", "-")
    response["Content-Disposition"] = (
        f'attachment; filename="statement-{result.practice.ods_code}-{period}.csv"'
    )
    return response
