"""While a session carries the rule's mark (set at a password sign-in, two_factor_rule.py),
every page but a few sends the person to set up two-factor sign-in.

Cheap for everyone else: the middleware reads only the session. A marked session asks once a
request whether two-factor is now set up, and loses its mark as soon as it is.

A request carrying an API token (`Authorization: Bearer`) is not a browser session: the API
reads the token, never the session, so it is left alone (decision 32).
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .two_factor import has_two_factor
from .two_factor_rule import SESSION_KEY

# Pages a confined person may still open: setting up two-factor (and every other page under
# /account/two-factor/, such as a security key's), reading their account, and signing out.
OPEN_PREFIXES = ("/account/two-factor/", settings.STATIC_URL)


class TwoFactorConfinementMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.read_only = {reverse("core:account")}
        self.open = {reverse("core:sign_out")}

    def __call__(self, request):
        if request.session.get(SESSION_KEY) and not self._may_go_on(request):
            return redirect("core:two_factor_required")
        return self.get_response(request)

    def _may_go_on(self, request):
        if "Authorization" in request.headers:
            return True
        if not request.user.is_authenticated or has_two_factor(request.user):
            request.session.pop(SESSION_KEY, None)
            return True
        path = request.path
        if path in self.open or path.startswith(OPEN_PREFIXES):
            return True
        # The account page may be read, not used: a new API token would be a way round.
        return path in self.read_only and request.method in ("GET", "HEAD")
