"""A network's own figure for a role where the catalogue has none, or corrects one."""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from pcn.core import audit
from pcn.core.actions import ActionRefused

from ..catalogue import FIGURES
from ..models import NetworkRoleFigure


@transaction.atomic
def set_role_figure(*, network, role, field, value, source, by):
    if field not in FIGURES:
        raise ActionRefused("That is not a figure of the role catalogue.", field="field")
    try:
        amount = Decimal(str(value).replace(",", "").replace("£", "").strip())
    except InvalidOperation:
        raise ActionRefused("Enter the figure as a number, like 45000.", field="value") from None
    if not amount.is_finite() or amount <= 0:
        raise ActionRefused("The figure must be more than 0.", field="value")
    if field == "supervision_every_days" and amount != amount.to_integral_value():
        raise ActionRefused("Enter a whole number of days.", field="value")
    if amount >= Decimal("10000000"):
        raise ActionRefused("The figure is too large for a role's maximum.", field="value")
    source = source.strip()
    if not source:
        raise ActionRefused(
            "Say where the figure comes from, for example a letter from the ICB.", field="source"
        )
    existing = NetworkRoleFigure.objects.filter(network=network, role=role, field=field).first()
    before = {"value": str(existing.value), "source": existing.source} if existing else {}
    figure, _ = NetworkRoleFigure.objects.update_or_create(
        network=network,
        role=role,
        field=field,
        defaults={"value": amount.quantize(Decimal("0.01")), "source": source},
    )
    audit.record(
        by=by,
        action="workforce.set_role_figure",
        target=figure,
        network=network,
        label=f"{FIGURES[field]} for {role}",
        before=before,
        after={"value": str(figure.value), "source": source},
    )
    return figure
