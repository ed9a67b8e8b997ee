"""Every write about NHS identities: finding the account an NHS sign-in belongs to, linking and
unlinking an identity, and the audit of NHS sign-ins that were refused.

An NHS sign-in never makes anyone a member of a network by itself: it finds an account that
exists (by the identity, or the first time by its email address), or an invitation a PCN
manager sent to that address, which the person then accepts.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import audit
from .actions import accept_invitation
from .models import Invitation, NhsIdentity, User
from .nhs_identity import label
from .refusals import ActionRefused


class NoAccount(ActionRefused):
    """Nobody here has this identity, its email address, or an invitation for it."""


def _entry(identity):
    return {"identity": label(identity.provider), "email": identity.email or identity.subject}


@transaction.atomic
def account_for(*, provider, claims):
    """(user, how) for checked claims: "identity" when already linked, "email" when linked now
    to the account with the claim's address, "invitation" when an account was made now for an
    open invitation to that address (and the invitation accepted). NoAccount otherwise."""
    identity = (
        NhsIdentity.objects.select_related("user")
        .filter(issuer=claims.issuer, subject=claims.subject)
        .first()
    )
    if identity is not None:
        identity.last_used_at = timezone.now()
        identity.save(update_fields=["last_used_at"])
        return identity.user, "identity"
    if not claims.email:
        raise NoAccount(f"{label(provider)} did not tell us your email address.")
    user = User.objects.filter(email=claims.email).first()
    if user is not None:
        _link(user=user, provider=provider, claims=claims, by=user)
        return user, "email"
    invitations = list(
        Invitation.objects.select_related("network")
        .filter(email__iexact=claims.email)
        .order_by("-created_at")
    )
    invitations = [invitation for invitation in invitations if invitation.is_open]
    if not invitations:
        raise NoAccount(
            f"There is no PCN Commons account or invitation for {claims.email}.", field="email"
        )
    user = User.objects.create_user(
        email=claims.email, full_name=(claims.name or invitations[0].full_name)[:200]
    )  # no password: they sign in with their NHS identity, and may choose one later
    audit.record(by=user, action="core.sign_up", target=user, after={"email": claims.email})
    _link(user=user, provider=provider, claims=claims, by=user)
    for invitation in invitations:
        accept_invitation(invitation=invitation, user=user)
    return user, "invitation"


@transaction.atomic
def link(*, user, provider, claims, by, address=None):
    """Links the identity the person just signed in to their NHS provider with to `user`."""
    taken = NhsIdentity.objects.filter(issuer=claims.issuer, subject=claims.subject).first()
    if taken is not None and taken.user_id != user.pk:
        raise ActionRefused(
            f"This {label(provider)} identity is already linked to another PCN Commons account."
        )
    if taken is not None:
        return taken
    if user.nhs_identities.filter(provider=provider).exists():
        raise ActionRefused(
            f"Your account already has a {label(provider)} identity. Unlink it first."
        )
    return _link(user=user, provider=provider, claims=claims, by=by, address=address)


def _link(*, user, provider, claims, by, address=None):
    try:
        with transaction.atomic():
            identity = NhsIdentity.objects.create(
                user=user,
                provider=provider,
                issuer=claims.issuer,
                subject=claims.subject,
                email=claims.email[:254],
                last_used_at=timezone.now(),
            )
    except IntegrityError as error:  # the same identity linked at the same moment elsewhere
        raise ActionRefused(
            f"This {label(provider)} identity is already linked to a PCN Commons account."
        ) from error
    after = {**_entry(identity), "address": address} if address else _entry(identity)
    audit.record(by=by, action="core.link_identity", target=user, after=after)
    return identity


def other_ways_in(identity):
    """How the person could still sign in without this identity."""
    user = identity.user
    ways = [label(i.provider) for i in user.nhs_identities.exclude(pk=identity.pk)]
    if user.has_usable_password():
        ways.insert(0, "your password")
    return ways


@transaction.atomic
def unlink(*, identity, by, address=None):
    identity = NhsIdentity.objects.select_for_update().select_related("user").get(pk=identity.pk)
    if not other_ways_in(identity):
        raise ActionRefused(
            f"You sign in only with {label(identity.provider)}, so it can't be unlinked: "
            "you would have no way in."
        )
    before = _entry(identity)
    identity.delete()
    audit.record(
        by=by,
        action="core.unlink_identity",
        target=identity.user,
        before=before,
        after={"address": address},
    )


@transaction.atomic
def record_refused(*, provider, email, reason, address):
    """An NHS sign-in refused: against the account if the (checked) email has one."""
    user = User.objects.filter(email=email).first() if email else None
    audit.record(
        by=None,
        action="core.sign_in_failed",
        target=user or User(),
        label=str(user) if user else "An NHS identity with no account",
        after={"address": address, "with": label(provider), "reason": reason[:200]},
    )
