"""The ARRS role catalogue as the register reads it."""

from pcn.reference.models import ArrsRole


def role_names():
    """{role code: name}, the name from the latest year that has the role."""
    return dict(ArrsRole.objects.order_by("year").values_list("code", "name"))
