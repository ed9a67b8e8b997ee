"""One current network per session: every network page reads from `request.network`."""

from pcn.networks.models import Network

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
    members_of = Network.objects.of_member(user)
    if network_id is not None:
        network = members_of.filter(pk=network_id).first()
        if network:
            return network
    # No choice made yet (or no longer a member): a user of exactly one network gets it.
    only = list(members_of[:2])
    if len(only) == 1:
        request.session[SESSION_KEY] = only[0].pk
        return only[0]
    request.session.pop(SESSION_KEY, None)
    return None


def choose_network(request, network):
    request.session[SESSION_KEY] = network.pk
    request.network = network
