"""The import commands from a file to district files (cli.py calls these).

Exit status: 0 — the districts were written (rows that could not be imported are in the
report); 1 — a written district would not validate, so nothing was written; 2 — the input
or the options cannot be used (unreadable file, missing columns, an existing file without
--force, a bad --id), nothing was written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..check import data_sources
from ..check.load import MAX_BYTES
from ..check.problems import Problem, shown
from ..model import municipalities
from ..model.municipalities import Municipality
from . import atlas_csv, cells, dates, facilities, kayoinoba
from .layouts import ATLAS_SIGNATURE, detect, name_column
from .ledger import Ledger
from .mapping import Types
from .output import Planned, Project, commit, id_problem
from .reading import ReadError, header_key, open_table

KAYOINOBA_SIGNATURE = ("運営日（平日）－開始", "法人番号の有無")
RESOURCES_PER_FILE = 1500  # a municipality with more is written in parts …
PART_BYTES = MAX_BYTES * 3 // 4  # … and so is one whose file would come near load.MAX_BYTES


@contextlib.contextmanager
def quiet_gc():
    """No cyclic garbage collection while an import runs: it builds hundreds of thousands of
    small objects and no cycles, and the collector's passes over them doubled the time of a
    150,000-row import (47 s instead of 85 s). Memory is still freed by reference counting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Result:
    ledger: Ledger
    status: int = 0
    stopped: list[Problem] = field(default_factory=list)  # why nothing was written

    def stop(self, status: int, problems: list[Problem]) -> Result:
        """Nothing was written: every counted row is reported, the reasons listed."""
        self.status, self.stopped = status, problems
        self.ledger.imported, self.ledger.reported = 0, self.ledger.rows
        self.ledger.files.clear()
        self.ledger.changes.clear()
        self.ledger.problems.extend(problems)
        return self


def check_date(text: str) -> str:
    """`text` if it is a real YYYY-MM-DD date; ReadError otherwise."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or ""):
        raise ReadError(f"--as-of {shown(text)} は日付ではありません", 0, "YYYY-MM-DD で書いてください（例: 2026-10-01）")
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ReadError(f"--as-of {shown(text)} は実在しない日付です", 0, "月と日を確かめてください") from None
    return text


@dataclass
class Origin:
    """The registered source an import records (--source), with the options it gives."""
    id: str
    entry: dict

    @property
    def options(self) -> dict:
        return self.entry.get("options") or {}

    @property
    def as_of_label(self) -> str:
        return f"登録簿の出典 {self.id} の as_of"

    def default_as_of(self) -> str | None:
        """The registry's `as_of` when it is a date (used when the command gives none)."""
        value = self.entry.get("as_of")
        return value if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None

    def record(self, district: dict, as_of: str | None) -> None:
        """`source: {id, as_of}` on a planned district: the data's date is the one given
        (--as-of or the date the file states), else the newest date of its resources."""
        date = as_of or district.get("last_reviewed")
        district["source"] = {"id": self.id, **({"as_of": date} if date else {})}


def find_origin(root: Path, ident: str | None, importer: str) -> Origin | None:
    """The registry's entry for --source (data_sources.RegistryError when there is none, the
    registry is broken, or the source is one for the other importer)."""
    return Origin(ident, data_sources.entry(root, ident, importer)) if ident is not None else None


def find_municipality(text: str) -> Municipality:
    m, _ = cells.municipality(text) if re.fullmatch(r"[0-9０-９]{4,6}", text.strip()) else (None, "")
    if m is None:
        found = municipalities.find_by_name(text.strip())
        m = found[0] if len(found) == 1 else None
    if m is None:
        raise ReadError(f"市区町村 {shown(text)} が見つかりません", 0,
                        "全国地方公共団体コード（6桁、例: 372013）か正式な名前で指定してください")
    return m


def _problem(ledger: Ledger, exc: ReadError) -> Problem:
    return Problem(ledger.source, exc.line, "", "cannot-read", exc.message, exc.hint)


