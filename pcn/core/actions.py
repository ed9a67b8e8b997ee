"""Every write about people: accounts, invitations, memberships and API tokens.

Each action takes keyword-only arguments and the acting user as `by`, runs in one
transaction and writes its audit entries in that transaction.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from . import audit
from .models import (
    API_TOKEN_DEFAULT_DAYS,
    API_TOKEN_MAX_DAYS,
    ApiToken,
    Invitation,
    Membership,
    Role,
    User,
    hash_token,
    new_secret,
)
from .refusals import ActionRefused
from .roles import forget_roles

MEMBERSHIP_FIELDS = ["user", "role", "practice"]
INVITATION_FIELDS = ["email", "full_name", "role", "practice", "expires_at"]


@transaction.atomic
def sign_up(*, email, full_name, password):
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ActionRefused("An account with this email address already exists. Sign in instead.")
    user = User.objects.create_user(email=email, full_name=full_name.strip(), password=password)
    audit.record(by=user, action="core.sign_up", target=user, after={"email": email})
    return user


SIGN_UP_SALT = "pcn.core.sign_up"
SIGN_UP_VALID = timedelta(days=3)


def start_sign_up(*, email, full_name, link_for, sign_in_url, reset_url):
    """Email the address a link to choose a password, or, if it already has an account, how to
    sign in. The person asking is told the same either way ("check your email"), so sign-up
    never says who has an account. Nothing is saved until the link is used: the link carries
    the address and name, signed, and proves the address is theirs. `link_for(token)` builds
    the link's absolute URL."""
    email = email.strip().lower()
    existing = User.objects.filter(email=email).first()
    if existing:
        subject = "You already have a PCN Commons account"
        context = {"user": existing, "sign_in_url": sign_in_url, "reset_url": reset_url}
        body = render_to_string("core/email/sign_up_existing.txt", context)
    else:
        token = signing.dumps(
            {"email": email, "full_name": full_name.strip()}, salt=SIGN_UP_SALT, compress=True
        )
        subject = "Create your PCN Commons account"
        context = {"link": link_for(token), "valid_days": SIGN_UP_VALID.days}
        body = render_to_string("core/email/sign_up.txt", context)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])


def read_sign_up_link(token):
    """{"email", "full_name"} from a sign-up link, or None when the link is not one we sent or
    is too old."""
    try:
        return signing.loads(token, salt=SIGN_UP_SALT, max_age=SIGN_UP_VALID)
    except signing.BadSignature:
        return None


SIGN_IN_EVENTS = {
    "core.sign_in": "Signed in",
    "core.sign_out": "Signed out",
    "core.sign_in_failed": "Sign-in refused",
    "core.link_identity": "NHS identity linked",
    "core.unlink_identity": "NHS identity unlinked",
    "core.add_two_factor": "Two-factor sign-in turned on",
    "core.remove_two_factor": "Two-factor sign-in turned off",
    "core.add_security_key": "Security key added",
    "core.remove_security_key": "Security key removed",
    "core.new_recovery_codes": "New recovery codes made",
    "core.end_session": "Another session signed out",
}


@transaction.atomic
def record_sign_in(*, user, address, with_=None):
    """`with_` names the NHS identity signed in with; None for a password."""
    after = {"address": address}
    if with_:
        after["with"] = with_
    audit.record(by=user, action="core.sign_in", target=user, after=after)


@transaction.atomic
def record_sign_out(*, user, address):
    audit.record(by=user, action="core.sign_out", target=user, after={"address": address})


@transaction.atomic
def record_failed_sign_in(*, email, address, locked_out):
    """A refused sign-in, against the account if the email has one. An entry is written either
    way, the same size, so a refusal takes as long whether or not the account exists; the
    address typed is not kept when no account has it (it may be a password typed in the
    wrong box)."""
    user = User.objects.filter(email=email.strip().lower()).first()
    audit.record(
        by=None,
        action="core.sign_in_failed",
        target=user or User(),
        label=str(user) if user else "An email address with no account",
        after={"address": address, "locked out": locked_out},
    )


def _practice_for_role(network, role, practice):
    """A practice manager's practice (required, in this network); no practice for other roles."""
    if role != Role.PRACTICE_MANAGER:
        return None
    if practice is None:
        raise ActionRefused("Choose the practice this practice manager manages.")
    if practice.network_id != network.pk:
        raise ActionRefused("That practice is not in this network.")
    return practice


@transaction.atomic
def add_member(*, network, user, role, practice=None, by):
    practice = _practice_for_role(network, role, practice)
    membership, created = Membership.objects.get_or_create(
        user=user, network=network, role=role, practice=practice
    )
    if created:
        audit.record(
            by=by,
            action="core.add_member",
            target=membership,
            network=network,
            label=f"{user} as {membership}",
            after=audit.snapshot(membership, MEMBERSHIP_FIELDS),
        )
    forget_roles(user)
    return membership


