from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from . import actions, audit, queries
from .decorators import network_page, require
from .forms import AcceptInvitationForm, ApiTokenForm, InviteForm, SignInForm, SignUpForm
from .middleware import choose_network
from .models import Invitation


def sign_in(request):
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
        next_url = request.POST.get("next") or request.GET.get("next")
        if next_url and next_url.startswith("/") and not next_url.startswith("//"):
            return redirect(next_url)
        return redirect("home:index")
    return render(
        request,
        "core/sign_in.jinja",
        {"form": form, "next": request.GET.get("next", ""), "page_title": "Sign in"},
    )


def sign_out(request):
    if request.method == "POST":
        logout(request)
        messages.info(request, "You have signed out.")
        return redirect("core:sign_in")
    return render(request, "core/sign_out.jinja", {"page_title": "Sign out"})


def sign_up(request):
    form = SignUpForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.sign_up(**form.cleaned_data)
        except actions.ActionRefused as refusal:
            form.add_error("email", str(refusal))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.info(
                request, "Your account is ready. Set up your network, or wait for an invitation."
            )
            return redirect("home:index")
    return render(request, "core/sign_up.jinja", {"form": form, "page_title": "Create an account"})


class PasswordReset(auth_views.PasswordResetView):
    template_name = "core/password_reset.jinja"
    email_template_name = "core/email/password_reset.txt"
    subject_template_name = "core/email/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_sent")
    extra_context = {"page_title": "Reset your password"}


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_sent.jinja"
    extra_context = {"page_title": "Check your email"}


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "core/password_reset_confirm.jinja"
    success_url = reverse_lazy("core:password_reset_complete")
    extra_context = {"page_title": "Choose a new password"}


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.jinja"
    extra_context = {"page_title": "Password changed"}


@login_required
def account(request):
    form = ApiTokenForm(data=request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _, new_token = actions.create_api_token(
            user=request.user, name=form.cleaned_data["name"], by=request.user
        )
        form = ApiTokenForm()
    return render(
        request,
        "core/account.jinja",
        {
            "form": form,
            "new_token": new_token,
            "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
            "memberships": queries.memberships_of(request.user),
            "page_title": "Your account",
        },
    )


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
    return render(
        request,
        "core/members.jinja",
        {
            "people": queries.people_of(network),
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
        Invitation.objects.select_related("network", "practice"), token=token
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
    from .models import User

    if User.objects.filter(email=invitation.email).exists():
        messages.info(request, f"Sign in as {invitation.email} to accept your invitation.")
        return redirect(f"{reverse('core:sign_in')}?next={request.path}")
    form = AcceptInvitationForm(
        data=request.POST or None, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        user = actions.sign_up_and_accept(invitation=invitation, **form.cleaned_data)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        choose_network(request, invitation.network)
        messages.info(request, f"Welcome to {invitation.network.name}.")
        return redirect("home:overview")
    context["form"] = form
    return render(request, "core/invitation_sign_up.jinja", context)


HISTORY_LENGTH = 500  # entries on one page, newest first


@network_page
def history(request):
    require(request.user, "core.view_history", request.network)
    reader = audit.Reader(request.user, request.network)
    entries = reader.entries(queries.network_history(request.network), HISTORY_LENGTH)
    return render(
        request,
        "core/history.jinja",
        {"entries": entries, "page_title": "History", "nav": "history", "record": None},
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
    entries = audit.Reader(request.user, request.network).entries(everything, HISTORY_LENGTH)
    if not entries:
        # A record they may not see (someone's pay, a concern): refused, as its own page is.
        raise PermissionDenied
    return render(
        request,
        "core/history.jinja",
        {
            "entries": entries,
            "record": first.target_label,
            "page_title": f"History of {first.target_label}",
            "nav": "history",
        },
    )
