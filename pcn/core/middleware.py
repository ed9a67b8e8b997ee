"""One current network per session: every network page reads from `request.network`."""

from .models import Membership

SESSION_KEY = "current_network_id"


class CurrentNetworkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.network = current_network(request)
        return self.get_response(request)


def current_network(request):
    user = request.user
    if not user.is_authenticated:
        return None
    network_id = request.session.get(SESSION_KEY)
    memberships = Membership.objects.filter(user=user).select_related("network")
    if network_id is not None:
        chosen = memberships.filter(network_id=network_id).first()
        if chosen:
            return chosen.network
    # No choice made yet (or no longer a member): a user of exactly one network gets it.
    networks = {m.network_id: m.network for m in memberships}
    if len(networks) == 1:
        (only,) = networks.values()
        request.session[SESSION_KEY] = only.pk
        return only
    request.session.pop(SESSION_KEY, None)
    return None


def choose_network(request, network):
    request.session[SESSION_KEY] = network.pk
    request.network = network
