"""Bearer-token authentication: `Authorization: Bearer TOKEN` with a personal API token.

A token is found by its hash (only the hash is stored). One that is unknown, revoked, or whose
owner's account is closed is refused as plain 401; one that has expired says so, so the person
running a script knows to make a new one rather than suspect the script."""

from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from pcn.core import actions
from pcn.core.models import ApiToken, hash_token

EXPIRED = (
    "This API token expired on {date}. Make a new one on your account page in PCN Commons "
    "and use it instead."
)
REVOKED = (
    "This API token no longer works: it was revoked, or its owner's password changed. Make a "
    "new one on your account page in PCN Commons."
)


class PersonalToken(HttpBearer):
    def authenticate(self, request, token):
        record = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), user__is_active=True)
            .first()
        )
        if record is None:
            return None
        if record.revoked_at is not None:
            raise HttpError(401, REVOKED)
        now = timezone.now()
        if record.expires_at <= now:
            date = timezone.localtime(record.expires_at).strftime("%-d %B %Y")
            raise HttpError(401, EXPIRED.format(date=date))
        actions.note_token_used(record, at=now)
        request.user = record.user
        return record.user
