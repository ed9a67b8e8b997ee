from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import (
    actions,
    audit,
    nhs_identity,
    queries,
    recent_sign_in,
    security_keys,
    sessions,
    two_factor,
    two_factor_rule,
)
from . import history as history_pages
from .client_address import client_address
from .decorators import network_page, require
from .forms import (
    AcceptInvitationForm,
    ApiTokenForm,
    ChoosePasswordForm,
    ConfirmPasswordForm,
    InviteForm,
    SignInForm,
    SignUpForm,
)
from .middleware import choose_network
from .models import Invitation, User, hash_token
from .redirects import safe_next
from .refusals import attempt


def sign_in(request):
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            if two_factor.has_two_factor(form.user):
                from .two_factor_views import ask_for_code  # it imports this module's pages

                return ask_for_code(request, form.user, safe_next(request, _next_of(request), ""))
            login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
            two_factor_rule.mark_at_sign_in(request, form.user)
            actions.record_sign_in(user=form.user, address=_address(request))
            return redirect(safe_next(request, _next_of(request), "home:index"))
        if form.refused:
            actions.record_failed_sign_in(
                email=form.cleaned_data["email"],
                address=_address(request),
                locked_out=bool(getattr(request, "axes_locked_out", False)),
            )
    return _sign_in_page(request, form)


def _sign_in_page(request, form, locked_out=False, status=200):
    cool_off = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "core/sign_in.jinja",
        {
            "form": form,
            "next": safe_next(request, _next_of(request), ""),
            "locked_out": locked_out,
            "nhs_providers": nhs_identity.providers(),
            "wait_minutes": int(cool_off.total_seconds() // 60),
            "page_title": "Sign in",
        },
        status=status,
    )


def locked_out(request, original_response=None, credentials=None):
    """The sign-in page when an email and address pair has failed too often (django-axes
    calls this instead of its bare 403). It says the same whether or not the account exists."""
    form = SignInForm(request, initial={"email": request.POST.get("email", "")})
    return _sign_in_page(request, form, locked_out=True, status=429)


def _next_of(request):
    return request.POST.get("next") or request.GET.get("next")


def _address(request):
    return client_address(request)


@login_required
@never_cache
def confirm_password(request):
    """Asked by pcn/core/recent_sign_in.py before a change to how the person signs in."""
    form = ConfirmPasswordForm(request, data=request.POST or None)
    next_url = safe_next(request, _next_of(request), "core:account")
    if request.method == "POST":
        if form.is_valid():
            recent_sign_in.note(request)
            return redirect(next_url)
        if form.refused:
            blocked = bool(getattr(request, "axes_locked_out", False))
            actions.record_failed_sign_in(
                email=request.user.email, address=_address(request), locked_out=blocked
            )
            if blocked:
                # Someone at a browser left signed in, guessing: it is signed out.
                logout(request)
                return locked_out(request)
    return render(
        request,
        "core/confirm_password.jinja",
        {"form": form, "next": next_url, "page_title": "Confirm your password"},
    )


def sign_out(request):
    if request.method == "POST":
        if request.user.is_authenticated:
            actions.record_sign_out(user=request.user, address=_address(request))
        logout(request)
        messages.info(request, "You have signed out.")
        return redirect("core:sign_in")
    return render(request, "core/sign_out.jinja", {"page_title": "Sign out"})


def sign_up(request):
    """Always "check your email": a new address gets a link to choose a password, an address
    with an account is told how to sign in. The page never says which."""
    form = SignUpForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.start_sign_up(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            link_for=lambda token: request.build_absolute_uri(
                reverse("core:finish_sign_up", args=[token])
            ),
            sign_in_url=request.build_absolute_uri(reverse("core:sign_in")),
            reset_url=request.build_absolute_uri(reverse("core:password_reset")),
        )
        return redirect("core:sign_up_sent")
    return render(request, "core/sign_up.jinja", {"form": form, "page_title": "Create an account"})


def sign_up_sent(request):
    return render(
        request,
        "core/sign_up_sent.jinja",
        {"valid_days": actions.SIGN_UP_VALID.days, "page_title": "Check your email"},
    )


