"""「情報の誤りを知らせる」: where a reader reports a mistake, with no server of ours.

By default the route is on the page itself: a district page ends with its maintainer and
the maintainer's contact (district `maintainer`, `maintainer_contact`); a case page with its
source documents (with their URLs) to check against. When the repository is configured
(`repo_url` in mkdocs.yml, or `extra.atlas.report_url` for another form), each link opens a
new issue prefilled with the record id and the page URL.
"""

from __future__ import annotations

from urllib.parse import urlencode


def report_form(repo_url: str, report_url: str) -> str:
    """The new-issue form to prefill: `report_url` if given, else the repository's."""
    if report_url:
        return report_url
    return repo_url.rstrip("/") + "/issues/new" if repo_url else ""


def report_href(settings: dict, record_id: str, page_path: str, title: str) -> str:
    """The link of one record's 「誤りを知らせる」: the prefilled form, or the page's own section."""
    form = settings.get("report_url", "")
    if not form:
        return "#report"
    site_url = settings.get("site_url", "").rstrip("/")
    page_url = f"{site_url}/{page_path}" if site_url else page_path
    body = f"対象: {record_id}\nページ: {page_url}\n\nどこが違いますか（正しい情報と、その確かめ方）:\n"
    return f"{form}?{urlencode({'title': f'情報の誤り: {title}', 'body': body})}"
