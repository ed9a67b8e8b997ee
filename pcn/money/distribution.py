"""How a stream's income is shared out to the practices: the rule, its weights, the split."""

from decimal import Decimal, InvalidOperation

from pcn.networks.populations import network_populations

from .exact import distribute
from .models import DistributionBasis, DistributionRule
from .streams import STREAM_BY_KEY

# With no rule agreed, a stream is shared on the population it is paid on.
DEFAULT_BASIS = {
    "registered": DistributionBasis.REGISTERED,
    "adjusted": DistributionBasis.ADJUSTED,
    "weighted": DistributionBasis.WEIGHTED,
    "beds": DistributionBasis.EQUAL,
}
HUNDRED = Decimal(100)


def rule_for(network, stream):
    rule = DistributionRule.objects.filter(network=network, stream=stream).first()
    if rule:
        return rule
    return DistributionRule(
        network=network, stream=stream, basis=DEFAULT_BASIS[STREAM_BY_KEY[stream].basis]
    )


def parse_percentages(raw: dict, practices) -> dict:
    """{ods code: Decimal} from {ods code: text}; ValueError(message, ods code) if a figure is
    not a number, is negative, or they don't add up to exactly 100."""
    found = {}
    for practice in practices:
        text = str(raw.get(practice.ods_code, "")).strip().rstrip("%")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(
                f"Enter a percentage for {practice.name}, like 12.5.", practice.ods_code
            ) from None
        if not value.is_finite() or value < 0:
            raise ValueError(
                f"The percentage for {practice.name} must be 0 or more.", practice.ods_code
            )
        found[practice.ods_code] = value
    total = sum(found.values(), Decimal(0))
    if total != HUNDRED:
        first = practices[0].ods_code if practices else None
        raise ValueError(f"The percentages add up to {total.normalize():f}, not 100.", first)
    return found


def weights_for(network, basis, percentages=None, practices=None, as_at=None):
    """({practice: weight}, note) for a basis; ValueError if a population is missing. With
    `as_at` (the population date of the money's year) the populations at that date."""
    practices = practices if practices is not None else list(network.practices.all())
    if basis == DistributionBasis.EQUAL:
        return {p: Decimal(1) for p in practices}, "equal shares"
    if basis == DistributionBasis.AGREED:
        agreed = percentages or {}
        return (
            {p: Decimal(str(agreed.get(p.ods_code, "0"))) for p in practices},
            "agreed percentages",
        )
    found = network_populations(network, as_at=as_at)
    if not found.complete[basis]:
        why = next(iter(found.problems.get(basis) or []), None)
        raise ValueError(
            f"A practice has no {DistributionBasis(basis).label.lower()} figure, so this stream "
            "can't be shared on it. Enter the figure or choose another rule."
            + (f" ({why}.)" if why else "")
        )
    label = DistributionBasis(basis).label.lower()
    weights = {r.practice: Decimal(r.figures[basis].value) for r in found.rows}
    # A practice not yet a member at the date has no share of that year's money.
    weights.update({p: Decimal(0) for p, _ in found.left_out})
    if practices is not None:
        weights = {p: weights.get(p, Decimal(0)) for p in practices}
    return weights, label


def split(amount, weights):
    """{practice: amount}, to the penny (exact.distribute)."""
    return distribute(amount, weights)
