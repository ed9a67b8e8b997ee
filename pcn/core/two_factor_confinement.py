"""While a session carries the rule's mark (set at a password sign-in, two_factor_rule.py),
every page but a few sends the person to set up two-factor sign-in.

Cheap for everyone else: the middleware reads only the session. A marked session asks once a
request whether two-factor is now set up, and loses its mark as soon as it is.

The API is left alone: it reads a personal token, never the session (pcn/api/auth.py), so a
confined session gets nothing there that a token would not give (decision 32). The test is the
path, not a header the person could add to any request.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .two_factor import has_two_factor
from .two_factor_rule import SESSION_KEY

# Pages a confined person may still open: setting up an app or a security key, reading their
# account, and signing out; and the API, which never reads the session.
OPEN_PREFIXES = ("/account/two-factor/", "/account/security-keys/", "/api/", settings.STATIC_URL)


class TwoFactorConfinementMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.read_only = {reverse("core:account")}
        self.open = {reverse("core:sign_out"), reverse("core:confirm_password")}

    def __call__(self, request):
        if request.session.get(SESSION_KEY) and not self._may_go_on(request):
            return redirect("core:two_factor_required")
        return self.get_response(request)

    def _may_go_on(self, request):
        if not request.user.is_authenticated or has_two_factor(request.user):
            request.session.pop(SESSION_KEY, None)
            return True
        path = request.path
        if path in self.open or path.startswith(OPEN_PREFIXES):
            return True
        # The account page may be read, not used: a new API token would be a way round.
        return path in self.read_only and request.method in ("GET", "HEAD")
