"""Two-factor sign-in for accounts that sign in with a password (django-otp): an authenticator
app (TOTP, 30-second codes), security keys (pcn/core/security_keys.py) and ten single-use
recovery codes. Every write about it is here, audited against the person.

Wrong codes are failed sign-ins to django-axes, the one throttle (decision 32), so a code can
no more be guessed than a password.
"""

from base64 import b32encode
from binascii import unhexlify

import segno
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from . import audit
from .refusals import ActionRefused

RECOVERY_CODES = 10
APP = "Authenticator app"
RECOVERY = "Recovery codes"


def has_two_factor(user, besides=None):
    """An app or a security key (other than `besides`) is set up. Recovery codes are a way back
    in, not a second factor of their own."""
    keys = WebAuthnCredential.objects.filter(user=user, confirmed=True)
    if besides is not None:
        keys = keys.exclude(pk=besides.pk)
    return has_app(user) or keys.exists()


def has_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user):
    device = StaticDevice.objects.filter(user=user, name=RECOVERY, confirmed=True).first()
    return device.token_set.count() if device else 0


@transaction.atomic
def start_app(*, user):
    """A new authenticator app key, not yet in use until a code from it is confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP, confirmed=False)


def setting_up(user):
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def secret_of(device):
    """The key as people type it into an app: base32, in groups of four."""
    key = b32encode(unhexlify(device.key)).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device):
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, title="QR code for your authenticator app"
    )


def _code(code):
    return "".join(str(code or "").split()).lower()[:16]


@transaction.atomic
def confirm_app(*, user, code, by, address=None):
    """The app is in use once it gives a right code; returns the new recovery codes (shown
    once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise ActionRefused("Start setting up your authenticator app again.", field="code")
    if not device.verify_token(_code(code)):
        raise ActionRefused(
            "That code is not right. Enter the 6-digit code your app shows now.", field="code"
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = make_recovery_codes(user)
    audit.record(
        by=by,
        action="core.add_two_factor",
        target=user,
        after={"method": "authenticator app", "address": address},
    )
    return codes


def make_recovery_codes(user):
    """Ten new recovery codes in place of any old ones; shown once, by the caller."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def new_recovery_codes(*, user, by, address=None):
    if not has_two_factor(user):
        raise ActionRefused("Set up an authenticator app or a security key first.")
    codes = make_recovery_codes(user)
    audit.record(
        by=by,
        action="core.new_recovery_codes",
        target=user,
        after={"codes": len(codes), "address": address},
    )
    return codes


@transaction.atomic
def remove(*, user, by, address=None):
    """Turns two-factor sign-in off: the app, every key and the recovery codes go."""
    devices = list(devices_for_user(user, confirmed=None))
    if not devices:
        raise ActionRefused("Two-factor sign-in is not set up.")
    from .two_factor_rule import refuse_if_required  # it asks this module who has two-factor

    refuse_if_required(user)
    methods = sorted({method_of(device) for device in devices})
    for device in devices:
        device.delete()
    audit.record(
        by=by,
        action="core.remove_two_factor",
        target=user,
        before={"methods": methods},
        after={"address": address},
    )


@transaction.atomic
def verify(*, user, code):
    """The device a sign-in code is right for (a recovery code is used up), or None."""
    code = _code(code)
    if not code:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def method_of(device):
    if isinstance(device, StaticDevice):
        return "a recovery code"
    if isinstance(device, WebAuthnCredential):
        return "a security key"
    return "an authenticator app"
