"""View guards. A page of the current network needs a current network; a missing permission
on an object the user can see is a 403, on anything else a 404 (we don't reveal what exists)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect


def network_page(view):
    """Signed in, with a current network (else sent to choose or set one up)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.network is None:
            return redirect("home:index")
        return view(request, *args, **kwargs)

    return wrapper


def require(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise PermissionDenied