def finish_sign_up(request, token):
    """The emailed link: choose a password, and the account is made and signed in."""
    asked = actions.read_sign_up_link(token)
    if asked is None or User.objects.filter(email=asked["email"]).exists():
        return render(
            request,
            "core/sign_up_link_closed.jinja",
            {"valid_days": actions.SIGN_UP_VALID.days, "page_title": "This link can't be used"},
            status=410,
        )
    form = ChoosePasswordForm(
        data=request.POST or None, email=asked["email"], initial={"full_name": asked["full_name"]}
    )
    if request.method == "POST" and form.is_valid():
        user = attempt(
            form,
            lambda: actions.sign_up(
                email=asked["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
            ),
        )
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            actions.record_sign_in(user=user, address=_address(request))
            messages.info(
                request, "Your account is ready. Set up your network, or wait for an invitation."
            )
            return redirect("home:index")
    return render(
        request,
        "core/sign_up_finish.jinja",
        {"form": form, "email": asked["email"], "page_title": "Choose your password"},
    )


class PasswordReset(auth_views.PasswordResetView):
    template_name = "core/password_reset.jinja"
    email_template_name = "core/email/password_reset.txt"
    subject_template_name = "core/email/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_sent")
    extra_context = {"page_title": "Reset your password"}


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_sent.jinja"
    extra_context = {"page_title": "Check your email"}


class NewPasswordForm(SetPasswordForm):
    """Saves through the action, so the person's API tokens stop working with the old password."""

    def save(self, commit=True):
        return actions.change_password(
            user=self.user, password=self.cleaned_data["new_password1"], by=self.user
        )


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "core/password_reset_confirm.jinja"
    success_url = reverse_lazy("core:password_reset_complete")
    extra_context = {"page_title": "Choose a new password"}


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.jinja"
    extra_context = {"page_title": "Password changed"}


