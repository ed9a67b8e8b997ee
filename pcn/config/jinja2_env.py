"""The Jinja2 environment: NHS.UK frontend macros plus the few helpers our templates need."""

from decimal import Decimal

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from pcn.core.names import display_name


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def thousands(value):
    """12345 -> "12,345"; None -> "Unknown" (we never show a guess as a figure)."""
    if value is None or value == "":
        return "Unknown"
    if isinstance(value, Decimal | float):
        return f"{value:,.2f}"
    return f"{value:,}"


def percent(value, places=1):
    if value is None:
        return "Unknown"
    return f"{value:.{places}f}%"


def number(value, places=2):
    """Sessions and other counts: 2 -> "2", 2.5 -> "2.5", 5.1149 -> "5.11", 12443 -> "12,443";
    None -> "Unknown"."""
    if value is None:
        return "Unknown"
    text = f"{float(value):,.{places}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def plural(value, singular, plural=None, count=True):
    """A count with its noun: 1 -> "1 session", 2 -> "2 sessions"; plural("person", "people") for an
    irregular plural. count=False gives the word alone, as after a count set in bold, or to agree a
    verb ("has"/"have"). A count that is not a whole number is plural ("1.5 sessions")."""
    if value is None:
        return "Unknown" if count else (plural or singular + "s")
    word = singular if value == 1 else (plural or singular + "s")
    if not count:
        return word
    shown = str(value) if isinstance(value, int) else number(value)
    return f"{shown} {word}"


def uk_date(value):
    if not value:
        return ""
    return f"{value.day} {value:%B %Y}"


def uk_datetime(value):
    if not value:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def day_date(value):
    """ "Mon 7 Dec 2026": a date (or a moment, in London) as people say it."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        from django.utils import timezone

        value = timezone.localtime(value)
    return f"{value:%a} {value.day} {value:%b %Y}"


def source_links(text):
    from pcn.reference.source_keys import source_links as links

    return links(text)


def session_name(session):
    from pcn.networks.week import session_name as name

    return name(session)


def environment(**options):
    # Our own templates first, then the NHS.UK frontend package's.
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    options["undefined"] = ChainableUndefined  # the NHS macros read params.a.b freely
    options.setdefault("autoescape", True)
    env = Environment(**options)  # noqa: S701 (autoescape is on)
    env.globals.update(
        url=url,
        static=static,
        get_messages=get_messages,
        service_name="PCN Commons",
    )
    env.filters.update(
        display_name=display_name,
        thousands=thousands,
        percent=percent,
        number=number,
        plural=plural,
        uk_date=uk_date,
        uk_datetime=uk_datetime,
        day_date=day_date,
        source_links=source_links,
        session_name=session_name,
    )
    return env
