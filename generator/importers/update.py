"""`python -m generator update`: download each registered source (content/import/sources.yaml),
import it with `--force` through its importer, and report what changed, per district.

A source is one of:
- unchanged: the server answered 304 to the ETag / Last-Modified of the last download, or the
  bytes are those of the last download (a server without ETag), with the same registry entry,
  mapping and types.yaml (`fingerprint`): nothing is imported;
- updated: imported; the districts' files that changed are replaced;
- failed: the download failed, the body is an HTML page (a publisher's error page served with
  200) or not a list, the last CSV row is cut, a ZIP does not open, the importer stops (its
  header or required columns are gone), or a column the last import mapped to a field is
  missing (the columns changed shape). content/ is then left byte-identical.

The import runs in a temporary copy of the project (content/ and cases/, which the id checks
read); only when it succeeded are the files that differ copied into content/, each replaced
atomically (os.replace), and files the import removed deleted. The state of the last download
of each source (ETag, Last-Modified, SHA-256 of the bytes, the mapped columns) is kept in
content/import/update-state.json, which is committed with the data so that the scheduled
workflow (.github/workflows/update-data.yml) knows what it saw last.

The change report compares the districts' files before and after, by resource id (the
importers derive ids from the publisher's own numbers): places added, changed (with the
fields that changed, last_verified aside as the importer counts) and removed, plus the
importer's column ledger. It is printed, written as JSON (--report) and as Markdown for a
pull request's body (--summary), where every text from the file is escaped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..check import data_sources
from ..check.problems import shown, visible
from . import download
from .ledger import MAPPED
from .output import _Loader
from .reading import ReadError, read_input
from .run import import_csv, import_kayoinoba

STATE = Path("content/import/update-state.json")
TYPES = Path("content/import/types.yaml")
COPIED = ("content", "cases")  # what the import reads of the project (cases: the id checks)
IGNORED = {"last_verified"}    # as the importer's own count of changes
SHOWN = 50                     # places listed per kind and district in the Markdown summary
MAX_SUMMARY = 60_000           # a pull request body holds 65,536 characters


class UpdateError(Exception):
    """This source cannot be updated; content/ stays as it was."""


@dataclass
class District:
    """What changed in one district's file."""
    id: str
    name: str
    status: str  # added | changed | removed (the file)
    added: list[dict] = field(default_factory=list)    # {id, name}
    changed: list[dict] = field(default_factory=list)  # {id, name, fields}
    removed: list[dict] = field(default_factory=list)  # {id, name}
    fields: list[str] = field(default_factory=list)    # the district's own fields that changed

    def as_json(self) -> dict:
        return {"name": self.name, "file": self.status, "added": self.added, "changed": self.changed,
                "removed": self.removed, "district_fields": self.fields}


@dataclass
class Outcome:
    id: str
    entry: dict
    status: str = "failed"  # unchanged | updated | failed
    message: str = ""
    districts: list[District] = field(default_factory=list)
    ledger: object = None   # the import's Ledger
    url: str = ""           # what was downloaded: the registered URL, or --from's URL
    local: str = ""         # --from's file name (its folder is nobody else's business)

    def count(self, kind: str) -> int:
        return sum(len(getattr(d, kind)) for d in self.districts)

    def as_json(self) -> dict:
        out = {"status": self.status, "added": self.count("added"), "changed": self.count("changed"),
               "removed": self.count("removed"), "message": self.message, "url": self.url,
               **({"from": self.local} if self.local else {}), "districts": {d.id: d.as_json() for d in self.districts}}
        if self.ledger is not None:
            report = self.ledger.as_json()
            out.update(rows=report["rows"], imported=report["imported"], reported=report["reported"],
                       columns=report["columns"],
                       problems=[p for p in report["problems"] if p["severity"] == "error"][:200])
        return out


# -- the state of the last downloads ------------------------------------------------------------

