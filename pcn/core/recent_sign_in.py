"""Changing how you sign in asks who is at the keyboard. Someone who signed in (or gave their
password again) more than ten minutes ago gives their password once more before they set up,
replace or take away a second factor, make new recovery codes, or link or unlink an NHS
identity. So a person who finds a browser left signed in can't lock its owner out or add a way
in of their own (decision 32).

Every sign-in counts as just now, whichever way it was made: the moment is noted when Django
signs the person in.
"""

import time
from functools import wraps

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

CONFIRMED_AT = "signed_in_or_confirmed_at"
WINDOW_SECONDS = 10 * 60


@receiver(user_logged_in)
def _signed_in_now(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        note(request)


def note(request):
    request.session[CONFIRMED_AT] = time.time()


def is_recent(request):
    return time.time() - request.session.get(CONFIRMED_AT, 0) <= WINDOW_SECONDS


def required(view):
    """The view runs only for a recent sign-in or password; otherwise the person confirms their
    password first. An account with no password (NHS sign-in only) has none to give."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if is_recent(request) or not request.user.has_usable_password():
            return view(request, *args, **kwargs)
        if request.method == "GET":
            back = request.get_full_path()
        else:
            # A button's action can't be carried over: back to the page, to press it again.
            back = reverse("core:account")
            messages.info(request, "Confirm your password, then do that again.")
        return redirect(f"{reverse('core:confirm_password')}?{urlencode({'next': back})}")

    return wrapped
