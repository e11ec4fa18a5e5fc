"""The contribution editor: `editor/` (a district and its resources, with the worksheet
grid) and `editor/case/` (a case), plus `editor/data.js`, everything the browser needs to
build the forms and check them as `generator validate` does: the compiled schemas
(editor_schema.py), the vocabularies, the municipality dataset (codes, names and
representative points), the document ids, the settings, the reserved paths and the YAML
writer's rules. Nothing is fetched: the pages load this data with <script src>, so they
work from file:// too, and keep the work in progress in the browser's localStorage."""

from __future__ import annotations

import functools
import unicodedata

from .. import paths
from ..check import characters
from ..check.load import MAX_BYTES
from ..check.problems import _INVISIBLE
from ..check.rules import CASE_TERMS, CHECKED_DATES, JAPAN, LATEST_DATE, LIST_FIELDS, PERSONAL_MAIL_DOMAINS, RESOURCE_TERMS
from ..check.schema_check import BAD_CHARACTER_HINT, MAX_NUMBER, MULTILINE_FIELDS, SURROGATE_HINT, date_fields
from ..importers import district_yaml
from ..model import municipalities, privacy
from ..model.model import Atlas
from . import pages as _pages  # noqa: F401  (registers the json_str filter the page templates use)
from .editor_schema import compile_schema, js_class, js_pattern, matches_surrogates, python_classes, yaml_resolvers
from .env import render, script_json
from .sheets import COMPACT_FROM, INSTRUCTIONS, LEAD, PRINT_NOTE
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
ALWAYS_QUOTED = {"district": sorted(district_yaml.ALWAYS_QUOTED),
                 "case": ["code", "last_reviewed", "as_of", "date"]}
# field → vocabulary, per kind ("" is the record itself; "resources" its resources)
TERM_FIELDS = {"district": {"": {"layer": "layers"}, "resources": RESOURCE_TERMS},
               "case": {"": CASE_TERMS}}
# Words on the form, by schema key (the schema's own description is shown under each label;
# a key missing here is labelled with that description).
LABELS = {
    "id": "id（半角英小文字・数字・ハイフン）", "name": "名称", "layer": "地区の単位", "municipality": "市区町村",
    "code": "市区町村コード（6桁）", "prefecture": "都道府県", "demo": "架空のサンプルデータ",
    "description": "説明", "maintainer": "データを管理する組織", "last_reviewed": "見直した日",
    "maintainer_contact": "データを管理する組織の窓口（情報の誤りの知らせ先）",
    "resources": "資源", "category": "資源の種類（ワークシートの行）", "target_states": "対象となる状態（ワークシートの列）",
    "activity_types": "活動の内容", "operator_type": "運営主体", "service_type": "サービス類型（該当する場合）",
    "schedule": "開催日時", "text": "文章", "rules": "繰り返し", "freq": "頻度", "byday": "曜日",
    "bysetpos": "第何週（毎月のとき）", "opens": "開始", "closes": "終了", "notes": "注意書き", "address": "所在地",
    "location": "位置", "lat": "緯度", "lon": "経度", "precision": "位置の公開", "contact": "連絡先（組織の窓口）",
    "organisation": "組織名", "phone": "電話番号", "email": "メールアドレス", "url": "ウェブサイト（URL）",
    "last_verified": "情報を確認した日", "source_fields": "元の一覧の項目（取り込んだ一覧の列）",
    "title": "題名", "summary": "要約", "attribution": "市区町村名の扱い", "place_label": "表示用の地名（省略可）",
    "municipalities": "市区町村", "themes": "テーマ", "checkpoints": "地域づくりのポイント",
    "context": "どんな地域か", "challenge": "課題・きっかけ", "actions": "取り組んだこと", "outcomes": "成果・変化",
    "figures": "数値", "stakeholders": "関わった人・組織", "timeline": "経過", "quotes": "関係者の言葉",
    "places": "活動の場所", "sources": "出典", "source": "出典", "label": "見出し", "value": "数値", "unit": "単位",
    "as_of": "時点（YYYY, YYYY-MM, YYYY-MM-DD）", "as_of_label": "出典どおりの時点の書き方", "note": "補足",
    "side": "立場", "role": "役割", "date": "日付（YYYY, YYYY-MM, YYYY-MM-DD）", "date_label": "出典どおりの時期の書き方",
    "stage": "段階", "speaker_role": "話し手の立場", "document": "資料", "locator": "資料の中の箇所",
}
RECORD_LABELS = {"district": {"name": "地区名", "id": "地区の id（半角英小文字・数字・ハイフン。ファイル名になります）",
                              "description": "地区の説明", "last_reviewed": "地区全体を見直した日"},
                 "case": {"id": "事例の id（半角英小文字・数字・ハイフン。ファイル名になります）",
                          "last_reviewed": "出典と照合した日"}}
