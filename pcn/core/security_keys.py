"""Security keys (WebAuthn) as a second factor: django-otp-webauthn's credential, one more
django-otp device beside the authenticator app, so `two_factor.has_two_factor` and the code
page see it like any other (decision 32).

A key is only ever a second factor here: asked for after a right password, never instead of
one (passwordless sign-in is off). Every write is audited against the person.

The relying party is the address the person reached us by, which Django has already checked
against ALLOWED_HOSTS; the browser signs the origin it saw, so a look-alike site relaying our
pages is refused. Browsers refuse security keys on an address that is a bare IP (the demo's
127.0.0.1), so a page says so instead of offering them there.
"""

import ipaddress
import json

from django.db import transaction
from django.http.request import split_domain_port
from django_otp_webauthn.exceptions import OTPWebAuthnApiError
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from webauthn.helpers.exceptions import WebAuthnException

from . import audit, two_factor, two_factor_rule
from .client_address import client_address
from .refusals import ActionRefused

NAME_LENGTH = 60
ANSWER_LENGTH = 20_000  # a key's answer is a few hundred bytes; anything far larger is refused
ADDING = "security_key_adding"  # the challenge of a key being added, used once
SIGNING_IN = "security_key_signing_in"  # the challenge of a sign-in with a key, used once


def relying_party_id(request):
    return split_domain_port(request.get_host())[0]


def usable_at(request):
    """Browsers take a key only for a site reached by a name (e.g. localhost), not an IP."""
    host = relying_party_id(request)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return bool(host)
    return False


class KeyHelper(WebAuthnHelper):
    """django-otp-webauthn's helper, for the address this request came to."""

    key_name = ""

    # The relying party's id and name come from OTP_WEBAUTHN_RP_ID_CALLABLE (relying_party_id,
    # below) and OTP_WEBAUTHN_RP_NAME in settings.

    def get_allowed_origins(self):
        return [f"{self.request.scheme}://{self.request.get_host()}"]

    def create_credential(self, user, response, parsed_credential, original_data):
        device = super().create_credential(user, response, parsed_credential, original_data)
        device.name = self.key_name
        device.confirmed = True
        return device


def own_keys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


def keys_of(user):
    return list(own_keys(user))


def _answer(raw):
    """The browser's answer, as JSON; a clear refusal for anything that is not one."""
    try:
        answer = json.loads(raw) if raw and len(raw) <= ANSWER_LENGTH else None
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise ActionRefused("Your security key's answer did not arrive whole. Try again.")
    return answer


def begin_adding(request):
    """The options the browser passes to the key; the challenge waits in the session."""
    options, state = KeyHelper(request).register_begin(user=request.user)
    request.session[ADDING] = state
    return options


@transaction.atomic
def finish_adding(request, *, name, answer):
    """Keeps the key the browser made for this session's challenge, named by its owner. The
    first second factor also brings recovery codes: returned to be shown once, else None."""
    user = request.user
    name = " ".join(str(name or "").split())
    if not name:
        raise ActionRefused("Give the key a name, such as 'Blue key on my lanyard'.", field="name")
    if len(name) > NAME_LENGTH:
        raise ActionRefused(f"Keep the name to {NAME_LENGTH} characters or fewer.", field="name")
    if any(key.name.lower() == name.lower() for key in keys_of(user)):
        raise ActionRefused(
            "You already have a key with that name: give this one another.", field="name"
        )
    state = request.session.pop(ADDING, None)  # a challenge is answered once, rightly or not
    answer = _answer(answer)
    if state is None:
        raise ActionRefused("Start adding your security key again.")
    helper = KeyHelper(request)
    helper.key_name = name
    try:
        device = helper.register_complete(user=user, state=state, data=answer)
    except (WebAuthnException, OTPWebAuthnApiError, KeyError, ValueError, TypeError):
        raise ActionRefused(
            "That security key could not be added: its answer was not for this page. Try again."
        ) from None
    address = client_address(request)
    if two_factor.has_two_factor(user, besides=device):
        audit.record(
            by=user,
            action="core.add_security_key",
            target=user,
            after={"key": name, "address": address},
        )
        return None
    codes = two_factor.make_recovery_codes(user)
    audit.record(
        by=user,
        action="core.add_two_factor",
        target=user,
        after={"method": "security key", "key": name, "address": address},
    )
    return codes


def begin_sign_in(request, user):
    """The options for a sign-in with one of `user`'s keys (after their right password)."""
    options, state = KeyHelper(request).authenticate_begin(
        user=user, require_user_verification=False
    )
    request.session[SIGNING_IN] = state
    return options


def finish_sign_in(request, user, answer):
    """The key of `user`'s that signed this session's challenge, or None."""
    state = request.session.pop(SIGNING_IN, None)
    try:
        answer = _answer(answer)
    except ActionRefused:
        return None
    if state is None:
        return None
    try:
        return KeyHelper(request).authenticate_complete(user=user, state=state, data=answer)
    except (WebAuthnException, OTPWebAuthnApiError, KeyError, ValueError, TypeError):
        return None


@transaction.atomic
def remove(*, key, by, address=None):
    """Takes one of a person's keys off. Returns whether two-factor sign-in is still on: with
    no app and no other key, recovery codes alone are no second factor, and they go too."""
    user = key.user
    still_on = two_factor.has_two_factor(user, besides=key)
    if not still_on:
        two_factor_rule.refuse_if_required(user)
    key.delete()
    audit.record(
        by=by,
        action="core.remove_security_key",
        target=user,
        before={"key": key.name},
        after={"address": address},
    )
    if not still_on:
        two_factor.remove(user=user, by=by, address=address)
    return still_on
