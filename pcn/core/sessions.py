"""Each person's signed-in sessions: kept up to date as they use the site, listed on Your
account, and ended from there (the session is deleted, so that browser is signed out)."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from . import audit
from .client_address import client_address
from .models import SignedInSession

SEEN_EVERY = timedelta(minutes=5)  # how often "last active" is written, at most
SEEN_MARK = "signed_in_session_seen"


class SignedInSessionMiddleware:
    """After the view (so a sign-in's new session key is known): notes the session, and when it
    was last used."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        key = request.session.session_key if hasattr(request, "session") else None
        if user is not None and user.is_authenticated and key and _due(request, key):
            seen(
                user=user,
                session_key=key,
                address=client_address(request),
                browser=request.headers.get("User-Agent", ""),
            )
        return response


def _due(request, key):
    """Whether this session's record is due a write: once in SEEN_EVERY, noted in the session
    itself, so most requests cost no query."""
    now = timezone.now().timestamp()
    mark = request.session.get(SEEN_MARK) or {}
    if mark.get("key") == key and now - mark.get("at", 0) < SEEN_EVERY.total_seconds():
        return False
    request.session[SEEN_MARK] = {"key": key, "at": now}
    return True


def seen(*, user, session_key, address, browser):
    now = timezone.now()
    updated = SignedInSession.objects.filter(session_key=session_key, user=user).update(
        last_seen_at=now, address=address[:100]
    )
    if not updated:
        SignedInSession.objects.get_or_create(
            session_key=session_key,
            defaults={"user": user, "address": address[:100], "browser": browser[:200]},
        )


def of(user):
    """The person's sessions that are still open, most recently used first."""
    open_keys = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return user.signed_in_sessions.filter(session_key__in=open_keys)


@transaction.atomic
def end(*, session, by):
    """Signs that browser out: its session is deleted."""
    Session.objects.filter(session_key=session.session_key).delete()
    audit.record(
        by=by,
        action="core.end_session",
        target=session.user,
        before={"address": session.address, "browser": session.browser[:80]},
    )
    session.delete()


def browser_name(agent):
    """A few words for a User-Agent string: what a person recognises."""
    name = next(
        (
            name
            for marker, name in (
                ("Edg/", "Microsoft Edge"),
                ("Firefox/", "Firefox"),
                ("Chrome/", "Chrome"),
                ("Safari/", "Safari"),
            )
            if marker in agent
        ),
        "A browser",
    )
    for marker, system in (
        ("Windows", "Windows"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Mac OS", "Mac"),
        ("Linux", "Linux"),
    ):
        if marker in agent:
            return f"{name} on {system}"
    return name
