"""Pages for two-factor sign-in: setting up an authenticator app, recovery codes, and the
code or security key asked for after a right password."""

import time

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import actions, recent_sign_in, security_keys, two_factor
from .client_address import client_address
from .models import User
from .redirects import safe_next
from .refusals import attempt
from .views import locked_out

PENDING = "two_factor_sign_in"  # {"user", "next", "at"}: a right password, waiting for a code
PENDING_SECONDS = 600  # ten minutes to enter the code


class CodeForm(forms.Form):
    code = forms.CharField(label="Code", max_length=16, strip=True)


class KeyAnswerForm(forms.Form):
    """What the page's script sends from a security key: its answer, or why there is none."""

    answer = forms.CharField(required=False, max_length=security_keys.ANSWER_LENGTH)
    problem = forms.CharField(required=False, max_length=100)


def ask_for_code(request, user, next_url):
    """After a right password: the person is not signed in until they give a code."""
    request.session[PENDING] = {"user": user.pk, "next": next_url, "at": time.time()}
    return redirect("core:sign_in_code")


def pending_user(request):
    """The person whose password was right in this session, while they may still give a code."""
    pending = request.session.get(PENDING) or {}
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    if user is None or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return user


@never_cache
def sign_in_code(request):
    pending = request.session.get(PENDING) or {}
    user = pending_user(request)
    if user is None:
        request.session.pop(PENDING, None)
        messages.info(request, "Sign in again: the code was not entered within 10 minutes.")
        return redirect("core:sign_in")
    credentials = {"email": user.email}
    if not AxesProxyHandler.is_allowed(request, credentials):
        request.session.pop(PENDING, None)
        return locked_out(request)
    with_key = request.POST.get("with") == "security-key"
    form = CodeForm(data=None if with_key else request.POST or None)
    key_form = KeyAnswerForm(data=request.POST if with_key else None)
    if request.method == "POST" and (key_form.is_valid() if with_key else form.is_valid()):
        if with_key:
            answer = key_form.cleaned_data["answer"]
            device = security_keys.finish_sign_in(request, user, answer)
        else:
            device = two_factor.verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            request.session.pop(PENDING, None)
            return _signed_in(request, user, device, pending.get("next"))
        if with_key and not answer:
            # Cancelled, timed out or no key to hand: nothing was guessed, so nothing counts.
            key_form.add_error(
                None, key_did_not_answer(key_form.cleaned_data["problem"], or_code=True)
            )
        else:
            # A wrong code or key is a failed sign-in, counted by the one throttle.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            blocked = bool(getattr(request, "axes_locked_out", False))
            actions.record_failed_sign_in(
                email=user.email, address=client_address(request), locked_out=blocked
            )
            if blocked:
                request.session.pop(PENDING, None)
                return locked_out(request)
            if with_key:
                key_form.add_error(
                    None,
                    "That security key is not one on your account. Use your own key, or enter a "
                    "code instead.",
                )
            else:
                form.add_error(
                    "code",
                    "That code is not right. Enter the code your app shows now, or a recovery "
                    "code.",
                )
    return render(
        request,
        "core/sign_in_code.jinja",
        {
            "form": form,
            "key_form": key_form,
            "has_app": two_factor.has_app(user),
            "has_key": bool(security_keys.keys_of(user)),
            "keys_usable": security_keys.usable_at(request),
        },
    )


def key_did_not_answer(problem, or_code=False):
    """Why no key's answer came with a form, from what the page's script saw (`problem`)."""
    if problem and problem != "NotSupportedError":
        return "Your security key did not answer: it may have been cancelled or timed out. " + (
            "Try again, or enter a code instead." if or_code else "Try again."
        )
    return (
        "Your browser did not ask your security key. Security keys need JavaScript turned on and "
        "a browser that supports them, such as a recent Microsoft Edge or Google Chrome."
    )


def _signed_in(request, user, device, next_url):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    method = two_factor.method_of(device)
    actions.record_sign_in(user=user, address=client_address(request), with_=method)
    if method == "a recovery code":
        left = two_factor.recovery_codes_left(user)
        messages.info(
            request,
            f"You used a recovery code: {left} left. Make new ones on Your account if you have "
            "lost your authenticator app or security key.",
        )
    return redirect(safe_next(request, next_url, "home:index"))


@login_required
@never_cache  # the key and recovery codes are shown on these pages: no copy in a cache
@recent_sign_in.required
def set_up(request):
    device = two_factor.setting_up(request.user) or two_factor.start_app(user=request.user)
    form = CodeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = attempt(
            form,
            lambda: two_factor.confirm_app(
                user=request.user,
                code=form.cleaned_data["code"],
                by=request.user,
                address=client_address(request),
            ),
        )
        if codes:
            return show_codes(request, codes, "Two-factor sign-in is on")
    return render(
        request,
        "core/two_factor_set_up.jinja",
        {
            "form": form,
            "qr": two_factor.qr_svg(device),
            "secret": two_factor.secret_of(device),
            "replacing": two_factor.has_two_factor(request.user),
            "page_title": "Set up an authenticator app",
        },
    )


def show_codes(request, codes, title):
    return render(
        request,
        "core/two_factor_codes.jinja",
        {"codes": codes, "title": title, "page_title": title},
    )


@login_required
@require_POST
@never_cache
@recent_sign_in.required
def new_recovery_codes(request):
    try:
        codes = two_factor.new_recovery_codes(
            user=request.user, by=request.user, address=client_address(request)
        )
    except actions.ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("core:account")
    return show_codes(request, codes, "Your new recovery codes")


@login_required
@require_POST
@recent_sign_in.required
def remove(request):
    try:
        two_factor.remove(user=request.user, by=request.user, address=client_address(request))
    except actions.ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(request, "Two-factor sign-in is off. You sign in with your password alone.")
    return redirect("core:account")
