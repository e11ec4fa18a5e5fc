"""A district page's resource rows are made in Python (render/resource_table.py), not in
district.md.j2: for every shape of a resource (each optional part there or not, URLs allowed
or refused, hostile text in every field) they are byte for byte what the template's loop
made, which escaped every value (the loop is kept here as the reference); so are a
municipality page's lists."""

from __future__ import annotations

import itertools

import pytest
from markupsafe import Markup, escape

from generator.model.freshness import Freshness
from generator.model.model import Contact, Location, Resource, Schedule, Term
from generator.render.env import environment
from generator.render.resource_table import _text, resource_list, resource_rows

# district.md.j2's table body before it moved to resource_table.py (with its whitespace control)
REFERENCE = (
    '{% for group in groups %}\n'
    '<tbody class="atlas-resource-group">\n'
    '<tr class="atlas-group-head"><th colspan="6" scope="rowgroup"><h3 id="cat-{{ group.term.id }}">'
    '{{ group.term.label }}（{{ group.resources|length }} 件）</h3></th></tr>\n'
    '{% for r in group.resources %}\n'
    '<tr id="r-{{ r.id }}" class="atlas-resource">\n'
    '<th scope="row">{{ r.name }}{% if r.service_type %}<br><small>{{ r.service_type.label }}</small'
    '>{% endif %}{% if r.description %}<br><small>{{ r.description }}</small>{% endif %}</th>\n'
    '<td>{{ r.target_states|labels }}</td>\n'
    '<td>{{ r.activity_types|labels }}{% if r.operator_type %}<br><small>運営：{{ r.operator_type.label'
    ' }}</small>{% endif %}{% if r.source_fields %}<details class="atlas-source-fields"><summary>元の一'
    '覧の項目（{{ r.source_fields|length }}）</summary><dl>{% for label, value in r.source_fields %}<dt>{{'
    ' label }}</dt><dd>{{ value }}</dd>{% endfor %}</dl></details>{% endif %}</td>\n'
    '<td>{% if r.schedule %}{% if r.schedule.rules %}{% for rule in r.schedule.rules %}{{ rule|sched'
    'ule_ja }}{% if not loop.last %}<br>{% endif %}{% endfor %}{% else %}{{ r.schedule.text }}{% end'
    'if %}{% if r.schedule.notes %}<br><small>{{ r.schedule.notes }}</small>{% endif %}{% endif %}{%'
    ' if bring[r.id] %}<br><small class="atlas-bring">持ち物：{{ bring[r.id] }}</small>{% endif %}</td>\n'
    '<td>{{ r.address }}{% if r.location and r.location.precision == "hidden" %}<br><small>位置は公開していま'
    'せん</small>{% elif r.location and r.location.precision == "approximate" %}<br><small>地図はおおよその位置<'
    '/small>{% endif %}{% if r.contact %}<br>{{ r.contact.organisation }}{% if r.contact.phone %} <a'
    ' href="{{ ("tel:" ~ r.contact.phone)|safe_url }}">{{ r.contact.phone }}</a>{% endif %}{% if r.c'
    'ontact.email %} <a href="{{ ("mailto:" ~ r.contact.email)|safe_url }}">{{ r.contact.email }}</a'
    '>{% endif %}{% endif %}{% if r.url|safe_url %}<br><a href="{{ r.url|safe_url }}" rel="nofollow '
    'noopener">ウェブサイト</a>{% endif %}</td>\n'
    '<td>{% if r.last_verified %}{{ r.last_verified|date_ja }}{% else %}<span class="atlas-unknown-d'
    'ate">確認日不明</span>{% endif %}<br><a class="atlas-report-link" href="{{ reports[r.id] }}"{% if re'
    'ports[r.id] != "#report" %} rel="nofollow"{% endif %}>誤りを知らせる</a>{% if r.id in fresh.stale_ids '
    '%}<br><strong class="atlas-stale">要確認（{{ fresh.months }}か月以上前）</strong>{% endif %}</td>\n'
    '</tr>\n'
    '{% endfor %}\n'
    '</tbody>\n'
    '{% endfor %}\n'
)

