"""The rates that count for a network in a year: its own entry over the published figure."""

from dataclasses import dataclass
from decimal import Decimal

from .models import PaymentRate
from .streams import PUBLISHED, PUBLISHED_YEARS, STREAMS


@dataclass(frozen=True)
class Rate:
    stream: str
    value: Decimal | None
    source: str
    entered: bool  # entered by the network's PCN manager, not published
    ended: bool = False
    estimated: bool = False  # derived from published figures; the source says how

    @property
    def known(self):
        return self.value is not None


def published_rates(year):
    published = PUBLISHED.get(year, {})
    rates = {}
    for stream in STREAMS:
        figure = published.get(stream.key)
        if figure is None:
            rates[stream.key] = Rate(stream.key, None, "No published rate for this year", False)
        else:
            rates[stream.key] = Rate(
                stream.key,
                figure.value,
                figure.source,
                False,
                ended=figure.ended,
                estimated=figure.estimated,
            )
    return rates


def rates_for(network, year, entered=None):
    """{stream key: Rate} for one year. `entered`: the network's PaymentRate rows, if already
    fetched (the benchmark passes an empty list)."""
    rates = published_rates(year)
    if entered is None:
        entered = PaymentRate.objects.filter(network=network, year=year) if network else []
    for row in entered:
        if row.year == year:
            rates[row.stream] = Rate(row.stream, row.value, row.source, True)
    return rates


def years_for(network):
    """Every year with published or entered rates, oldest first."""
    entered = set(PaymentRate.objects.filter(network=network).values_list("year", flat=True))
    return sorted(set(PUBLISHED_YEARS) | entered)


def show_rate(value):
    """A rate as it is written: £26.631, £120.00."""
    if value is None:
        return "Unknown"
    value = Decimal(value).normalize()
    places = max(2, -value.as_tuple().exponent)
    return f"£{value:,.{places}f}"