@transaction.atomic
def remove_member(*, membership, by):
    network = membership.network
    if membership.role == Role.PCN_MANAGER:
        others = network.memberships.filter(role=Role.PCN_MANAGER).exclude(pk=membership.pk)
        if not others.exists():
            raise ActionRefused(
                "This is the network's only PCN manager. Give someone else that role first."
            )
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    audit.record(
        by=by,
        action="core.remove_member",
        target=membership,
        network=network,
        label=f"{membership.user} as {membership}",
        before=before,
    )
    membership.delete()
    if not Membership.objects.filter(user=membership.user, network=network).exists():
        _stop_calendar_feeds(user=membership.user, network=network, by=by)
    forget_roles(membership.user)


def _stop_calendar_feeds(*, user, network, by):
    """Someone who has left a network keeps no way into its rota: their private calendar
    addresses there are removed, so a leaked one can't come back if they rejoin. Reached
    through the relation, as core stands below the rota app that holds the feeds."""
    for feed in user.calendar_feeds.filter(staff__network=network).select_related("staff"):
        audit.record(
            by=by,
            action="rota.stop_feed",
            target=feed.staff,
            network=network,
            after={"reason": "membership ended"},
        )
        feed.delete()


@transaction.atomic
def invite(*, network, email, full_name="", role, practice=None, by, accept_url_for):
    """Create an invitation and email its link. `accept_url_for(token)` builds the absolute URL.
    Only the token's hash is kept: the email is the one place the link is written down."""
    email = email.strip().lower()
    practice = _practice_for_role(network, role, practice)
    already = Membership.objects.filter(
        network=network, user__email=email, role=role, practice=practice
    ).exists()
    if already:
        raise ActionRefused(f"{email} already has this role in {network.name}.")
    invitation = Invitation.objects.create(
        network=network,
        email=email,
        full_name=full_name.strip(),
        role=role,
        practice=practice,
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        token_hash=hash_token(secret := new_secret()),
    )
    audit.record(
        by=by,
        action="core.invite",
        target=invitation,
        network=network,
        after=audit.snapshot(invitation, INVITATION_FIELDS),
    )
    context = {
        "invitation": invitation,
        "network": network,
        "accept_url": accept_url_for(secret),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    # Sent last, inside the transaction: if the email can't be sent, no invitation is left
    # behind that nobody received.
    send_mail(
        subject=f"You're invited to {network.name} on PCN Commons",
        message=render_to_string("core/email/invitation.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    return invitation


@transaction.atomic
def accept_invitation(*, invitation, user):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ActionRefused(f"This invitation can't be used: {invitation.status.lower()}.")
    if user.email.lower() != invitation.email.lower():
        raise ActionRefused(
            f"This invitation is for {invitation.email}. Sign in with that address to accept it."
        )
    membership = add_member(
        network=invitation.network,
        user=user,
        role=invitation.role,
        practice=invitation.practice,
        by=user,
    )
    before = audit.snapshot(invitation, ["accepted_at"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        by=user,
        action="core.accept_invitation",
        target=invitation,
        network=invitation.network,
        before=before,
        after=audit.snapshot(invitation, ["accepted_at"]),
    )
    return membership


@transaction.atomic
def sign_up_and_accept(*, invitation, full_name, password):
    user = sign_up(email=invitation.email, full_name=full_name, password=password)
    accept_invitation(invitation=invitation, user=user)
    return user


@transaction.atomic
def revoke_invitation(*, invitation, by):
    if not invitation.is_open:
        raise ActionRefused(f"This invitation is already {invitation.status.lower()}.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        by=by,
        action="core.revoke_invitation",
        target=invitation,
        network=invitation.network,
        before={"revoked_at": None},
        after=audit.snapshot(invitation, ["revoked_at"]),
    )


@transaction.atomic
def change_password(*, user, password, by):
    """A new password, and every API token of the old one stops working: whoever had the old
    password may have made a token with it."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(by=by, action="core.change_password", target=user)
    revoke_api_tokens(user=user, reason="password changed", by=by)
    return user


@transaction.atomic
def create_api_token(*, user, name, days=API_TOKEN_DEFAULT_DAYS, by):
    """Returns (token record, raw token). The raw token is shown once and never stored."""
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise ActionRefused(
            f"A token can work for 1 to {API_TOKEN_MAX_DAYS} days; choose how long.",
            field="days",
        )
    raw = "pcn_" + new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "API token",
        token_hash=hash_token(raw),
        prefix=raw[:8],
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit.record(
        by=by,
        action="core.create_api_token",
        target=token,
        after=audit.snapshot(token, ["name", "expires_at"]),
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, token, by):
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        by=by,
        action="core.revoke_api_token",
        target=token,
        before={"revoked_at": None},
        after=audit.snapshot(token, ["revoked_at"]),
    )


@transaction.atomic
def revoke_api_tokens(*, user, reason, by):
    """Every token of `user` that still works stops working; one audit entry each."""
    tokens = list(user.api_tokens.select_for_update().filter(revoked_at__isnull=True))
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit.record(
            by=by,
            action="core.revoke_api_token",
            target=token,
            before={"revoked_at": None},
            after={**audit.snapshot(token, ["revoked_at"]), "reason": reason},
        )
    return len(tokens)


def note_token_used(token, *, at):
    """When a token was last used, to the minute, so the API does not write on every read. Not
    audited: using a token changes nothing anyone made (the token's owner sees it on their
    account page)."""
    if token.last_used_at is None or (at - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
