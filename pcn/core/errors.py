"""The pages people meet when something is refused or missing or breaks: styled like the rest,
saying what happened and where to go next (pcn/config/urls.py names them as the handlers).

A 403 here is a role that does not include the page (`require` in decorators.py): the page
names the person's role in the current network and who can change it. Nothing is said about
what exists that they cannot see: an object of another network is a 404, never a 403.
"""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from .models import Membership, Role


def forbidden(request, exception=None):
    network = getattr(request, "network", None)
    roles, managers = [], []
    if network is not None and request.user.is_authenticated:
        mine = Membership.objects.filter(user=request.user, network=network)
        roles = [str(m) for m in mine.select_related("practice")]
        managers = [
            m.user for m in network.memberships.filter(role=Role.PCN_MANAGER).select_related("user")
        ]
    return render(
        request,
        "errors/403.jinja",
        {"page_title": "You do not have access to this page", "roles": roles, "managers": managers},
        status=403,
    )


def not_found(request, exception=None):
    return render(request, "errors/404.jinja", {"page_title": "Page not found"}, status=404)


def server_error(request):
    context = {"page_title": "Sorry, there is a problem with the service"}
    template = loader.get_template("errors/500.jinja")
    try:
        return HttpResponseServerError(template.render(context, request))
    except Exception:
        # Whatever broke (the database, most often) may break the page's header too: then
        # the page without the person's menus.
        return HttpResponseServerError(template.render(context))


def csrf_failure(request, reason=""):
    return render(
        request,
        "errors/csrf.jinja",
        {"page_title": "Your form could not be sent"},
        status=403,
    )
