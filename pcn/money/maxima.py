"""Which ARRS maximum per WTE counts for a role on a day: the figure in force then.

A maximum belongs to a role from a date, not to a year: the 2024/25 figures rose on 1 October
2024, and a rise can be backdated. The shipped figures (reference.RoleMaximum, FACTS §1.3) and
the figures a PCN manager entered (NetworkMaximum, e.g. the ICB's) are one timeline per role,
band and pay area; on any day the latest figure from on or before it counts, the network's own
where both start the same day. Nothing later is ever used for an earlier day.
"""

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from pcn.core.years import year_of
from pcn.reference.models import RoleMaximum
from pcn.workforce.models import PayArea

from .models import NetworkMaximum

AREA_NAMES = dict(PayArea.choices)


@dataclass(frozen=True)
class Maximum:
    value: Decimal | None  # per WTE a year; None: unknown
    valid_from: date | None
    pay_area: str
    estimated: bool  # derived from other figures, not quoted by a source
    method: str  # how it was derived, or what the figure is
    source: str
    by_network: bool  # entered by the PCN manager
    note: str = ""  # said beside any figure used: carried forward, estimate, unknown

    @property
    def known(self):
        return self.value is not None

    @property
    def carried_forward(self):
        return self.note.startswith("the latest held")


def band_key(band: str) -> str:
    """ "Band 7", "7 " and "8A" → "7", "7", "8a"; an empty band stays empty."""
    text = re.sub(r"(?i)^\s*band\s*", "", band or "").strip().lower()
    return text


def _day(value):
    return f"{value.day} {value:%b %Y}"


class Maxima:
    """Every shipped maximum and the network's own, fetched once (two small queries)."""

    def __init__(self, network=None):
        self.shipped = {}
        for row in RoleMaximum.objects.all():
            self.shipped.setdefault((row.role_code, row.band), []).append(row)
        self.banded = {code for code, band in self.shipped if band}
        self.entered = {}
        if network is not None and getattr(network, "pk", None):
            for row in NetworkMaximum.objects.filter(network=network):
                key = (row.role_code, row.band, row.pay_area)
                self.entered.setdefault(key, []).append(row)

    def on(self, role_code, day, pay_area=PayArea.NATIONAL, band="") -> Maximum:
        band = band_key(band) if role_code in self.banded else ""
        area = pay_area or PayArea.NATIONAL
        if role_code in self.banded and not band:
            return self._unknown(area, "unknown: the maximum depends on the post's band; enter it")
        shipped = [r for r in self.shipped.get((role_code, band), []) if r.valid_from <= day]
        entered = [r for r in self.entered.get((role_code, band, area), []) if r.valid_from <= day]
        latest_shipped = max(shipped, key=lambda r: r.valid_from, default=None)
        latest_entered = max(entered, key=lambda r: r.valid_from, default=None)
        if latest_entered and (
            latest_shipped is None or latest_entered.valid_from >= latest_shipped.valid_from
        ):
            return self._labelled(
                Maximum(
                    latest_entered.value,
                    latest_entered.valid_from,
                    area,
                    False,
                    "entered by the PCN manager",
                    latest_entered.source,
                    True,
                ),
                day,
            )
        if latest_shipped is None:
            return self._unknown(area, f"unknown: no maximum from on or before {_day(day)}")
        value = getattr(latest_shipped, f"max_{area}")
        if value is None:
            return self._unknown(
                area,
                f"unknown: no {AREA_NAMES[area].lower()} figure from "
                f"{_day(latest_shipped.valid_from)}; enter the ICB's",
                latest_shipped.valid_from,
            )
        return self._labelled(
            Maximum(
                value,
                latest_shipped.valid_from,
                area,
                area in latest_shipped.estimated.split(),
                latest_shipped.method,
                latest_shipped.sources,
                False,
            ),
            day,
        )

    @staticmethod
    def _unknown(area, note, valid_from=None):
        return Maximum(None, valid_from, area, False, "", "", False, note)

    @staticmethod
    def _labelled(maximum, day):
        notes = []
        if year_of(maximum.valid_from) != year_of(day):
            notes.append(
                f"the latest held, from {_day(maximum.valid_from)} ({year_of(day)}'s not yet known)"
            )
        if maximum.estimated:
            # The working is long: the maxima page and `method` carry it.
            notes.append("an estimated maximum (how it is worked out: see Maxima)")
        return replace(maximum, note="; ".join(notes))

    def changes_in(self, role_code, first, last, pay_area=PayArea.NATIONAL, band=""):
        """The dates within [first, last] on which this role's figure changes."""
        band = band_key(band) if role_code in self.banded else ""
        days = {r.valid_from for r in self.shipped.get((role_code, band), [])}
        days |= {r.valid_from for r in self.entered.get((role_code, band, pay_area), [])}
        return sorted(d for d in days if first <= d <= last)
