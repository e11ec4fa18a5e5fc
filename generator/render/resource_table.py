"""The rows of a district page's resource table (「資源の一覧」), as HTML made here rather than in
district.md.j2: the table is most of a page's template work (~30 expressions a resource, each
an attribute lookup and an escape in Jinja's runtime; at national size 136,000 rows, about
2.4 s of the workers' time), and the same HTML comes out of plain Python at a third of that.

Escaping is as the autoescaped template's: every value that is not our own literal text goes
through markupsafe.escape (what `{{ value }}` does), URLs through env.safe_url first. The
result is Markup, so the template writes it as it is."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model.freshness import Freshness
from ..model.model import Resource
from ..model.schedule import schedule_ja
from .env import date_ja, labels, safe_url


def _name(r: Resource) -> str:
    cell = str(escape(r.name))  # str: Markup + text would escape our own tags
    if r.service_type:
        cell += f"<br><small>{escape(r.service_type.label)}</small>"
    if r.description:
        cell += f"<br><small>{escape(r.description)}</small>"
    return cell


def _activities(r: Resource) -> str:
    cell = str(escape(labels(r.activity_types)))
    if r.operator_type:
        cell += f"<br><small>運営：{escape(r.operator_type.label)}</small>"
    if r.source_fields:
        fields = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in r.source_fields)
        cell += (f'<details class="atlas-source-fields"><summary>元の一覧の項目（{len(r.source_fields)}）</summary>'
                 f"<dl>{fields}</dl></details>")
    return cell


def _when(r: Resource, bring: str) -> str:
    cell = ""
    if r.schedule:
        if r.schedule.rules:
            cell = "<br>".join(escape(schedule_ja(rule)) for rule in r.schedule.rules)
        else:
            cell = str(escape(r.schedule.text))
        if r.schedule.notes:
            cell += f"<br><small>{escape(r.schedule.notes)}</small>"
    if bring:
        cell += f'<br><small class="atlas-bring">持ち物：{escape(bring)}</small>'
    return cell


def _where(r: Resource) -> str:
    cell = str(escape(r.address))
    if r.location and r.location.precision == "hidden":
        cell += "<br><small>位置は公開していません</small>"
    elif r.location and r.location.precision == "approximate":
        cell += "<br><small>地図はおおよその位置</small>"
    c = r.contact
    if c:
        cell += f"<br>{escape(c.organisation)}"
        if c.phone:
            cell += f' <a href="{escape(safe_url("tel:" + c.phone))}">{escape(c.phone)}</a>'
        if c.email:
            cell += f' <a href="{escape(safe_url("mailto:" + c.email))}">{escape(c.email)}</a>'
    url = safe_url(r.url)
    if url:
        cell += f'<br><a href="{escape(url)}" rel="nofollow noopener">ウェブサイト</a>'
    return cell


def _checked(r: Resource, report: str, fresh: Freshness) -> str:
    cell = str(escape(date_ja(r.last_verified))) if r.last_verified else '<span class="atlas-unknown-date">確認日不明</span>'
    follow = ' rel="nofollow"' if report != "#report" else ""
    cell += f'<br><a class="atlas-report-link" href="{escape(report)}"{follow}>誤りを知らせる</a>'
    if r.id in fresh.stale_ids:
        cell += f'<br><strong class="atlas-stale">要確認（{escape(fresh.months)}か月以上前）</strong>'
    return cell


def resource_rows(groups: list[dict], reports: dict[str, str], bring: dict[str, str], fresh: Freshness) -> Markup:
    """The table's bodies, one a category: `groups` [{"term", "resources"}] in page order;
    `reports` and `bring` by resource id (the report link, what to bring); `fresh` the
    district's freshness (which resources are stale)."""
    out = []
    for group in groups:
        term, resources = group["term"], group["resources"]
        out.append(f'<tbody class="atlas-resource-group">\n<tr class="atlas-group-head"><th colspan="6" '
                   f'scope="rowgroup"><h3 id="cat-{escape(term.id)}">{escape(term.label)}（{len(resources)} 件）'
                   f"</h3></th></tr>\n")
        for r in resources:
            out.append(f'<tr id="r-{escape(r.id)}" class="atlas-resource">\n<th scope="row">{_name(r)}</th>\n'
                       f"<td>{escape(labels(r.target_states))}</td>\n<td>{_activities(r)}</td>\n"
                       f"<td>{_when(r, bring[r.id])}</td>\n<td>{_where(r)}</td>\n"
                       f"<td>{_checked(r, reports[r.id], fresh)}</td>\n</tr>\n")
        out.append("</tbody>\n")
    return Markup("".join(out))
