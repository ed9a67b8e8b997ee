"""Calling the API as a user of the demo: a fresh personal token, sent as a bearer."""

from django.test import Client

from pcn.core import actions


def api_get(user, path, **query):
    """GET /api/<path> as `user` (None: without a token)."""
    headers = {}
    if user is not None:
        _, raw = actions.create_api_token(user=user, name="test", by=user)
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return Client().get(f"/api/{path}", query, **headers)


def every_item(user, path, **query):
    """Every item of a paged list, page after page."""
    items, page = [], 1
    while True:
        body = api_get(user, path, page=page, page_size=500, **query).json()
        items += body["items"]
        if page >= body["pages"]:
            return items
        page += 1
