"""Bearer-token authentication: `Authorization: Bearer TOKEN` with a personal API token."""

from django.utils import timezone
from ninja.security import HttpBearer

from pcn.core import actions
from pcn.core.models import ApiToken, hash_token


class PersonalToken(HttpBearer):
    def authenticate(self, request, token):
        record = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if record is None:
            return None
        actions.note_token_used(record, at=timezone.now())
        request.user = record.user
        return record.user