@login_required
@never_cache  # a new token is shown once, on this page: no copy kept in a cache
def account(request):
    form = ApiTokenForm(data=request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = attempt(
            form,
            lambda: actions.create_api_token(
                user=request.user, name=data["name"], days=data["days"], by=request.user
            ),
        )
        if made:
            new_token = made[1]
            form = ApiTokenForm()
    has_app = two_factor.has_app(request.user)
    keys = security_keys.keys_of(request.user)
    return render(
        request,
        "core/account.jinja",
        {
            "form": form,
            "new_token": new_token,
            "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
            # Through the relation, so core needs no import of the rota app that holds feeds.
            "feeds": request.user.calendar_feeds.select_related("staff__network"),
            "memberships": queries.memberships_of(request.user),
            "sign_ins": queries.sign_ins_of(request.user),
            "sign_in_events": actions.SIGN_IN_EVENTS,
            "identities": request.user.nhs_identities.all(),
            "nhs_providers": nhs_identity.providers(),
            "nhs_label": nhs_identity.label,
            "two_factor_on": has_app or bool(keys),  # as two_factor.has_two_factor
            "has_app": has_app,
            "security_keys": keys,
            "sessions": sessions.of(request.user),
            "this_session": request.session.session_key,
            "browser_name": sessions.browser_name,
            "recovery_codes_left": two_factor.recovery_codes_left(request.user),
            "page_title": "Your account",
        },
    )


@login_required
@require_POST
def end_session(request, session_id):
    """Signs one of the person's other browsers out."""
    found = get_object_or_404(
        request.user.signed_in_sessions.exclude(session_key=request.session.session_key),
        pk=session_id,
    )
    sessions.end(session=found, by=request.user)
    messages.info(request, f"That session ({sessions.browser_name(found.browser)}) is signed out.")
    return redirect("core:account")


@login_required
@require_POST
def revoke_token(request, token_id):
    token = get_object_or_404(request.user.api_tokens, pk=token_id, revoked_at__isnull=True)
    actions.revoke_api_token(token=token, by=request.user)
    messages.info(request, f"The token “{token.name}” no longer works.")
    return redirect("core:account")


@network_page
def members(request):
    network = request.network
    require(request.user, "core.view_members", network)
    can_manage = request.user.has_perm("core.manage_members", network)
    form = InviteForm(data=request.POST or None, network=network)
    if request.method == "POST":
        require(request.user, "core.manage_members", network)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.invite(
                    network=network,
                    email=data["email"],
                    full_name=data["full_name"],
                    role=data["role"],
                    practice=data["practice"],
                    by=request.user,
                    accept_url_for=lambda token: request.build_absolute_uri(
                        reverse("core:accept_invitation", args=[token])
                    ),
                )
            except actions.ActionRefused as refusal:
                form.add_error("email", str(refusal))
            else:
                messages.info(request, f"We have emailed an invitation to {data['email']}.")
                return redirect("core:members")
    people = queries.people_of(network)
    return render(
        request,
        "core/members.jinja",
        {
            "people": people,
            "two_factor_people": two_factor_rule.people_it_applies_to(network, people),
            "invitations": network.invitations.select_related("practice", "invited_by"),
            "form": form,
            "can_manage": can_manage,
            "page_title": "People",
            "nav": "people",
        },
    )


@network_page
@require_POST
def remove_member(request, membership_id):
    network = request.network
    require(request.user, "core.manage_members", network)
    membership = get_object_or_404(network.memberships.select_related("user"), pk=membership_id)
    try:
        actions.remove_member(membership=membership, by=request.user)
    except actions.ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(request, f"{membership.user} is no longer {membership}.")
    return redirect("core:members")


@network_page
@require_POST
def revoke_invitation(request, invitation_id):
    network = request.network
    require(request.user, "core.manage_members", network)
    invitation = get_object_or_404(network.invitations, pk=invitation_id)
    try:
        actions.revoke_invitation(invitation=invitation, by=request.user)
    except actions.ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("core:members")


def accept_invitation(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("network", "practice"), token_hash=hash_token(token)
    )
    context = {"invitation": invitation, "page_title": f"Join {invitation.network.name}"}
    if not invitation.is_open:
        return render(request, "core/invitation_closed.jinja", context, status=410)
    user = request.user
    if user.is_authenticated:
        if request.method == "POST":
            try:
                actions.accept_invitation(invitation=invitation, user=user)
            except actions.ActionRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("core:accept_invitation", token=token)
            choose_network(request, invitation.network)
            messages.info(request, f"You are now a member of {invitation.network.name}.")
            return redirect("home:overview")
        return render(request, "core/invitation_accept.jinja", context)
    # The same page whether or not the address has an account: sign in, or create one.
    form = AcceptInvitationForm(
        data=request.POST or None,
        email=invitation.email,
        initial={"full_name": invitation.full_name},
    )
    if request.method == "POST" and form.is_valid():
        if User.objects.filter(email=invitation.email).exists():
            # Only the link's holder, who has the address's email, gets here: never signed
            # in by a new password, they are sent to sign in with their own.
            messages.info(request, f"Sign in as {invitation.email} to accept your invitation.")
            return redirect(f"{reverse('core:sign_in')}?next={request.path}")
        user = attempt(
            form,
            lambda: actions.sign_up_and_accept(invitation=invitation, **form.cleaned_data),
        )
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            two_factor_rule.mark_at_sign_in(request, user)
            actions.record_sign_in(user=user, address=_address(request))
            choose_network(request, invitation.network)
            messages.info(request, f"Welcome to {invitation.network.name}.")
            return redirect("home:overview")
    context["form"] = form
    context["sign_in_url"] = f"{reverse('core:sign_in')}?next={request.path}"
    return render(request, "core/invitation_sign_up.jinja", context)


@network_page
def history(request):
    require(request.user, "core.view_history", request.network)
    reader = audit.Reader(request.user, request.network)
    found = history_pages.page_of(reader, queries.network_history(request.network), request.GET)
    return render(
        request,
        "core/history.jinja",
        {"found": found, "page_title": "History", "nav": "history", "record": None},
    )


@network_page
def record_history(request, target_type, target_id):
    everything = queries.network_history(request.network).filter(
        target_type=target_type, target_id=target_id
    )
    first = everything.first()
    if first is None:
        raise Http404
    record = queries.audited_record(request.network, target_type, target_id)
    allowed = request.user.has_perm("core.view_history", request.network) or (
        record is not None and request.user.has_perm("core.view_record_history", record)
    )
    if not allowed:
        require(request.user, "core.view_history", request.network)
    reader = audit.Reader(request.user, request.network)
    found = history_pages.page_of(reader, everything, request.GET, with_filters=False)
    if not found.page.paginator.count:
        # A record they may not see (someone's pay, a concern): refused, as its own page is.
        raise PermissionDenied
    return render(
        request,
        "core/history.jinja",
        {
            "found": found,
            "record": first.target_label,
            "page_title": f"History of {first.target_label}",
            "nav": "history",
        },
    )
