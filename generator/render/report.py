"""「情報の誤りを知らせる」 links: a prefilled report carrying the record id and page URL.
With `extra.atlas.report_url` in mkdocs.yml (e.g. the repository's new-issue URL) the link
opens that form; otherwise it opens the site's own page on how to report. No server of ours."""

from __future__ import annotations

from urllib.parse import urlencode


def report_href(settings: dict, record_id: str, page_path: str, title: str, to_root: str) -> str:
    site_url = settings.get("site_url", "").rstrip("/")
    page_url = f"{site_url}/{page_path}" if site_url else page_path
    form = settings.get("report_url", "")
    if form:
        body = f"対象: {record_id}\nページ: {page_url}\n\nどこが違いますか（正しい情報と、その確かめ方）:\n"
        return f"{form}?{urlencode({'title': f'情報の誤り: {title}', 'body': body})}"
    return f"{to_root}report/?{urlencode({'id': record_id, 'page': page_url})}"
