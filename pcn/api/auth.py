"""Bearer-token authentication: `Authorization: Bearer TOKEN` with a personal API token."""

from django.utils import timezone
from ninja.security import HttpBearer

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
        # Once a minute at most: the API shouldn't write on every read.
        now = timezone.now()
        if record.last_used_at is None or (now - record.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request.user = record.user
        return record.user
