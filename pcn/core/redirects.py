"""Where to send someone next when the address comes from the request (`next`, a form's back
link). Only a page of this site is followed: anything else (another host, `//host`, `/\\host`,
`javascript:`, plain http from an https page) falls back to the default."""

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, candidate, default):
    """`candidate` if it is a page of this site, else `default` (a URL or URL name)."""
    # A path, not a bare word: redirect() would read "0" as the name of a view.
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return resolve_url(default) if default else ""
