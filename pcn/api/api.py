"""The JSON API. Thin: it finds the caller's network and calls the apps' queries. One router a
subject, in routers/; what they share (refusals, paging, weeks) in common.py."""

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI
from ninja.errors import ValidationError

from .auth import PersonalToken
from .common import validation_message
from .routers import allocation, coordination, icbs, money, networks, rota, workforce

api = NinjaAPI(
    title="PCN Commons API",
    version="1",
    description="Read your networks' data. Authenticate with a personal API token from your "
    "account page, sent as `Authorization: Bearer TOKEN`. A token works until the date chosen "
    "when it was made (a year at most) and stops when its owner's password changes; an expired "
    "or revoked token is answered 401 with a `detail` that says so.\n\n"
    "Lists come in pages of the same shape everywhere: `items`, `count` (how many in all), "
    "`page`, `page_size` and `pages`; ask for `?page=2&page_size=200` (500 at most a page). "
    'Every refusal is `{"detail": "..."}`: 401 without a valid token, 403 where your role '
    "in the network may not read it, 404 for a network that doesn't exist or you are not a "
    "member of, 422 for a parameter out of range or of the wrong form (the detail names it).",
    auth=PersonalToken(),
    # The documentation is for people with an account: signed in, like every other page.
    docs_decorator=login_required,
)


@api.exception_handler(ValidationError)
def refuse_bad_parameters(request, error):
    # One shape for every refusal: a sentence naming the parameter, not pydantic's list.
    return api.create_response(request, {"detail": validation_message(error.errors)}, status=422)


for module in (networks, workforce, allocation, rota, money, coordination, icbs):
    api.add_router("", module.router)
