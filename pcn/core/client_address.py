"""The address a request came from, as sign-in throttling counts it and the audit records it.

Behind a proxy every request arrives from the proxy's own address, so counting REMOTE_ADDR would
let five wrong passwords from anywhere lock a person out everywhere. Each trusted proxy appends
the address it saw to X-Forwarded-For; only those right-most entries are theirs, and anything
to their left came from the client and may be forged."""

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or, with TRUSTED_PROXIES in front (production), the address the outermost
    of them saw."""
    proxies = settings.TRUSTED_PROXIES
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
