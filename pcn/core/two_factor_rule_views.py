"""The People page's form that turns the network's two-factor rule on or off, and the page a
person confined by the rule is sent to (two_factor_confinement.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import two_factor_rule
from .decorators import network_page, require
from .two_factor import has_two_factor


@network_page
@require_POST
def set_rule(request):
    network = request.network
    require(request.user, "core.manage_members", network)
    required = request.POST.get("required") == "on"
    changed = two_factor_rule.set_required(network=network, required=required, by=request.user)
    messages.info(request, _told(network, required, changed, request.user))
    return redirect(reverse("core:members") + "#two-factor")


def _told(network, required, changed, user):
    if not changed:
        already = "already" if required else "not"
        return f"Nothing changed: two-factor sign-in was {already} required in {network.name}."
    if not required:
        return (
            f"Two-factor sign-in is no longer required in {network.name}. Those who set it up "
            "keep it."
        )
    told = (
        f"Two-factor sign-in is now required in {network.name}. Anyone it applies to who has "
        "not set it up will be asked at their next sign-in; nobody signed in now is interrupted."
    )
    if not has_two_factor(user):
        told += " You have not set it up yourself: you will be asked at your next sign-in."
    return told


@login_required
def required(request):
    """Why the person must set up two-factor before going on. The networks are read again here
    (not on every page): one that stopped requiring it, or a role given up, lets them go."""
    networks = two_factor_rule.requiring_networks(request.user)
    if has_two_factor(request.user) or not networks:
        request.session.pop(two_factor_rule.SESSION_KEY, None)
        return redirect("home:index")
    request.session[two_factor_rule.SESSION_KEY] = networks
    return render(
        request,
        "core/two_factor_required.jinja",
        {
            "networks": networks,
            "has_nhs_identity": request.user.nhs_identities.exists(),
            "page_title": "Set up two-factor sign-in to go on",
        },
    )