def load_state(root: Path) -> dict:
    try:
        data = json.loads((root / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"sources": {}}
    return data if isinstance(data, dict) and isinstance(data.get("sources"), dict) else {"sources": {}}


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_state(root: Path, state: dict) -> None:
    text = json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path = root / STATE
    if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
        _write_atomically(path, text.encode("utf-8"))


def fingerprint(root: Path, entry: dict) -> str:
    """What else decides the import's result: the entry's importer, options and as_of, the
    mapping file and types.yaml. A different fingerprint re-imports an unchanged file."""
    h = hashlib.sha256(json.dumps([entry.get("importer"), entry.get("options"), entry.get("as_of")],
                                  ensure_ascii=False, sort_keys=True).encode("utf-8"))
    mapping = (entry.get("options") or {}).get("mapping")
    for rel in ([mapping] if mapping else []) + [TYPES.as_posix()]:
        path = root / rel
        h.update(path.read_bytes() if path.is_file() else b"-")
    return h.hexdigest()


# -- one source ---------------------------------------------------------------------------------

def file_name(url: str, ident: str, kind: str) -> str:
    """The downloaded file's name: the registered URL's last segment (the importers name
    districts and their notes after it, so it must not change between downloads), with the
    suffix of what the bytes are."""
    last = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1])
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", last.rsplit(".", 1)[0] if "." in last else last).strip("-.")
    return (stem or ident)[:80] + download.SUFFIX[kind]


def _fetch(entry: dict, state: dict, fp: str, from_: str | None) -> tuple[download.Download | None, bytes]:
    """(the download — None for --from a local file —, its bytes); the download's status is
    304 when the server says the file has not changed since the last one."""
    if from_ is not None and not download.web_url(from_):
        scheme = urllib.parse.urlsplit(from_).scheme
        if len(scheme) > 1:
            raise UpdateError(f"--from {shown(from_)} は http / https の URL でも手元のファイルでもありません")
        try:
            return None, read_input(Path(from_))
        except ReadError as exc:
            raise UpdateError(f"--from {shown(from_)}: {exc.message}") from None
    url = from_ or entry["url"]
    same = from_ is None and state.get("url") == url and state.get("fingerprint") == fp
    try:
        got = download.fetch(url, etag=state.get("etag", "") if same else "",
                             last_modified=state.get("last_modified", "") if same else "",
                             timeout=download.TIMEOUT, max_bytes=download.MAX_BYTES,
                             total_seconds=download.TOTAL_SECONDS)
    except download.DownloadError as exc:
        raise UpdateError(f"{url[:200]} をダウンロードできません: {exc}") from None
    return got, got.body


def _resources(path: Path) -> tuple[dict, dict[str, dict]]:
    """(the district's own fields, its resources by id) of a district file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) if path.is_file() else {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = {}
    data = data if isinstance(data, dict) else {}
    resources = data.pop("resources", None)
    resources = resources if isinstance(resources, list) else []
    return data, {r["id"]: r for r in resources if isinstance(r, dict) and isinstance(r.get("id"), str)}


def _fields(old: dict, new: dict) -> list[str]:
    return sorted(k for k in set(old) | set(new) if k not in IGNORED and old.get(k) != new.get(k))


def compare(old_path: Path, new_path: Path, ident: str) -> District:
    """The places added, changed (which fields) and removed between two versions of a district file."""
    old_d, old = _resources(old_path)
    new_d, new = _resources(new_path)
    status = "added" if not old_path.is_file() else "removed" if not new_path.is_file() else "changed"
    place = lambda r: {"id": r["id"], "name": str(r.get("name", ""))}  # noqa: E731
    return District(ident, str(new_d.get("name") or old_d.get("name") or ident), status,
                    added=[place(new[i]) for i in sorted(set(new) - set(old))],
                    changed=[{**place(new[i]), "fields": f} for i in sorted(set(new) & set(old))
                             if (f := _fields(old[i], new[i]))],
                    removed=[place(old[i]) for i in sorted(set(old) - set(new))],
                    fields=_fields(old_d, new_d) if status == "changed" else [])


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every regular file under `folder` → (size, mtime in ns). The copy keeps the times
    (copytree), and the importer leaves a file whose text did not change untouched, so a file
    the import did not write has the same entry before and after it."""
    out = {}
    for p in folder.rglob("*"):
        if p.is_file() and not p.is_symlink():
            info = p.stat()
            out[p.relative_to(folder).as_posix()] = (info.st_size, info.st_mtime_ns)
    return out