def _district(ident: str, name: str, m: Municipality, description: str, resources: list[dict],
              extra: dict | None = None, origin: Origin | None = None, as_of: str | None = None) -> dict:
    """A district of imported resources. Its last_reviewed is the newest date of its data
    (the resources' last_verified), and absent when none has one: never the day of the import."""
    district = {"id": ident, "name": cells.fit(name, 60)[0], "layer": "municipality-wide",
                "municipality": {"code": m.code, "prefecture": m.prefecture, "name": m.name}}
    district.update(extra or {})
    district.setdefault("description", description)
    newest = max((r["last_verified"] for r in resources if r.get("last_verified")), default="")
    if newest:
        district["last_reviewed"] = newest
    if origin is not None:
        origin.record(district, as_of)
    district["resources"] = resources
    return district


def date_note(as_of: str | None, file_date: str, file_source: str, column: str | None, from_column: int,
              rows: int, given: str = "--as-of") -> str:
    """The import summary's line on where last_verified came from (dates.py):
    「最終確認日: 2024-02-01（ファイルの表題「令和6年2月1日現在」から）」, or 「最終確認日: 不明（…）」.
    `given`: where `as_of` came from (the command, or the registered source's as_of)."""
    if as_of:
        return f"最終確認日: {as_of}（{given} から）。"
    rest = f"{file_date}（{file_source}）" if file_date else \
        "不明（ファイルに日付がありません。--as-of で指定できます）"
    if column is None or not from_column:
        return f"最終確認日: {rest}。"
    if from_column >= rows:
        return f"最終確認日: 各行の「{column}」の列から。"
    return f"最終確認日: {from_column:,} 行は「{column}」の列から、日付のないほかの {rows - from_column:,} 行は {rest}。"


# -- import-csv -------------------------------------------------------------------------------

def import_csv(root: Path, path: Path, **options) -> Result:
    with quiet_gc():
        return _import_csv(root, path, **options)


def _import_csv(root: Path, path: Path, *, municipality: str | None = None, district_id: str | None = None,
               mapping: Path | None = None, as_of: str | None = None, force: bool = False,
               source: str | None = None) -> Result:
    result = Result(Ledger(path.name))
    ledger = result.ledger
    given = "--as-of"  # where the data's date came from, for the summary
    try:
        origin = find_origin(root, source, "import-csv")
    except data_sources.RegistryError as exc:
        return result.stop(2, exc.as_problems())
    try:
        if origin is not None:  # the registry's options, where the command gives none
            municipality = municipality or origin.options.get("municipality")
            district_id = district_id or origin.options.get("id")
            if mapping is None and origin.options.get("mapping"):
                mapping = root / origin.options["mapping"]
            if as_of is None and origin.default_as_of():
                as_of, given = origin.default_as_of(), origin.as_of_label
        if district_id is not None and id_problem(district_id):
            raise ReadError(id_problem(district_id))
        as_of = check_date(as_of) if as_of is not None else None
        selected = find_municipality(municipality) if municipality else None
        project = Project(root)
        types = Types(root, project.vocab_ids, mapping)
        overrides = types.user.get("columns", {})
        atlas_keys = [header_key(h) for h in ATLAS_SIGNATURE]

        def is_header(keys: list[str]) -> bool:
            if all(k in keys for k in atlas_keys):
                return True
            if any(header_key(n) in keys for n in overrides.get("name", [])):
                return True
            return name_column(keys, detect(keys)) is not None

        table = open_table(path, ledger, is_header)
        if all(header_key(h) in table.keys for h in KAYOINOBA_SIGNATURE):
            raise ReadError("これは厚生労働省の通いの場オープンデータのファイルです", table.header_line,
                            "python -m generator import-kayoinoba で取り込んでください")
        if all(k in table.keys for k in atlas_keys):
            plans = _atlas_plans(table, project, ledger, district_id, as_of, origin, given)
            form = "このサイトの CSV"
        else:
            layout = detect(table.keys)
            user_district = types.user.get("district", {})
            defaults = types.user.get("defaults", {})
            ctx = facilities.Context(project, types, layout, ledger, as_of, selected, defaults,
                                     types.user.get("id_prefix", "r"))
            file_date, file_source = _file_date(table, path, defaults)
            ctx.file_date = file_date
            rows = facilities.read(table, ctx, overrides)
            form = layout.title
            column = table.column(*overrides.get("last_verified", []), *layout.names("last_verified"))
            ledger.notes.append(date_note(as_of, file_date, file_source,
                                          table.header[column] if column is not None else None,
                                          ctx.counts["date-column"], len(rows), given))
            plans = _facility_plans(project, rows, layout, path, table.form,
                                    district_id or user_district.get("id"), user_district, origin,
                                    as_of or file_date or None)
        ledger.notes.insert(0, f"{table.form}、{form}として読みました（見出しは {table.header_line} 行目）。")
        ledger.finish()
    except ReadError as exc:
        return result.stop(2, [_problem(ledger, exc)])
    return _write(result, project, plans, ledger, force)


