"""Pages for security keys: adding one to your account, taking one off, and the options a
browser needs to ask a key (at set-up, and at sign-in after a right password).

The browser's part is pcn/static/app/security_key.js: it asks here for options, lets the key
answer, and sends the answer with the page's form, so what is refused is shown like any other
form's refusal."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import recent_sign_in, security_keys
from .client_address import client_address
from .refusals import ActionRefused, show_on
from .two_factor_views import key_did_not_answer, pending_user, show_codes


class KeyNameForm(forms.Form):
    name = forms.CharField(
        label="Name this key",
        max_length=security_keys.NAME_LENGTH,
        strip=True,
        help_text="So you can tell your keys apart, for example 'Blue key on my lanyard'.",
        error_messages={
            "required": "Give the key a name, such as 'Blue key on my lanyard'.",
            "max_length": f"Keep the name to {security_keys.NAME_LENGTH} characters or fewer.",
        },
    )


@login_required
@never_cache
@recent_sign_in.required
def add(request):
    form = KeyNameForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        answer = request.POST.get("answer", "")
        if not answer:
            form.add_error(None, key_did_not_answer(request.POST.get("problem")))
        else:
            try:
                codes = security_keys.finish_adding(
                    request, name=form.cleaned_data["name"], answer=answer
                )
            except ActionRefused as refusal:
                show_on(form, refusal)
            else:
                if codes:  # the first second factor: its recovery codes, shown once
                    return show_codes(request, codes, "Two-factor sign-in is on")
                messages.info(request, f"Your security key '{form.cleaned_data['name']}' is added.")
                return redirect("core:account")
    return render(
        request,
        "core/security_key_add.jinja",
        {
            "form": form,
            "usable": security_keys.usable_at(request),
            "page_title": "Add a security key",
        },
    )


@login_required
@require_POST
@never_cache
@recent_sign_in.required
def options_to_add(request):
    if not security_keys.usable_at(request):
        return JsonResponse({"detail": "Security keys need an address with a name."}, status=400)
    return JsonResponse(security_keys.begin_adding(request))


@require_POST
@never_cache
def options_to_sign_in(request):
    """Only for a session whose password was right: it names the person's keys."""
    user = pending_user(request)
    if user is None or not security_keys.keys_of(user):
        return JsonResponse({"detail": "Sign in with your password first."}, status=400)
    return JsonResponse(security_keys.begin_sign_in(request, user))


@login_required
@require_POST
@recent_sign_in.required
def remove(request, key_id):
    # A person's own keys only: anyone else's is not found, like their NHS identities.
    key = get_object_or_404(security_keys.own_keys(request.user), pk=key_id)
    try:
        key_still_on = security_keys.remove(
            key=key, by=request.user, address=client_address(request)
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("core:account")
    messages.info(
        request,
        "The security key is removed."
        if key_still_on
        else "The security key is removed. It was your last second factor, so two-factor "
        "sign-in is off and your recovery codes no longer work.",
    )
    return redirect("core:account")