def earlier_id(root: Path, ident: str) -> str | None:
    """The id of the district an earlier import of source `ident` wrote, when the registry
    gives no `id` option: import-csv names a district after the file it read, and the file
    someone imported by hand may have had another name than the URL's. None when there is no
    such district, or several that are not one district's parts (<id>, <id>-2, …)."""
    found = []
    for path in sorted((root / "content" / "districts").glob("*.yaml")):
        with path.open(encoding="utf-8", errors="replace") as f:
            head = f.read(4096)
        if re.search(rf"(?m)^source:\n  id: {re.escape(ident)}$", head):
            found.append(path.stem)
    bases = [i for i in found if all(j == i or re.fullmatch(rf"{re.escape(i)}-\d+", j) for j in found)]
    return bases[0] if len(bases) == 1 else None


def _import(work: Path, path: Path, ident: str, entry: dict, today: str):
    options = {"force": True, "source": ident}
    if entry.get("as_of") == "download":
        options["as_of"] = today
    if entry["importer"] == "import-kayoinoba":
        options.setdefault("as_of", None)
        return import_kayoinoba(work, path, **options)
    if not (entry.get("options") or {}).get("id"):
        options["district_id"] = earlier_id(work, ident)
    return import_csv(work, path, **options)


def _shape(ledger, before: dict) -> list[str]:
    """Columns the last import mapped that this file no longer has (or no longer maps)."""
    now = {name: c.field for name, c in ledger.column_table().items() if c.status == MAPPED}
    return [f"「{visible(name)}」（{field_}）" for name, field_ in before.items() if name not in now]


NOT_DATA = {"empty": "空のファイルが届きました", "pdf": "PDF が届きました（CSV・Excel・ZIP ではありません）",
            "xls": "古い形式の Excel（.xls）が届きました（読めません。発行者の .xlsx か CSV を登録してください）"}


def update_one(root: Path, ident: str, entry: dict, state: dict, from_: str | None, today: str) -> tuple[Outcome, dict]:
    """Update one source; returns its outcome and its new state entry (the old one when it failed)."""
    local = from_ is not None and not download.web_url(from_)
    outcome = Outcome(ident, entry, url=entry["url"] if local else from_ or entry["url"],
                      local=Path(from_).name if local else "")
    fp = fingerprint(root, entry)
    try:
        got, body = _fetch(entry, state, fp, from_)
        if got is not None and got.not_modified:
            outcome.status, outcome.message = "unchanged", "サーバーによると、前回のダウンロードから変わっていません（304）"
            return outcome, state
        digest = hashlib.sha256(body).hexdigest()
        new_state = {"url": entry["url"], "fingerprint": fp, "sha256": digest,
                     "etag": got.etag if got and from_ is None else "",
                     "last_modified": got.last_modified if got and from_ is None else "",
                     "columns": state.get("columns", {}), "downloaded": state.get("downloaded", today)}
        if state.get("sha256") == digest and state.get("fingerprint") == fp:
            outcome.status, outcome.message = "unchanged", "前回と同じ内容のファイルでした（SHA-256 が同じ）"
            kept = {"etag": new_state["etag"], "last_modified": new_state["last_modified"]} if from_ is None else {}
            return outcome, {**state, **kept}
        kind = download.kind(body)
        if kind == "html":
            raise UpdateError("データではなく HTML のページが届きました（エラーページか、URL が変わったようです）")
        if kind in NOT_DATA:
            raise UpdateError(NOT_DATA[kind])
        with tempfile.TemporaryDirectory(prefix="atlas-update-") as tmp:
            work = Path(tmp) / "project"
            for name in COPIED:
                if (root / name).is_dir():
                    shutil.copytree(root / name, work / name, symlinks=True)
            before = snapshot(work / "content")
            mapping = (entry.get("options") or {}).get("mapping")
            if mapping and (root / mapping).is_file() and not (work / mapping).exists():
                (work / mapping).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(root / mapping, work / mapping)
            path = Path(tmp) / file_name(entry["url"], ident, kind)
            path.write_bytes(body)
            result = _import(work, path, ident, entry, today)
            outcome.ledger = ledger = result.ledger
            if result.status:
                why = "; ".join(visible(p.message) + (f"（ヒント: {visible(p.hint)}）" if p.hint else "")
                                for p in result.stopped[:3])
                raise UpdateError(f"取り込めませんでした: {why}")
            cut = [p for p in ledger.problems if p.code == "truncated"]
            if cut:
                raise UpdateError(f"ファイルが途中で切れています（{cut[0].line} 行目: {visible(cut[0].message)}）")
            if state.get("fingerprint") == fp:
                lost = _shape(ledger, state.get("columns", {}))
                if lost:
                    raise UpdateError(f"列の形が変わりました。前回取り込んだ列 {'、'.join(lost)} がありません。"
                                      "対応表（options.mapping）を新しい列に合わせて直すと、次の update で取り込みます")
            new_state["columns"] = {name: c.field for name, c in ledger.column_table().items() if c.status == MAPPED}
            new_state["downloaded"] = today
            outcome.districts = apply(root, work, before)
    except UpdateError as exc:
        outcome.status, outcome.message = "failed", str(exc)
        return outcome, state
    outcome.status = "updated" if outcome.districts else "unchanged"
    outcome.message = (f"{len(outcome.districts)} 地区のファイルを更新しました" if outcome.districts else
                       "新しいファイルを取り込みましたが、地区の内容は変わりませんでした")
    return outcome, new_state