X = "<script>__x(1)</script>&amp;\"'{{ 7*7 }}"  # in every text field
CAT = Term("cat<1>", f"種類{X}")
STATE = Term("s1", f"元気{X}")
RULE = {"freq": "monthly", "byday": ["SU"], "bysetpos": [1, -1], "opens": "10:00", "closes": "12:00"}
WEEKLY = {"freq": "weekly", "byday": ["MO", "TH"]}

# each optional part of a resource: its values, the first one absent
PARTS = {
    "service_type": (None, Term("svc", f"通所{X}")),
    "operator_type": (None, Term("op", f"社協{X}")),
    "description": ("", f"説明{X}\n二行目"),
    "source_fields": ((), ((f"持ち物{X}", f"上履き{X}"), ("定員", "10"))),
    "schedule": (None, Schedule(f"毎週{X}"), Schedule("", (RULE, WEEKLY), f"祝日は休み{X}"), Schedule("", (RULE,))),
    "location": (None, Location(35.1, 135.1, "exact"), Location(35.1, 135.1, "approximate"),
                 Location(None, None, "hidden")),
    "contact": (None, Contact(f"会{X}"), Contact(f"会{X}", "0836-00-0000", "a@example.jp"),
                Contact("", "0836\"<>", "a@b\" onclick=x")),
    "url": ("", "https://example.jp/?a=1&b=<2>", "javascript:__x(1)", "http://example.jp/\"x"),
    "last_verified": ("", "2024-04-01", "2024-04"),
    "address": ("", f"山口県下松市{X}"),
}


def _resources() -> list[Resource]:
    """Every value of every part at least once (each part cycles through its values)."""
    longest = max(len(values) for values in PARTS.values())
    out = []
    for n in range(longest * 2):
        kwargs = {part: values[n % len(values)] for part, values in PARTS.items()}
        out.append(Resource(f"r{n}{'<i>' if n == 1 else ''}", f"名前{n}{X}", CAT, [STATE] * (n % 3),
                            [Term("act", f"体操{X}")] * (n % 2), **kwargs))
    return out


@pytest.mark.parametrize(("report", "stale", "bring"), list(itertools.product(
    ("#report", f"https://github.com/o/r/issues/new?title={X}"), ("none", "some"), ("", f"タオル{X}"))))
def test_resource_rows_are_what_the_template_loop_made(report, stale, bring):
    resources = _resources()
    groups = [{"term": CAT, "resources": resources[:5]}, {"term": Term("c2", "二"), "resources": resources[5:]},
              {"term": Term("c3", "空"), "resources": []}]
    reports = {r.id: report for r in resources}
    brings = {r.id: bring if i % 2 else "" for i, r in enumerate(resources)}
    fresh = Freshness(len(resources), frozenset(r.id for r in resources[::3]) if stale == "some" else frozenset(),
                      "2024-04", "2024-04-01", 12)
    expected = environment().from_string(REFERENCE).render(groups=groups, reports=reports, bring=brings, fresh=fresh)
    made = resource_rows(groups, reports, brings, fresh)
    assert made == expected
    assert "<script>" not in made and "javascript:" not in made  # what the reference escapes or refuses
    assert made.count("&lt;script&gt;") >= len(resources)


def test_no_groups_no_rows():
    assert resource_rows([], {}, {}, Freshness(0, frozenset(), "", "", 12)) == ""


# municipality.md.j2's list of a district's resources before it moved to resource_table.py
LIST_REFERENCE = (
    '{% for r in resources %}<li><a href="../{{ d.id }}/#r-{{ r.id }}">{{ r.name }}</a>'
    "（{{ r.category.label }}・{{ r.target_states|labels }}）</li>\n{% endfor %}\n"
)


@pytest.mark.parametrize("count", [0, 1, 5])
def test_a_municipality_pages_list_is_what_the_template_loop_made(count):
    district = type("D", (), {"id": f"d{X}"})()
    resources = _resources()[:count]
    expected = environment().from_string(LIST_REFERENCE).render(d=district, resources=resources)
    assert resource_list(district, resources) == expected


@pytest.mark.parametrize("value", ["", "plain 日本語", X, "&&<<>>\"\"''", "&amp;", "\ud800x", 12, None,
                                   Markup("<b>kept</b>")])
def test_text_is_what_autoescape_writes(value):
    assert _text(value) == str(escape(value))