# Words for a key inside another (the nearest enclosing key)
CONTEXT_LABELS = {"municipality": {"name": "市区町村名"}, "municipalities": {"name": "市区町村名"},
                  "sources": {"id": "出典の id（s1 など）"},
                  "resources": {"id": "資源の id（半角英小文字・数字・ハイフン）"},
                  "stakeholders": {"name": "組織・立場の名前（個人名は書かない）"}, "places": {"name": "場所の名前"},
                  "timeline": {"label": "出来事"}, "quotes": {"text": "発言（出典の文言どおり）"},
                  "source_fields": {"label": "元の一覧の見出し", "value": "値"},
                  "schedule": {"text": "日時（文章。例: 毎週水曜 10:00〜12:00）"}}
ENUM_LABELS = {
    "precision": {"exact": "正確な位置で公開する（公共の施設など）", "approximate": "おおよその位置（約1km）で公開する",
                  "hidden": "位置を公開しない（個人宅など）"},
    "freq": {"weekly": "毎週", "monthly": "毎月"},
    "byday": {"MO": "月", "TU": "火", "WE": "水", "TH": "木", "FR": "金", "SA": "土", "SU": "日"},
    "bysetpos": {"1": "第1", "2": "第2", "3": "第3", "4": "第4", "5": "第5", "-1": "最終"},
    "attribution": {"named": "市区町村名が出典に書かれている", "anonymised": "出典では匿名（A町など）",
                    "unknown": "出典からはどこか分からない"},
}
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
        "record": {kind: list(paths.owned_templates(kind)) for kind in KINDS},
        "former": {kind: paths.FORMER_PATHS.get(kind, {}) for kind in KINDS},  # file → address
        "shared": list(paths.SHARED_PATHS + paths.FORMER_SHARED),
        "patterns": ["^(?:" + js_pattern(p.pattern) + ")$" for p in paths.SHARED_PATTERNS],
    }


@functools.lru_cache(maxsize=1)
def _digit_zeros() -> list[int]:
    """Code points of the Unicode digits zero: a digit's value is its distance from the
    zero before it (check digits of codes typed in full width or another script)."""
    return [ord(c) for c in python_classes()["d"] if unicodedata.digit(c) == 0]


def _privacy() -> dict:
    """privacy.approximate_address's tables, for its port in editor-core.js (the names of
    prefectures and municipalities come from "municipalities")."""
    return {"kinds": privacy.kind_ranges(), "designated": privacy.place_names()["designated"],
            "words": list(privacy.PRIVATE_WORDS), "endings": list(privacy.PRIVATE_ENDINGS),
            "latin": js_pattern(privacy.LATIN.pattern), "longMarks": privacy.LONG_MARKS,
            "afterNumber": privacy.AFTER_NUMBER, "decimals": privacy.APPROXIMATE_DECIMALS}


def editor_data(atlas: Atlas) -> dict:
    settings = atlas.settings
    return {
        "schemas": {kind: compile_schema(kind) for kind in KINDS},
        "terms": TERM_FIELDS,
        "labels": LABELS, "recordLabels": RECORD_LABELS, "contextLabels": CONTEXT_LABELS,
        "enumLabels": ENUM_LABELS,
        "listFields": sorted(LIST_FIELDS),
        "vocabularies": _vocabularies(atlas),
        "municipalities": _municipalities(),
        "documents": [[d.id, d.title] for d in sorted(atlas.documents.values(), key=lambda d: d.id)],
        "settings": {"max_distance_km": settings.get("max_distance_km", 60),
                     "stale_after_months": settings.get("stale_after_months", 12)},
        "japan": JAPAN,
        # rules.future_dates: where the dates are ([path, partial], "*" for any item), which are checked
        "dates": {kind: [[list(path), partial] for path, partial in date_fields(kind)] for kind in KINDS},
        "checkedDates": list(CHECKED_DATES), "latestDate": LATEST_DATE.isoformat(),
        "personalMailDomains": list(PERSONAL_MAIL_DOMAINS),
        "paths": _paths(),
        "kindJa": paths.KIND_JA,
        "yaml": {"resolvers": yaml_resolvers(), "schemaLines": SCHEMA_LINES, "alwaysQuoted": ALWAYS_QUOTED,
                 "folders": FOLDERS, "maxBytes": MAX_BYTES},
        "compactFrom": COMPACT_FROM,  # the printed grid uses smaller type from this many resources
        "invisible": js_class(_INVISIBLE.pattern), "invisibleSurrogates": matches_surrogates(_INVISIBLE),
        "text": {"forbidden": js_class(characters.FORBIDDEN.pattern),  # schema_check.text_problems
                 "inLine": js_class(characters.FORBIDDEN_IN_LINE.pattern),
                 "surrogates": matches_surrogates(characters.FORBIDDEN, characters.FORBIDDEN_IN_LINE),
                 "badCharacterHint": BAD_CHARACTER_HINT, "surrogateHint": SURROGATE_HINT,
                 "multiline": sorted(MULTILINE_FIELDS), "maxNumber": MAX_NUMBER},
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
                                  states=states, lead=LEAD, instructions=INSTRUCTIONS, source=source,
                                  print_note=PRINT_NOTE),
        PAGES["case"]: render("editor.md.j2", kind="case", to_root="../../", rows=[], states=states, lead="",
                              instructions=(), source=None, print_note=""),
    }


def editor_files(atlas: Atlas) -> dict[str, str]:
    files = dict(editor_pages(atlas))
    files[DATA_SCRIPT] = editor_script(atlas)
    return files
