"""`python -m generator new-case|new-district <市区町村>`: a commented template to fill in,
with the municipality's code and names taken from the municipality dataset."""

from __future__ import annotations

import re
from pathlib import Path

from .. import paths
from ..check.problems import shown, visible
from ..model import municipalities
from ..model.municipalities import Municipality

TODO = "要記入"

CASE_TEMPLATE = """\
# yaml-language-server: $schema=../generator/schemas/case.schema.json
# 事例のひな形です。「{todo}」をすべて書き換えてください（残っていると検証でエラーになります）。
# 書き方: CONTRIBUTING.md の「事例を追加する」。すべての記述・数値に、sources の id を source で付けます。
id: {id}
title: {todo}（市区町村名（都道府県）：取組の題名）
summary: {todo}（出典の記述に基づく2〜3文の要約）
attribution: named          # named / anonymised（A町など）/ unknown（出典からどこか分からない）
municipalities:
  - code: "{code}"           # 全国地方公共団体コード（データセットから自動で記入）
    prefecture: {prefecture}
    name: {name}
themes: [{todo}]              # content/vocabularies/themes.yaml の id（例: dementia, shopping）
checkpoints: []             # 例: ["2-1"]（content/vocabularies/checkpoints.yaml）
context:                    # どんな地域か
  - text: {todo}
    source: s1
actions:                    # 取り組んだこと（順に）
  - text: {todo}
    source: s1
# challenge:                # 課題・きっかけ
# outcomes:                 # 成果・変化
# figures:                  # 数値: label, value（数値のみ）, unit, as_of（"2019-04-01" など）, source
# stakeholders:             # 関わった人・組織: name, side, role, source（個人名は書かない）
# timeline:                 # 経過: date / date_label, stage, label, source
# quotes:                   # 出典どおりの発言: text, speaker_role, source
sources:
  - id: s1
    document: {todo}         # content/documents.yaml の資料 id（例: kyushu-2019）
    locator: {todo}          # 資料の中の箇所（スライドの見出し、ページ）
last_reviewed: "{today}"
"""

DISTRICT_TEMPLATE = """\
# yaml-language-server: $schema=../../generator/schemas/district.schema.json
# 地区のひな形です。「{todo}」をすべて書き換えてください（残っていると検証でエラーになります）。
# 個人宅の位置は precision: hidden にし、連絡先は組織の窓口だけを書きます（CONTRIBUTING.md）。
id: {id}
name: {todo}（地区名）
layer: nichijo-seikatsu-ken  # nichijo-seikatsu-ken / junior-high-school / elementary-school / neighbourhood
municipality:
  code: "{code}"
  prefecture: {prefecture}
  name: {name}
maintainer: {todo}（データを管理する組織）
last_reviewed: "{today}"
resources:
  - id: {todo}-1             # 半角英小文字・数字・ハイフン
    name: {todo}
    category: kayoinoba      # content/vocabularies/categories.yaml（ワークシートの行）
    target_states: [genki]   # genki / kyojaku / near-care（ワークシートの列）
    activity_types: [exercise]
    operator_type: residents
    schedule:
      text: "{todo}（例: 毎週水曜 10:00〜12:00）"
      rules:
        - freq: weekly
          byday: [WE]
          opens: "10:00"     # 時刻は必ず引用符で囲む
          closes: "12:00"
    address: {todo}
    location:
      lat: {lat}           # 市区町村の代表点を仮に入れています。資源の位置に直してください
      lon: {lon}
      precision: approximate # exact / approximate（約1kmに丸めて表示）/ hidden（表示しない）
    last_verified: "{today}"
"""


class ScaffoldError(Exception):
    """A message for the contributor (not a bug)."""


def find_municipality(query: str) -> Municipality:
    data = municipalities.load()
    if re.fullmatch(r"\d{6}", query):
        found = [data[query]] if query in data and data[query].name else []
    else:
        found = municipalities.find_by_name(query)
    if not found:
        raise ScaffoldError(f"{shown(query)}という市区町村が見つかりません。"
                            "正式な名前（例: 大牟田市、北海道池田町）か6桁のコードで指定してください。")
    if len(found) > 1:
        options = "、".join(f"{m.full_name}（{m.code}）" for m in found)
        raise ScaffoldError(f"{shown(query)}は複数あります: {options}。都道府県名を付けるかコードで指定してください。")
    return found[0]


ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # common.schema.json#/$defs/id
FOLDERS = {"case": "cases", "district": "content/districts", "worksheet": "content/worksheets",
           "checksheet": "content/checksheets"}


def check_id(root: Path, kind: str, ident: str) -> None:
    """The checks `validate` makes on an id, before a file is written: its form, and that its
    pages and files replace no shared page and no other record's (paths.py)."""
    if not ID_PATTERN.fullmatch(ident):
        raise ScaffoldError(f"id「{visible(ident)}」は使えません。半角英小文字・数字・ハイフンで、"
                            "英小文字か数字で始まる 64 文字までにしてください（例: omuta-kaimono）。")
    existing = [(k, p.stem) for k, folder in FOLDERS.items() for p in sorted((root / folder).glob("*.yaml"))
                if (k, p.stem) != (kind, ident)]
    for k, i, path, other in paths.collisions([*existing, (kind, ident)]):
        if (k, i) == (kind, ident):
            former = paths.former_address(k, i, path)
            mine = f"の以前のアドレス {former}（404 ページが今のページへ送ります）" if former else f"で作るファイル {path} "
            raise ScaffoldError(f"id「{ident}」{mine}は、{other}と同じ場所になります。別の --id にしてください。")


def _write(path: Path, text: str) -> Path:
    if path.exists():
        raise ScaffoldError(f"{path} はもうあります。別の --id を指定してください。")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_case(root: Path, query: str, ident: str | None, today: str) -> Path:
    m = find_municipality(query)
    ident = ident or f"case-{m.code}"
    check_id(root, "case", ident)
    text = CASE_TEMPLATE.format(id=ident, code=m.code, prefecture=m.prefecture, name=m.name,
                                todo=TODO, today=today)
    return _write(root / "cases" / f"{ident}.yaml", text)


def new_district(root: Path, query: str, ident: str | None, today: str) -> Path:
    m = find_municipality(query)
    ident = ident or f"district-{m.code}"
    check_id(root, "district", ident)
    text = DISTRICT_TEMPLATE.format(id=ident, code=m.code, prefecture=m.prefecture, name=m.name,
                                    todo=TODO, today=today, lat=m.lat, lon=m.lon)
    return _write(root / "content" / "districts" / f"{ident}.yaml", text)
