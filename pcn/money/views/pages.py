"""What every money page shares: its frame (title, navigation, what the reader may do) and
the year or month its address asks for."""

from django.http import Http404
from django.shortcuts import render

from pcn.core.years import check_year, months, previous_year, this_year

from .. import salary_import
from ..exact import pounds
from ..rates import show_rate


def page(request, template, title, **context):
    network = request.network
    user = request.user
    return render(
        request,
        template,
        {
            "page_title": title,
            "nav": "money",
            "pounds": pounds,
            "show_rate": show_rate,
            "can": {
                "pay": user.has_perm("money.view_pay", network),
                "edit_pay": user.has_perm("money.edit_pay", network),
                "edit_rates": user.has_perm("money.edit_rates", network),
                "edit_income": user.has_perm("money.edit_income", network),
                "ledger": user.has_perm("money.view_ledger", network),
                "statements": user.has_perm("money.view_statements", network),
            },
            **context,
        },
    )


def year_asked(request, default=None):
    year = request.GET.get("year") or default or this_year()
    try:
        return check_year(year)
    except ValueError:
        raise Http404 from None


def month_in_url(text):
    try:
        return salary_import.parse_month(text)
    except ValueError:
        raise Http404 from None


def claimable_months(today):
    """This financial year's months to date and last year's: what lines and claims are for."""
    year = this_year(today)
    return [m for m in months(previous_year(year)) + months(year) if m <= today.replace(day=1)]