def _write(result, project, plans: list[Planned], ledger, force: bool):
    """Write the planned districts (all or nothing); exit 2 for a refused id or file, 1 for
    records the validation refuses."""
    ledger.check_columns()  # every column with values is in the column ledger (a bug otherwise)
    if not plans:
        return result.stop(2, [Problem(ledger.source, 0, "", "nothing", "取り込める行がありませんでした")])
    stopped = commit(project, plans, ledger, force)
    ledger.check()
    if stopped:
        return result.stop(2 if stopped[0].code in ("exists", "bad-id") else 1, stopped)
    return result


def _file_date(table, path: Path, defaults: dict) -> tuple[str, str]:
    """(the date for rows without one of their own, where it comes from): the --mapping
    file's default, else the date the file states (dates.of_file); ("", "") when none."""
    if defaults.get("last_verified"):
        return str(defaults["last_verified"]), "対応表の defaults.last_verified から"
    found = dates.of_file(table.preamble, path.name, dt.date.today())
    return (found.date, found.source) if found else ("", "")


def _facility_plans(project: Project, rows, layout, path: Path, form: str, district_id: str | None,
                    user_district: dict, origin: Origin | None = None, as_of: str | None = None) -> list[Planned]:
    """One district per municipality; a municipality with more places than a file may hold
    is written in parts (<id>, <id>-2, …, as import-kayoinoba does), its places then in the
    order of their ids so that an edition in another order keeps them in the same part."""
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row.municipality.code, []).append(row)
    if district_id and len(groups) > 1:
        names = "、".join(rows_[0].municipality.full_name for rows_ in list(groups.values())[:5])
        raise ReadError(f"{len(groups)} の市区町村の行があります（{names}…）。--id は1つの市区町村のときだけ使えます",
                        0, "--municipality で1つを選ぶか、--id を付けずに市区町村ごとに取り込んでください")
    stem = cells.slug(path.stem)
    existing = {p.stem: p for p in project.districts.glob("*.yaml")}
    plans = []
    for code, members in groups.items():
        m = members[0].municipality
        base = stem.replace(code, "").strip("-").replace("--", "-") or layout.key
        ident = district_id or f"{base}-{code}"
        parts = _parts(members)
        if len(parts) > 1:
            members.sort(key=lambda r: _natural(r.resource["id"]))
            parts = _parts(members)
        ids = [ident] + [f"{ident}-{n}" for n in range(2, len(parts) + 1)]
        stale = [p for stem_, p in existing.items() if re.fullmatch(f"{re.escape(ident)}-\\d+", stem_)
                 and stem_ not in ids and _written_from(p, path)]
        # a registered source names its dataset (「高松市のグループホーム」); a local file's name
        # may be a download's temporary name, so it names only unregistered general lists
        title = origin.entry["title"] if origin is not None else \
            layout.title if layout.key != "shisetsu" else f"施設一覧（{path.stem}）"
        extra = {k: v for k, v in user_district.items()
                 if k in ("name", "layer", "demo", "description", "maintainer", "maintainer_contact")}
        for n, (part_id, part) in enumerate(zip(ids, parts, strict=True), start=1):
            name = f"{m.name}の{title}" + (f"（{n}）" if len(parts) > 1 else "")
            description = (f"{path.name}（{form}）から python -m generator import-csv で取り込みました。"
                           if origin is None else "公開データから python -m generator import-csv で取り込みました"
                           "（出典はこのページの「出典」）。")
            district = _district(part_id, name, m, description, [r.resource for r in part], dict(extra),
                                 origin, as_of)
            plans.append(Planned(district, {r.resource["id"]: r.line for r in part}, [
                f"python -m generator import-csv で {path.name} から作りました。",
                "手で直すより、元の一覧か対応表（content/import/types.yaml）を直して --force で取り込み直してください。"],
                group=ident, stale=stale if n == 1 else []))
    return plans


