from decimal import Decimal

import pytest
from django.template import engines

from pcn.config.jinja2_env import plural


def render(source, **context):
    return engines["jinja2_backend"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0 sessions"), (1, "1 session"), (2, "2 sessions"), (12, "12 sessions")],
)
def test_plural_puts_the_count_before_the_noun_in_the_right_number(count, shown):
    assert plural(count, "session") == shown


def test_plural_takes_an_irregular_plural():
    assert plural(1, "person", "people") == "1 person"
    assert plural(3, "person", "people") == "3 people"


def test_plural_without_the_count_gives_the_word_alone_to_agree_a_verb():
    assert plural(1, "has", "have", count=False) == "has"
    assert plural(4, "has", "have", count=False) == "have"
    assert plural(0, "day", count=False) == "days"


def test_plural_of_a_part_count_is_plural_and_shows_the_figure_as_a_number():
    assert plural(1.5, "session") == "1.5 sessions"
    assert plural(Decimal("2.50"), "session") == "2.5 sessions"
    assert plural(Decimal("1"), "session") == "1 session"


def test_plural_of_an_unknown_count_says_so():
    assert plural(None, "session") == "Unknown"


def test_templates_reach_plural_as_a_filter():
    source = '{{ n | plural("claim") }}; {{ m | plural("person", "people") }}'
    assert render(source, n=1, m=2) == "1 claim; 2 people"


def test_components_render_a_table_with_caption_headings_and_rows():
    source = (
        '{% import "components.jinja" as c %}'
        '{% call c.table("Claims", ["Month", {"text": "Claimed", "numeric": true}], testid="claims") %}'
        "<tr><td>April</td><td>£1</td></tr>{% endcall %}"
    )
    html = render(source)
    assert 'data-testid="claims"' in html
    assert '<caption class="nhsuk-u-visually-hidden">Claims</caption>' in html
    assert '<th scope="col">Month</th><th scope="col" class="app-numeric">Claimed</th>' in html
    assert "<tr><td>April</td><td>£1</td></tr>" in html


def test_components_escape_text_and_keep_markup_from_a_call_block():
    source = (
        '{% import "components.jinja" as c %}'
        '{% call c.summary_row("Owed") %}<strong>{{ name }}</strong>{% endcall %}'
        '{{ c.tag(name, "green") }}'
    )
    html = render(source, name="<b>")
    assert "<strong>&lt;b&gt;</strong>" in html
    assert '<strong class="nhsuk-tag nhsuk-tag--green">&lt;b&gt;</strong>' in html


def test_session_name_says_each_session_with_its_hours():
    from pcn.networks.week import session_name

    assert [session_name(s) for s in ("AM", "PM", "EVE", "SAT_AM", "SAT_PM")] == [
        "Morning",
        "Afternoon",
        "Evening (18:30–20:00)",
        "Morning (09:00–13:00)",
        "Afternoon (13:00–17:00)",
    ]
