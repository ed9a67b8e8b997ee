"""The private calendar address, as the person sees it once on the page that makes it."""

import re

from django.urls import reverse


def new_calendar_token(client, url=None):
    """Makes a new calendar address as `client`'s person; returns the token in it."""
    response = client.post(url or reverse("rota:renew_feed"))
    assert response.status_code == 200, response.status_code
    found = re.search(
        r'data-testid="calendar-address">https?://[^<]*/rota/calendar/([^<]+)\.ics<',
        response.content.decode(),
    )
    assert found, "the page shows the new address"
    return found.group(1)
