"""The History pages' reads: the entries a viewer may read, narrowed by the filters in the query
string (who, what kind, from and to) and cut into pages. The permission filter comes first, so
the filters, the count and the pages only ever see what the viewer may read."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.utils import timezone

from . import audit
from .fields import DateField
from .history_words import told

PER_PAGE = 50

# Each app's entries are one kind of change, named as the menu names its pages.
KINDS = {
    "workforce": "Staff, teams and leave",
    "rota": "Rota",
    "money": "Money",
    "allocation": "Allocation of services",
    "coordination": "Coordination and meetings",
    "networks": "The network and its practices",
    "core": "People and sign-in",
}


class Filters(forms.Form):
    who = forms.ChoiceField(
        label="Who made the change",
        required=False,
        error_messages={"invalid_choice": "Who made the change: choose someone from the list."},
    )
    kind = forms.ChoiceField(
        label="What changed",
        required=False,
        error_messages={"invalid_choice": "What changed: choose a kind of change from the list."},
    )
    start = DateField(
        label="From",
        required=False,
        help_text="For example, 1 11 2026",
        error_messages={"incomplete": "From must include a day, month and year."},
    )
    end = DateField(
        label="To",
        required=False,
        help_text="For example, 30 11 2026",
        error_messages={"incomplete": "To must include a day, month and year."},
    )

    def __init__(self, data, *, people, kinds):
        super().__init__(data)
        self.fields["who"].choices = [("", "Anyone"), *people]
        self.fields["kind"].choices = [("", "Any kind of change"), *kinds]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "To must be the same as or after From.")
        return data

    @property
    def active(self):
        return self.is_bound and any(self.cleaned_data.get(f) for f in self.fields)


@dataclass
class HistoryPage:
    entries: list  # history_words.Told, newest first
    page: object  # django.core.paginator.Page, or None when the filters are wrong
    form: Filters | None
    pagination: dict  # the NHS pagination component's parameters, or {} for one page


def readable(reader, queryset):
    """`queryset` narrowed, in the database, to the entries `reader` may read: by action, then
    leaving out entries of an action with fields guarded by a permission the reader lacks
    whose every change is such a field."""
    actions = reader.actions()
    rows = queryset.filter(action__in=actions)
    partly = [
        action
        for action in actions
        if any(not reader.may(p) for p in audit.guard_of(action).fields.values())
    ]
    if partly:
        hidden = [
            entry.pk
            for entry in rows.filter(action__in=partly)
            .select_related(None)
            .only("pk", "action", "before", "after")
            if reader.read(entry) is None
        ]
        rows = rows.exclude(pk__in=hidden)
    return rows


def page_of(reader, queryset, params, *, with_filters=True):
    """The page of readable entries that `params` (the query string) asks for."""
    rows = readable(reader, queryset)
    form = None
    if with_filters:
        form = Filters(
            params if _filtering(params) else None,
            people=_people(reader, rows),
            kinds=[(k, name) for k, name in KINDS.items() if _kind_readable(reader, k)],
        )
        if form.is_bound:
            if not form.is_valid():
                return HistoryPage([], None, form, {})
            rows = _filtered(rows, form.cleaned_data)
    page = Paginator(rows.select_related("actor"), PER_PAGE).get_page(params.get("page"))
    entries = [told(v) for v in map(reader.read, page.object_list) if v is not None]
    return HistoryPage(entries, page, form, _pagination(page, params))


FILTER_NAMES = [
    "who",
    "kind",
    *(f"{d}_{p}" for d in ("start", "end") for p in ("day", "month", "year")),
]


def _filtering(params):
    return any(params.get(name) for name in FILTER_NAMES)


def _people(reader, rows):
    """Everyone who made a change the reader may read, by name: never the person behind an
    anonymous entry."""
    anonymous = [a for a, guard in audit.guarded_actions().items() if guard.anonymous]
    ids = rows.exclude(action__in=anonymous).exclude(actor=None).values("actor_id")
    people = get_user_model().objects.filter(pk__in=ids).only("pk", "full_name", "email")
    named = sorted(((p.full_name or p.email), str(p.pk)) for p in people)
    return [(pk, name) for name, pk in named]


def _kind_readable(reader, kind):
    return any(action.startswith(f"{kind}.") for action in reader.actions())


def _filtered(rows, data):
    if data.get("who"):
        anonymous = [a for a, guard in audit.guarded_actions().items() if guard.anonymous]
        rows = rows.filter(actor_id=data["who"]).exclude(action__in=anonymous)
    if data.get("kind"):
        rows = rows.filter(action__startswith=f"{data['kind']}.")
    if data.get("start"):
        rows = rows.filter(at__gte=_midnight(data["start"]))
    if data.get("end"):
        rows = rows.filter(at__lt=_midnight(data["end"] + timedelta(days=1)))
    return rows


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _pagination(page, params):
    """Previous, next and numbered links that keep the filters; the first, the last and the
    pages beside this one are numbered, the rest are an ellipsis."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return {}

    def href(number):
        query = {name: params[name] for name in FILTER_NAMES if params.get(name)}
        return "?" + urlencode({**query, "page": number})

    items, last = [], 0
    for number in paginator.page_range:
        if number in (1, paginator.num_pages) or abs(number - page.number) <= 1:
            if number - last > 1:
                items.append({"ellipsis": True})
            items.append({"number": number, "href": href(number), "current": number == page.number})
            last = number
    pagination = {"items": items, "ariaLabel": "Pages of history"}
    if page.has_previous():
        pagination["previous"] = {"href": href(page.previous_page_number())}
    if page.has_next():
        pagination["next"] = {"href": href(page.next_page_number())}
    return pagination