def apply(root: Path, work: Path, before: dict[str, tuple[int, int]]) -> list[District]:
    """Copy the files of the copy's content/ that the import wrote (`before`: the copy's
    snapshot before it) into the project, each replaced atomically, and delete those it
    removed; the districts' changes. Only what the import touched is looked at, so a file
    someone adds to content/ meanwhile is left alone."""
    after = snapshot(work / "content")
    new = {k: (work / "content" / k).read_bytes() for k in after if before.get(k) != after[k]}
    gone = [k for k in before if k not in after and (root / "content" / k).is_file()]
    changed = sorted([k for k, data in new.items() if not (root / "content" / k).is_file()
                      or (root / "content" / k).read_bytes() != data] + gone)
    report = [compare(root / "content" / k, work / "content" / k, Path(k).stem)
              for k in changed if k.startswith("districts/") and k.endswith(".yaml")]
    stage = Path(tempfile.mkdtemp(prefix=".update-", dir=root / "content"))
    try:
        for n, rel in enumerate(k for k in changed if k in new):
            (stage / str(n)).write_bytes(new[rel])
        for n, rel in enumerate(k for k in changed if k in new):
            (root / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / str(n), root / "content" / rel)
        for rel in changed:
            if rel not in new:
                (root / "content" / rel).unlink()
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return report


# -- all sources ------------------------------------------------------------------------------

def update(root: Path, ids: list[str] | None = None, from_: str | None = None,
           today: str | None = None) -> list[Outcome]:
    """Update the sources `ids` (all when empty). data_sources.RegistryError for a broken
    registry or an unknown id; UpdateError for --from without exactly one source."""
    _, registered = data_sources.registry(root)
    ids = list(dict.fromkeys(ids or []))
    unknown = [i for i in ids if i not in registered]
    if unknown:
        raise data_sources.RegistryError(
            f"--source {'、'.join(shown(i) for i in unknown)} は {data_sources.REGISTRY.as_posix()} に登録されていません"
            f"（登録されている出典: {', '.join(sorted(registered)) or 'なし'}）")
    if from_ is not None and len(ids) != 1:
        raise UpdateError("--from は --source を1つだけ付けて使ってください（どの出典のファイルかを決めるため）")
    today = today or dt.date.today().isoformat()
    state = load_state(root)
    outcomes = []
    for ident in ids or list(registered):
        outcome, entry_state = update_one(root, ident, registered[ident], state["sources"].get(ident, {}),
                                          from_, today)
        outcomes.append(outcome)
        if entry_state:
            state["sources"][ident] = entry_state
            if outcome.status != "failed":
                save_state(root, state)
    return outcomes


# -- reports ------------------------------------------------------------------------------------

STATUS = {"unchanged": "変更なし", "updated": "更新", "failed": "失敗"}


def as_json(outcomes: list[Outcome]) -> dict:
    return {"sources": {o.id: o.as_json() for o in outcomes}}


