"""What every router of the API shares: the refusals and their documented shapes, finding the
caller's network, the one way lists are paged, and reading a week from the query string."""

from datetime import date, timedelta
from math import ceil
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

from pcn.networks.models import Network

# At most this many items a page: a network's largest list (its staff, a week of its rota by
# person) fits in one page, and no request asks the database for an unbounded amount.
PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class ErrorOut(Schema):
    """Why the request was refused, for a person to read."""

    detail: str


# What each kind of refusal means, in the schema beside every endpoint that can give it.
NO_TOKEN = {401: ErrorOut}  # no token, or a revoked, expired or unknown one
NOT_ALLOWED = {403: ErrorOut}  # the caller's role in the network may not read this
NOT_YOURS = {404: ErrorOut}  # a network that doesn't exist or the caller is not a member of
BAD_YEAR = {400: ErrorOut}  # `year` is not a financial year the service knows
BAD_PARAMETERS = {422: ErrorOut}  # a query parameter out of its range or of the wrong form


def responses(ok, *refusals):
    out = {200: ok}
    for refusal in refusals:
        out.update(refusal)
    return out


def network_for(request, pcn_code):
    """The caller's network with this code. One the caller is not a member of is 404, exactly
    like one that doesn't exist."""
    return get_object_or_404(Network.objects.of_member(request.auth), pcn_code=pcn_code.upper())


def refuse_unless(user, permission, network, why):
    if not user.has_perm(permission, network):
        raise HttpError(403, why)


class Pages(PaginationBase):
    """Every list the API pages has this shape: `items`, `count` (all of them), `page`,
    `page_size` and `pages`. A page past the last is empty, not an error."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000, description="The page, from 1.")
        page_size: int = Field(
            PAGE_SIZE,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"Items a page: {PAGE_SIZE} unless asked, {MAX_PAGE_SIZE} at most.",
        )

    class Output(Schema):
        count: int
        page: int
        page_size: int
        pages: int
        items: list[Any]

    def paginate_queryset(self, queryset, pagination, request, **params):
        rows = queryset if isinstance(queryset, list) else list(queryset)
        size, page = pagination.page_size, pagination.page
        start = (page - 1) * size
        return {
            "count": len(rows),
            "page": page,
            "page_size": size,
            "pages": ceil(len(rows) / size),
            "items": rows[start : start + size],
        }


def validation_message(errors):
    """ninja's list of validation errors as one sentence naming each parameter:
    "page_size: Input should be less than or equal to 500"."""
    parts = []
    for error in errors:
        where = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        field = where[-1] if where else "request"
        parts.append(f"{field}: {error.get('msg', 'not valid')}")
    return "; ".join(parts) or "The request's parameters are not valid."


def week_asked(text):
    """The Monday a `week=YYYY-MM-DD` parameter names (this week's when absent); anything else
    is refused with 422 naming the parameter."""
    if not text:
        today = timezone.localdate()
        return today - timedelta(days=today.weekday())
    try:
        monday = date.fromisoformat(text)
    except ValueError:
        raise HttpError(
            422, f"week: give a Monday as YYYY-MM-DD, such as 2026-11-16 (not “{text[:20]}”)."
        ) from None
    if not 2000 <= monday.year <= 2100:
        raise HttpError(422, "week: give a Monday from the year 2000 to 2100.")
    if monday.weekday() != 0:
        start = monday - timedelta(days=monday.weekday())
        raise HttpError(
            422,
            f"week: {monday.isoformat()} is a {WEEKDAY_NAMES[monday.weekday()]}; "
            f"give the Monday the week starts on, {start.isoformat()}.",
        )
    return monday


def money(value):
    """Exact pounds and pence as a string, null where unknown."""
    return None if value is None else str(value)
