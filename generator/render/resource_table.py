"""The rows of a district page's resource table (「資源の一覧」), and a municipality page's list
of each district's resources, as HTML made here rather than in district.md.j2 and
municipality.md.j2: the table is most of a page's template work (~30 expressions a resource, each
an attribute lookup and an escape in Jinja's runtime; at national size 136,000 rows, about
2.4 s of the workers' time), and the same HTML comes out of plain Python at a third of that.

Escaping is as the autoescaped template's: every value that is not our own literal text is
escaped as markupsafe.escape does (what `{{ value }}` does: `_text`), URLs through
env.safe_url first. Cells are plain str while made (Markup + text would escape our own tags);
the result is Markup, so the template writes it as it is."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model.freshness import Freshness
from ..model.model import District, Resource
from ..model.schedule import schedule_ja
from .env import date_ja, labels, safe_url


def _text(value) -> str:
    """`value` as HTML text, what markupsafe.escape makes of it (an autoescaped `{{ value }}`):
    the model's plain strings without a Markup made for each (a third of the time)."""
    if type(value) is not str:
        return str(escape(value))
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace(
        "'", "&#39;")


def _name(r: Resource) -> str:
    cell = _text(r.name)
    if r.service_type:
        cell += f"<br><small>{_text(r.service_type.label)}</small>"
    if r.description:
        cell += f"<br><small>{_text(r.description)}</small>"
    return cell


def _activities(r: Resource) -> str:
    cell = _text(labels(r.activity_types))
    if r.operator_type:
        cell += f"<br><small>運営：{_text(r.operator_type.label)}</small>"
    if r.source_fields:
        fields = "".join(f"<dt>{_text(label)}</dt><dd>{_text(value)}</dd>" for label, value in r.source_fields)
        cell += (f'<details class="atlas-source-fields"><summary>元の一覧の項目（{len(r.source_fields)}）</summary>'
                 f"<dl>{fields}</dl></details>")
    return cell


def _when(r: Resource, bring: str) -> str:
    cell = ""
    if r.schedule:
        if r.schedule.rules:
            cell = "<br>".join(_text(schedule_ja(rule)) for rule in r.schedule.rules)
        else:
            cell = _text(r.schedule.text)
        if r.schedule.notes:
            cell += f"<br><small>{_text(r.schedule.notes)}</small>"
    if bring:
        cell += f'<br><small class="atlas-bring">持ち物：{_text(bring)}</small>'
    return cell


def _where(r: Resource) -> str:
    cell = _text(r.address)
    if r.location and r.location.precision == "hidden":
        cell += "<br><small>位置は公開していません</small>"
    elif r.location and r.location.precision == "approximate":
        cell += "<br><small>地図はおおよその位置</small>"
    c = r.contact
    if c:
        cell += f"<br>{_text(c.organisation)}"
        if c.phone:
            cell += f' <a href="{_text(safe_url("tel:" + c.phone))}">{_text(c.phone)}</a>'
        if c.email:
            cell += f' <a href="{_text(safe_url("mailto:" + c.email))}">{_text(c.email)}</a>'
    url = safe_url(r.url)
    if url:
        cell += f'<br><a href="{_text(url)}" rel="nofollow noopener">ウェブサイト</a>'
    return cell


def _checked(r: Resource, report: str, fresh: Freshness) -> str:
    cell = _text(date_ja(r.last_verified)) if r.last_verified else '<span class="atlas-unknown-date">確認日不明</span>'
    follow = ' rel="nofollow"' if report != "#report" else ""
    cell += f'<br><a class="atlas-report-link" href="{_text(report)}"{follow}>誤りを知らせる</a>'
    if r.id in fresh.stale_ids:
        cell += f'<br><strong class="atlas-stale">要確認（{_text(fresh.months)}か月以上前）</strong>'
    return cell


def resource_rows(groups: list[dict], reports: dict[str, str], bring: dict[str, str], fresh: Freshness) -> Markup:
    """The table's bodies, one a category: `groups` [{"term", "resources"}] in page order;
    `reports` and `bring` by resource id (the report link, what to bring); `fresh` the
    district's freshness (which resources are stale)."""
    out = []
    for group in groups:
        term, resources = group["term"], group["resources"]
        out.append(f'<tbody class="atlas-resource-group">\n<tr class="atlas-group-head"><th colspan="6" '
                   f'scope="rowgroup"><h3 id="cat-{_text(term.id)}">{_text(term.label)}（{len(resources)} 件）'
                   f"</h3></th></tr>\n")
        for r in resources:
            out.append(f'<tr id="r-{_text(r.id)}" class="atlas-resource">\n<th scope="row">{_name(r)}</th>\n'
                       f"<td>{_text(labels(r.target_states))}</td>\n<td>{_activities(r)}</td>\n"
                       f"<td>{_when(r, bring[r.id])}</td>\n<td>{_where(r)}</td>\n"
                       f"<td>{_checked(r, reports[r.id], fresh)}</td>\n</tr>\n")
        out.append("</tbody>\n")
    return Markup("".join(out))


def resource_list(d: District, resources: list[Resource]) -> Markup:
    """A municipality page's items for district `d`'s `resources` (in list order): each one's
    link into the district's page, its category and target states."""
    page = f"../{_text(d.id)}/#r-"
    return Markup("".join(f'<li><a href="{page}{_text(r.id)}">{_text(r.name)}</a>（{_text(r.category.label)}・'
                          f"{_text(labels(r.target_states))}）</li>\n" for r in resources))
