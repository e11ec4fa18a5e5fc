"""The contribution editor: `editor/` (a district and its resources, with the worksheet
grid) and `editor/case/` (a case), plus `editor/data.js`, everything the browser needs to
build the forms and check them as `generator validate` does: the compiled schemas
(editor_schema.py), the vocabularies, the municipality dataset (codes, names and
representative points), the document ids, the settings, the reserved paths and the YAML
writer's rules. Nothing is fetched: the pages load this data with <script src>, so they
work from file:// too, and keep the work in progress in the browser's localStorage."""

from __future__ import annotations

import functools
import re
import unicodedata

from .. import municipalities, paths, privacy
from ..model import Atlas
from ..problems import _INVISIBLE
from ..rules import CASE_TERMS, JAPAN, LIST_FIELDS, PERSONAL_MAIL_DOMAINS, RESOURCE_TERMS
from . import pages as _pages  # noqa: F401  (registers the json_str filter the page templates use)
from .editor_schema import compile_schema, js_class, js_pattern, yaml_resolvers
from .env import render, script_json
from .sheets import INSTRUCTIONS, LEAD
from .worksheet import build_grid

DATA_SCRIPT = "editor/data.js"
PAGES = {"district": "editor/index.md", "case": "editor/case.md"}
KINDS = ("district", "case")

# The first line of every file, as `generator new-district`/`new-case` and the importers write it.
SCHEMA_LINES = {
    "district": "# yaml-language-server: $schema=../../generator/schemas/district.schema.json",
    "case": "# yaml-language-server: $schema=../generator/schemas/case.schema.json",
}
FOLDERS = {"district": "content/districts", "case": "cases"}
# Strings always written in double quotes (codes, dates and times), as the district writer
# of the importers does (generator/importers/district_yaml.py: ALWAYS_QUOTED).
ALWAYS_QUOTED = {"district": ["code", "last_reviewed", "last_verified", "opens", "closes"],
                 "case": ["code", "last_reviewed", "as_of", "date"]}
# field → vocabulary, per kind ("" is the record itself; "resources" its resources)
TERM_FIELDS = {"district": {"": {"layer": "layers"}, "resources": RESOURCE_TERMS},
               "case": {"": CASE_TERMS}}
VOCABULARIES = ("categories", "target_states", "activity_types", "operator_types", "service_types", "layers",
                "themes", "checkpoints")


def _municipalities() -> dict[str, list]:
    """Prefecture → [[code, name, lat, lon], …]: every municipality with a name (the
    editor checks codes, names and the distance to the representative point)."""
    out: dict[str, list] = {}
    for m in municipalities.load().values():
        if m.name:
            out.setdefault(m.prefecture, []).append([m.code, m.name, m.lat, m.lon])
    return out


def _vocabularies(atlas: Atlas) -> dict[str, list]:
    return {name: [[t.id, t.label] for t in atlas.vocab(name).ordered()]
            for name in VOCABULARIES if name in atlas.vocabularies}


def _paths() -> dict:
    return {
        "record": {kind: list(paths.RECORD_PATHS[kind]) for kind in KINDS},
        "shared": list(paths.SHARED_PATHS),
        "patterns": ["^(?:" + js_pattern(p.pattern) + ")$" for p in paths.SHARED_PATTERNS],
    }


@functools.lru_cache(maxsize=1)
def _digit_zeros() -> list[int]:
    """Code points of the Unicode digits zero: a digit's value is its distance from the
    zero before it (check digits of codes typed in full width or another script)."""
    return [i for i in range(0x110000) if not 0xD800 <= i < 0xE000 and re.fullmatch(r"\d", chr(i))
            and unicodedata.digit(chr(i)) == 0]


def _privacy() -> dict:
    """privacy.approximate_address's patterns, for its port in editor-core.js."""
    return {"postcode": js_pattern(privacy._POSTCODE.pattern), "chome": js_pattern(privacy._CHOME.pattern),
            "below": js_pattern(privacy._BELOW_TOWN.pattern), "trailing": " \u3000-－‐ーの,、",
            "decimals": privacy.APPROXIMATE_DECIMALS}


def editor_data(atlas: Atlas) -> dict:
    settings = atlas.settings
    return {
        "schemas": {kind: compile_schema(kind) for kind in KINDS},
        "terms": TERM_FIELDS,
        "listFields": sorted(LIST_FIELDS),
        "vocabularies": _vocabularies(atlas),
        "municipalities": _municipalities(),
        "documents": [[d.id, d.title] for d in sorted(atlas.documents.values(), key=lambda d: d.id)],
        "settings": {"max_distance_km": settings.get("max_distance_km", 60),
                     "stale_after_months": settings.get("stale_after_months", 12)},
        "japan": JAPAN,
        "personalMailDomains": list(PERSONAL_MAIL_DOMAINS),
        "paths": _paths(),
        "kindJa": paths.KIND_JA,
        "yaml": {"resolvers": yaml_resolvers(), "schemaLines": SCHEMA_LINES, "alwaysQuoted": ALWAYS_QUOTED,
                 "folders": FOLDERS},
        "invisible": js_class(_INVISIBLE.pattern),
        "whitespace": js_class(r"\s"),
        "digit": js_pattern(r"\d"),
        "digitZeros": _digit_zeros(),
        "privacy": _privacy(),
        "repository": {"url": settings.get("repository_url", ""), "branch": settings.get("repository_branch", "")
                       or "main"},
    }


def editor_script(atlas: Atlas) -> str:
    return "window.ATLAS_EDITOR_DATA=" + script_json(editor_data(atlas)) + ";\n"


def editor_pages(atlas: Atlas) -> dict[str, str]:
    categories = atlas.vocab("categories").ordered()
    states = atlas.vocab("target_states").ordered()
    source = atlas.worksheets[0].source if atlas.worksheets else None
    return {
        PAGES["district"]: render("editor.md.j2", kind="district", to_root="../", rows=build_grid([], categories, states),
                                  states=states, lead=LEAD, instructions=INSTRUCTIONS, source=source),
        PAGES["case"]: render("editor.md.j2", kind="case", to_root="../../", rows=[], states=states, lead="",
                              instructions=(), source=None),
    }


def editor_files(atlas: Atlas) -> dict[str, str]:
    files = dict(editor_pages(atlas))
    files[DATA_SCRIPT] = editor_script(atlas)
    return files
