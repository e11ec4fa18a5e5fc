"""The one Jinja2 environment: autoescape everywhere, strict undefined, URL allow-list."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"
_ALLOWED_URL = re.compile(r"^(https?://|mailto:|tel:)", re.IGNORECASE)
_WEEKDAYS = {"MO": "月", "TU": "火", "WE": "水", "TH": "木", "FR": "金", "SA": "土", "SU": "日"}


def safe_url(url: str | None) -> str:
    """The URL if its scheme is http, https, mailto or tel; otherwise an empty string."""
    url = (url or "").strip()
    return url if _ALLOWED_URL.match(url) and not any(c in url for c in "<>\"'` ") else ""


def date_ja(value: str | None) -> str:
    """2024-04-01 → 2024年4月1日; 2024-04 → 2024年4月; 2024 → 2024年."""
    if not value:
        return ""
    parts = str(value).split("-")
    units = ("年", "月", "日")
    return "".join(f"{int(p) if i else p}{units[i]}" for i, p in enumerate(parts))


def schedule_ja(rule: dict) -> str:
    """One RRULE-like rule in plain Japanese: 毎月 第1・第3 日曜 10:00〜12:00."""
    days = "・".join(_WEEKDAYS[d] for d in rule["byday"]) + "曜"
    if rule["freq"] == "monthly" and rule.get("bysetpos"):
        nth = "・".join("最終" if n == -1 else f"第{n}" for n in rule["bysetpos"])
        text = f"毎月 {nth} {days}"
    else:
        text = f"毎週 {days}"
    if rule.get("opens"):
        text += f" {rule['opens']}〜{rule.get('closes', '')}"
    return text


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES / "pages")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # "{#anchor}" is Markdown attr_list syntax in our page templates, not a comment
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["safe_url"] = safe_url
    env.filters["date_ja"] = date_ja
    env.filters["schedule_ja"] = schedule_ja
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