def _written_from(district: Path, source: Path) -> bool:
    """Whether a district file is a part this import wrote from a file of the same name
    (only such a file is removed when the list needs fewer parts)."""
    with contextlib.suppress(OSError, UnicodeDecodeError), district.open(encoding="utf-8") as f:
        return f"import-csv で {source.name} から作りました" in f.read(4096)
    return False


def _atlas_plans(table, project: Project, ledger: Ledger, district_id: str | None, as_of: str | None,
                 origin: Origin | None = None, given: str = "--as-of") -> list[Planned]:
    districts = atlas_csv.read(table, project, ledger)
    if district_id and len(districts) > 1:
        raise ReadError(f"{len(districts)} 地区の行があります。--id は1つの地区のときだけ使えます")
    resources = [r for d in districts.values() for r in d.resources]
    if as_of:  # --as-of says so for every row, as for any list
        for r in resources:
            r["last_verified"] = as_of
    ledger.notes.append(date_note(as_of, "", "", atlas_csv.COLUMNS["last_verified"],
                                  sum(1 for r in resources if r.get("last_verified")), len(resources), given))
    plans = []
    for d in districts.values():
        extra = {"layer": d.layer, **({"demo": True} if d.demo else {})}
        description = f"このサイトの CSV（{table.source}）から取り込みました。" if origin is None else \
            "公開データ（このサイトの CSV の形）から取り込みました（出典はこのページの「出典」）。"
        district = _district(district_id or d.id, d.name, d.municipality, description, d.resources, extra,
                             origin, as_of)
        plans.append(Planned(district, d.lines, [
            f"python -m generator import-csv で {table.source}（このサイトの CSV）から作りました。"]))
    return plans


# -- import-kayoinoba ---------------------------------------------------------------------------

