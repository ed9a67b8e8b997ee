"""Anonymous concerns: who raised one is kept nowhere a person can read it back (decision 25).

The row keeps no user and no moment finer than the day. It keeps a random salt and a keyed
hash of the salt with the raiser's id (`raiser_key`, "salt$hash"): given a signed-in person the
app can tell that a concern is theirs, so they see it and its response; given only the database
nobody can tell whose it is, because the key is the installation's SECRET_KEY, which the
database does not hold. Each concern has its own salt, so two anonymous concerns cannot be told
to be from the same person either.
"""

import hmac
import secrets
from datetime import datetime, time

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

PURPOSE = "pcn.coordination.anonymous-concern"


def _digest(salt, user_id, secret=None):
    return salted_hmac(PURPOSE, f"{salt}:{user_id}", secret=secret, algorithm="sha256").hexdigest()


def key_for(user):
    """A new concern's raiser_key for `user`."""
    salt = secrets.token_hex(16)
    return f"{salt}${_digest(salt, user.pk)}"


def is_raiser(user, concern):
    """Whether `user` raised the anonymous `concern` (keys made before a change of SECRET_KEY
    still match while the old key is in SECRET_KEY_FALLBACKS)."""
    if not concern.raiser_key or not getattr(user, "pk", None):
        return False
    salt, _, digest = concern.raiser_key.partition("$")
    secrets_to_try = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(hmac.compare_digest(digest, _digest(salt, user.pk, s)) for s in secrets_to_try)


def mine(user, concerns):
    """The ids of the anonymous concerns among `concerns` that `user` raised."""
    return [
        c.pk for c in concerns.filter(anonymous=True).only("pk", "raiser_key") if is_raiser(user, c)
    ]


def day_start(moment=None):
    """The first moment of today in London: when an anonymous concern says it was raised."""
    day = timezone.localtime(moment or timezone.now()).date()
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