def text(outcomes: list[Outcome]) -> str:
    lines = [] if outcomes else [f"登録された出典がありません（{data_sources.REGISTRY.as_posix()}）。"]
    for o in outcomes:
        counts = f"（追加 {o.count('added')}・変更 {o.count('changed')}・削除 {o.count('removed')}）"
        lines.append(f"出典 {o.id}: {STATUS[o.status]}{counts if o.status == 'updated' else ''} — {visible(o.message)}")
        for d in o.districts:
            lines.append(f"  content/districts/{d.id}.yaml（{visible(d.name)}）: 追加 {len(d.added)}・"
                         f"変更 {len(d.changed)}・削除 {len(d.removed)}")
            lines += [f"    + {p['id']} {visible(p['name'])}" for p in d.added[:SHOWN]]
            lines += [f"    ~ {p['id']} {visible(p['name'])}: {', '.join(p['fields'])}" for p in d.changed[:SHOWN]]
            lines += [f"    - {p['id']} {visible(p['name'])}" for p in d.removed[:SHOWN]]
        if o.ledger is not None and o.status != "unchanged":
            lines += ["  " + line for line in o.ledger.text().split("\n")]
        if o.status == "failed":
            lines.append("  content/ は変えていません。")
    return "\n".join(lines)


_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md(value) -> str:
    """Text from a file or the registry as plain text in Markdown (GitHub): markup, HTML,
    @mentions and #references escaped, on one line."""
    out = visible(str(value)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = _MD.sub(r"\\\1", out)
    return out.replace("@", "&#64;").replace("\\#", "&#35;")


def _link(url: str) -> str:
    return f"<{url}>" if download.web_url(url) and not re.search(r"[\s<>]", url) else md(url)


def markdown(outcomes: list[Outcome]) -> str:
    """The change report as a pull request's body."""
    lines = ["## 公開データの更新（python -m generator update）", "",
             "登録した出典（content/import/sources.yaml）をダウンロードして取り込み直した結果です。"
             "差分（content/districts/）を確かめてからマージしてください。", "",
             "| 出典 | 結果 | 追加 | 変更 | 削除 |", "| --- | --- | ---: | ---: | ---: |"]
    lines += [f"| {md(o.id)} | {STATUS[o.status]} | {o.count('added')} | {o.count('changed')} | {o.count('removed')} |"
              for o in outcomes]
    for o in outcomes:
        e = o.entry
        lines += ["", f"### {md(o.id)}: {md(e.get('publisher', ''))}「{md(e.get('title', ''))}」", "",
                  f"- URL: {_link(o.url)}" + (f"（今回は --from の手元のファイル {md(o.local)} から）" if o.local else ""),
                  f"- ライセンス: {md(e['licence']['name'])}（{_link(e['licence']['url'])}）",
                  f"- 結果: {STATUS[o.status]} — {md(o.message)}"]
        for d in o.districts:
            lines += ["", f"#### content/districts/{md(d.id)}.yaml（{md(d.name)}）", "",
                      f"追加 {len(d.added)}・変更 {len(d.changed)}・削除 {len(d.removed)}"
                      + (f"（地区の項目: {md(', '.join(d.fields))}）" if d.fields else ""), ""]
            for sign, kind in (("追加", "added"), ("変更", "changed"), ("削除", "removed")):
                places = getattr(d, kind)
                for p in places[:SHOWN]:
                    fields = f": {md(', '.join(p['fields']))}" if kind == "changed" else ""
                    lines.append(f"- {sign} {md(p['id'])} {md(p['name'])}{fields}")
                if len(places) > SHOWN:
                    lines.append(f"- {sign} …ほか {len(places) - SHOWN} 件（--report の JSON にすべてあります）")
        if o.ledger is not None and o.status == "updated":
            ledger = o.ledger
            lines += ["", f"行: {ledger.rows:,}（取り込み {ledger.imported:,}・取り込まず {ledger.reported:,}）", "",
                      "<details><summary>列の対応（列の台帳）</summary>", "", "| 列 | 結果 | 値のある行 |",
                      "| --- | --- | ---: |"]
            for name, c in ledger.column_table().items():
                what = c.field if c.status == MAPPED else {"kept": "残す", "dropped": "使わない"}[c.status]
                reason = f"（{c.reason}）" if c.reason else ""
                lines.append(f"| {md(name)} | {md(what + reason)} | {c.rows_with_value:,} |")
            lines += ["", "</details>"]
    body = "\n".join(lines) + "\n"
    if len(body) > MAX_SUMMARY:
        body = (body[:MAX_SUMMARY].rsplit("\n", 1)[0]
                + "\n\n…（長いため省略しました。全体は --report の JSON にあります）\n")
    return body