def _natural(rid: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", rid))


def import_kayoinoba(root: Path, path: Path, **options) -> Result:
    with quiet_gc():
        return _import_kayoinoba(root, path, **options)


def _import_kayoinoba(root: Path, path: Path, *, as_of: str | None, municipalities_: str = "", prefecture: str = "",
                     force: bool = False, source: str | None = None) -> Result:
    result = Result(Ledger(path.name))
    ledger = result.ledger
    given = "--as-of"  # where the data's date came from, for the summary
    try:
        origin = find_origin(root, source, "import-kayoinoba")
    except data_sources.RegistryError as exc:
        return result.stop(2, exc.as_problems())
    try:
        if origin is not None:  # the registry's options, where the command gives none
            municipalities_ = municipalities_ or origin.options.get("municipality", "")
            prefecture = prefecture or origin.options.get("prefecture", "")
            if not as_of and origin.default_as_of():
                as_of, given = origin.default_as_of(), origin.as_of_label
        if as_of is None:
            raise ReadError("--as-of（データの時点）がありません", 0,
                            "YYYY-MM-DD で指定してください（登録した出典の as_of に日付を書いてもかまいません）")
        as_of = check_date(as_of)
        selection = kayoinoba.Selection()
        for text in filter(None, (t.strip() for t in municipalities_.split(","))):
            selection.codes.add(find_municipality(text).code)
        for text in filter(None, (t.strip() for t in prefecture.split(","))):
            selection.prefectures.add(_prefecture_code(text))
        project = Project(root)
        wanted = [header_key(n) for n in ("名称", "市区町村コード")]
        table = open_table(path, ledger, lambda keys: all(k in keys for k in wanted), "名称・市区町村コード")
        missing = kayoinoba.missing_columns(table)
        if missing:
            raise ReadError(f"通いの場のファイルの列 {'、'.join(missing)} がありません", table.header_line)
        ctx = kayoinoba.Context(project, ledger, as_of, selection,
                                float(project.settings.get("max_distance_km", 60)))
        places = kayoinoba.read(table, ctx)
        ledger.notes.insert(0, f"{table.form}として読みました（見出しは {table.header_line} 行目）。")
        ledger.notes.append(date_note(as_of, "", "", None, 0, len(places), given))
        plans = _kayoinoba_plans(project, places, path, as_of, selection, ledger, origin)
        ledger.finish()
    except ReadError as exc:
        return result.stop(2, [_problem(ledger, exc)])
    return _write(result, project, plans, ledger, force)


def _prefecture_code(text: str) -> str:
    digits = cells.nfkc(text)
    if digits.isdigit() and 1 <= int(digits) <= 47:
        return f"{int(digits):02d}"
    for m in municipalities.load().values():
        if m.prefecture == digits:
            return m.prefecture_code
    raise ReadError(f"--prefecture {shown(text)} は都道府県コードではありません", 0, "01〜47 で指定してください（例: 13）")


def _size(value) -> int:
    """At least the bytes `value` takes in YAML (3 bytes a character, a line per value)."""
    if isinstance(value, dict):
        return sum(len(k) + 8 + _size(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(4 + _size(v) for v in value)
    return 3 * len(str(value)) + 4


def _parts(members: list) -> list[list]:
    """A municipality's places in files of at most RESOURCES_PER_FILE places and PART_BYTES."""
    parts, size = [[]], 0
    for place in members:
        grows = _size(place.resource)
        if parts[-1] and (len(parts[-1]) >= RESOURCES_PER_FILE or size + grows > PART_BYTES):
            parts.append([])
            size = 0
        parts[-1].append(place)
        size += grows
    return parts


def _kayoinoba_plans(project: Project, places, path: Path, as_of: str, selection, ledger: Ledger,
                     origin: Origin | None = None) -> list[Planned]:
    groups: dict[str, list] = {}
    for place in places:
        groups.setdefault(place.municipality.code, []).append(place)
    existing = {p.stem: p for p in project.districts.glob("kayoinoba-*.yaml")}
    plans = []
    for code, members in sorted(groups.items()):
        m = members[0].municipality
        members.sort(key=lambda p: _natural(p.resource["id"]))
        parts = _parts(members)
        ids = [f"kayoinoba-{code}"] + [f"kayoinoba-{code}-{n}" for n in range(2, len(parts) + 1)]
        stale = [p for stem, p in existing.items()
                 if re.fullmatch(f"kayoinoba-{code}(-\\d+)?", stem) and stem not in ids]
        for n, (ident, part) in enumerate(zip(ids, parts, strict=True), start=1):
            name = f"{m.name}の通いの場" + (f"（{n}）" if len(parts) > 1 else "")
            origin_note = (f"（{path.name}、{as_of} 時点）から取り込みました（出典：厚生労働省。公共データ利用規約 第1.0版）"
                           if origin is None else f"（{as_of} 時点）から取り込みました（出典はこのページの「出典」）")
            description = (f"厚生労働省「通いの場のオープンデータ」{origin_note}。法人のない住民の通いの場は、"
                           "位置を約1kmに丸め、住所を町丁目までにしています。")
            district = _district(ident, name, m, description, [p.resource for p in part], origin=origin,
                                 as_of=as_of)
            plans.append(Planned(district, {p.resource["id"]: p.line for p in part}, [
                f"python -m generator import-kayoinoba で {path.name}（{as_of} 時点）から作りました。",
                "次の版のファイルは同じコマンドに --force を付けて取り込みます（資源は No から作った id で照合し、",
                "追加・変更・削除を報告します）。このファイルを手で直すと、その内容は次の取り込みで上書きされます。"],
                group=f"kayoinoba-{code}", stale=stale if n == 1 else []))
    present = {f"kayoinoba-{code}" for code in groups}
    dataset = municipalities.load()
    for stem in sorted(existing):
        match = re.fullmatch(r"kayoinoba-(\d{6})", stem)
        if not match or stem in present or match.group(1) not in dataset:
            continue
        if selection.everything or dataset[match.group(1)] in selection:
            ledger.notes.append(f"content/districts/{stem}.yaml: この市区町村の行がファイルにないため、そのままに"
                                "しました（行がないことは、通いの場がないことを意味しません）。")
    return plans
