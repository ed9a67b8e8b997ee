"""The weekly digest: choosing to get it, and the one-click unsubscribe its emails carry."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from pcn.core.decorators import network_page, require
from pcn.core.models import User
from pcn.networks.models import Network

from .. import actions, digest
from ..models import DigestPreference


@network_page
def my_digest(request):
    network, user = request.network, request.user
    require(user, "coordination.view_coordination", network)
    preference = DigestPreference.objects.filter(user=user, network=network).first()
    subscribed = preference is None or preference.subscribed
    if request.method == "POST":
        subscribed = request.POST.get("subscribed") == "yes"
        actions.announcements.set_digest(user=user, network=network, subscribed=subscribed, by=user)
        messages.info(
            request,
            "You will get the weekly digest." if subscribed else "You will not get the digest.",
        )
        return redirect("coordination:my_digest")
    since = (preference.last_sent_at if preference else None) or timezone.now() - timedelta(days=7)
    return render(
        request,
        "coordination/digest.jinja",
        {
            "sections": digest.sections(user, network, since),
            "since": since,
            "subscribed": subscribed,
            "page_title": "Your weekly digest",
            "nav": "coordination",
        },
    )


# One-click unsubscribe (RFC 8058) posts here from the mail client, with no CSRF token to send.
@csrf_exempt
def unsubscribe(request, token):
    found = digest.read_unsubscribe_token(token)
    if found is None:
        raise Http404("This unsubscribe link is not complete. Copy the whole link from the email.")
    user = User.objects.filter(pk=found[0]).first()
    network = Network.objects.filter(pk=found[1]).first()
    if user is None or network is None:
        raise Http404("This unsubscribe link is for an account or network that no longer exists.")
    done = False
    if request.method == "POST":
        actions.announcements.set_digest(user=user, network=network, subscribed=False, by=user)
        done = True
    return render(
        request,
        "coordination/unsubscribe.jinja",
        {"network": network, "email": user.email, "done": done, "page_title": "Unsubscribe"},
    )
