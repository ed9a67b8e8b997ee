"""Pages for signing in with an NHS identity, and linking one to an account (decision 32)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import actions, identities, nhs_identity, recent_sign_in, two_factor_rule
from .client_address import client_address
from .middleware import choose_network
from .redirects import safe_next
from .refusals import ActionRefused

PENDING = "nhs_sign_in"  # the session's note of a sign-in sent to an issuer: why, and where next


def _provider_or_404(key):
    found = nhs_identity.provider(key)
    if found is None:
        raise Http404
    return found


@require_POST
def start(request, provider):
    """The "Sign in with NHSmail" button (a form, so the sign-in starts from our page)."""
    found = _provider_or_404(provider)
    if request.user.is_authenticated:
        return redirect("home:index")
    return _send_to_issuer(
        request, found, "sign_in", safe_next(request, request.POST.get("next"), "")
    )


@login_required
@require_POST
@recent_sign_in.required
def start_link(request, provider):
    found = _provider_or_404(provider)
    return _send_to_issuer(request, found, "link", "")


def _send_to_issuer(request, found, purpose, next_url):
    request.session[PENDING] = {"provider": found.key, "purpose": purpose, "next": next_url}
    try:
        return nhs_identity.start(
            request,
            found,
            request.build_absolute_uri(reverse("core:nhs_return", args=[found.key])),
        )
    except nhs_identity.NhsSignInFailed as failure:
        return _refused(request, found, failure, status=502)


@never_cache
def finish(request, provider):
    """Where the issuer sends the person back, with a code to exchange for their ID token."""
    found = _provider_or_404(provider)
    pending = request.session.pop(PENDING, None) or {}
    try:
        if pending.get("provider") != found.key:
            raise nhs_identity.NhsSignInFailed(
                f"This {found.label} sign-in was not started here, or was already used. "
                "Start again from the sign-in page.",
                reason="no sign-in started in this session",
            )
        claims = nhs_identity.finish(request, found)
    except nhs_identity.NhsSignInFailed as failure:
        identities.record_refused(
            provider=found.key, email="", reason=failure.reason, address=client_address(request)
        )
        return _refused(request, found, failure, status=502 if failure.unreachable else 400)
    if pending.get("purpose") == "link":
        return _link(request, found, claims)
    return _sign_in(request, found, claims, pending.get("next") or "")


def _sign_in(request, found, claims, next_url):
    address = client_address(request)
    try:
        user, how = identities.account_for(provider=found.key, claims=claims)
    except identities.NoAccount as refusal:
        identities.record_refused(
            provider=found.key, email=claims.email, reason="no account", address=address
        )
        return render(
            request,
            "core/nhs_no_account.jinja",
            {
                "provider": found,
                "email": claims.email,
                "why": str(refusal),
                "page_title": "No account for this NHS identity",
            },
            status=403,
        )
    if not user.is_active:
        identities.record_refused(
            provider=found.key, email=claims.email, reason="account closed", address=address
        )
        failure = nhs_identity.NhsSignInFailed(
            "This account has been closed. Ask your PCN manager.", reason="account closed"
        )
        return _refused(request, found, failure, status=403)
    if request.user.is_authenticated and request.user.pk != user.pk:
        actions.record_sign_out(user=request.user, address=address)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session["signed_in_with"] = found.key  # an NHS sign-in counts as strong
    request.session.pop(two_factor_rule.SESSION_KEY, None)  # so it meets any network's rule
    actions.record_sign_in(user=user, address=address, with_=found.label)
    if how == "invitation":
        joined = user.memberships.select_related("network").order_by("-created_at").first()
        choose_network(request, joined.network)
        messages.info(
            request, f"Welcome to {joined.network.name}. You signed in with {found.label}."
        )
        return redirect("home:overview")
    if how == "email":
        messages.info(request, f"Your {found.label} identity is now linked to your account.")
    return redirect(safe_next(request, next_url, "home:index"))


def _link(request, found, claims):
    if not request.user.is_authenticated:
        raise Http404
    try:
        identities.link(
            user=request.user,
            provider=found.key,
            claims=claims,
            by=request.user,
            address=client_address(request),
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(request, f"You can now sign in with {found.label}.")
    return redirect("core:account")


def _refused(request, found, failure, status):
    return render(
        request,
        "core/nhs_sign_in_refused.jinja",
        {
            "provider": found,
            "message": str(failure),
            "unreachable": failure.unreachable,
            "page_title": f"We couldn't sign you in with {found.label}"
            if not failure.unreachable
            else f"We couldn't reach {found.label}",
        },
        status=status,
    )


@login_required
@require_POST
@recent_sign_in.required
def unlink(request, identity_id):
    identity = get_object_or_404(request.user.nhs_identities, pk=identity_id)
    try:
        identities.unlink(identity=identity, by=request.user, address=client_address(request))
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(
            request, f"Your {nhs_identity.label(identity.provider)} identity is unlinked."
        )
    return redirect("core:account")
