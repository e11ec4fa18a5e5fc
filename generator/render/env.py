"""The one Jinja2 environment: autoescape everywhere, strict undefined, URL allow-list."""

from __future__ import annotations

import contextlib
import functools
import json
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..model.schedule import schedule_ja

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"
_ALLOWED_URL = re.compile(r"^(https?://|mailto:|tel:)", re.IGNORECASE)


def safe_url(url: str | None) -> str:
    """The URL if its scheme is http, https, mailto or tel; otherwise an empty string."""
    url = (url or "").strip()
    return url if _ALLOWED_URL.match(url) and not any(c in url for c in "<>\"'` ") else ""


def web_url(url: str | None) -> str:
    """The URL if it is an http or https address (registry links: never mailto:, tel: or others)."""
    url = safe_url(url)
    return url if url.lower().startswith(("http://", "https://")) else ""


# json.dumps's encoders for compact_json, made once (json.dumps makes one a call), and their C
# encoders: JSONEncoder.encode makes its C encoder again for each value (a third of the time for
# a small one; ~300,000 values at national size: records, features, search records)
_SCRIPT_JSON = {sort_keys: json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys)
                for sort_keys in (False, True)}
_C_JSON = {sort_keys: json.encoder.c_make_encoder and json.encoder.c_make_encoder(
    None, encoder.default, json.encoder.encode_basestring, None, ":", ",", sort_keys, False, True)
    for sort_keys, encoder in _SCRIPT_JSON.items()}


def compact_json(value, sort_keys: bool = False) -> str:
    """json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys), with
    encoders made once (without the check for circular values: our values are trees)."""
    encoder = _C_JSON[bool(sort_keys)]
    return "".join(encoder(value, 0)) if encoder else _SCRIPT_JSON[bool(sort_keys)].encode(value)


def script_json(value, sort_keys: bool = False) -> str:
    """Compact JSON that is safe inside <script> (no "</script>", no line separators)."""
    body = compact_json(value, sort_keys)
    return body.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def labels(terms) -> str:
    """Vocabulary terms as one text, 「元気・虚弱」: what `|map(attribute="label")|join("・")`
    gives, at a tenth of its cost (two in every row of a district page). Autoescaped as any
    text."""
    return "・".join(term.label for term in terms)


@functools.lru_cache(maxsize=4096)  # a district page writes ~17 dates, most of them the same few
def date_ja(value: str | None) -> str:
    """2024-04-01 → 2024年4月1日; 2024-04 → 2024年4月; 2024 → 2024年."""
    if not value:
        return ""
    parts = str(value).split("-")
    units = ("年", "月", "日")
    return "".join(f"{int(p) if i else p}{units[i]}" for i, p in enumerate(parts))


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
    env.filters["web_url"] = web_url
    env.filters["date_ja"] = date_ja
    env.filters["schedule_ja"] = schedule_ja
    env.filters["labels"] = labels
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


@contextlib.contextmanager
def templates_fixed(env: Environment | None = None):
    """Templates as they are now, for the time of a build: each template changed since it was
    loaded is dropped once here, then get_template no longer asks the file system whether it
    changed (Jinja's auto_reload: a stat per template per page, ~10 % of a district page's
    render). A preview, which renders again after an edit, keeps asking."""
    env = env if env is not None else environment()
    for key, template in list(env.cache.items()) if env.cache is not None else []:
        if not template.is_up_to_date:
            del env.cache[key]
    env.auto_reload = False
    try:
        yield
    finally:
        env.auto_reload = True
