"""Writing imported districts: only into content/districts/, only valid files, never over
an existing file without `--force`, and all or nothing.

1. ids: a district id must match the schema's id pattern and its pages and files must not
   replace a shared page or another record's (paths.collisions, as validate checks); the
   file is content/districts/<id>.yaml, so it cannot leave that folder;
2. existing files: refused unless `force`; with `force` the import is an update, and the
   ledger gets, per file, the resources added, changed (anything but last_verified) and
   removed, compared by resource id (importers derive ids from the source's own numbers,
   so the same place keeps its id from one edition of a file to the next);
3. each file is validated on its own as `generator validate` would (schema_check.check +
   Rules.district; load_file for the lines when there is a problem), not the whole
   project. A resource the validation refuses is taken out and its source row reported
   (the rest is checked again); a problem with the district itself stops the import;
4. files are written into a temporary folder inside content/ and moved into place only
   when every one of them is valid; a failed import leaves content/ as it was.
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import paths
from ..check import schema_check
from ..check.load import MAX_BYTES, Document, load_file
from ..check.problems import Problem, errors, shown
from ..check.rules import Rules
from ..publish import parallel
from .district_yaml import district_yaml
from .ledger import Ledger
from .reading import ReadError
from .scaffold import FOLDERS

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")  # common.schema.json#/$defs/id


def id_problem(ident: str) -> str:
    """Why `ident` cannot be a district id by itself ("" when it can): its form, and the
    site's shared pages it would replace (paths.py)."""
    if not ID_PATTERN.match(ident or ""):
        return (f"地区 id {shown(ident)} は使えません（半角英小文字・数字・ハイフン、64 文字まで、"
                "英小文字か数字で始める）")
    for _, _, path, other in paths.collisions([("district", ident)]):
        return f"地区 id {shown(ident)} は使えません（作るファイル {path} が{other}と同じ場所になります）"
    return ""


def id_clashes(project: Project, idents: list[str]) -> list[str]:
    """Messages for planned district ids whose files would replace a shared file or another
    record's (the records already in the project, and each other), as validate checks."""
    planned = set(idents)
    existing = [(kind, path.stem) for kind, folder in FOLDERS.items()
                for path in sorted((project.root / folder).glob("*.yaml"))
                if not (kind == "district" and path.stem in planned)]
    return [f"地区 id {shown(ident)} は使えません（作るファイル {path} が{other}と同じ場所になります）"
            for kind, ident, path, other in paths.collisions(existing + [("district", i) for i in idents])
            if kind == "district" and ident in planned]


class Project:
    """What validating one district needs: the project's vocabularies and settings."""

    def __init__(self, root: Path):
        self.root = root
        self.districts = root / "content" / "districts"
        self.vocab_ids: dict[str, set[str]] = {}
        self.labels: dict[str, dict[str, str]] = {}
        for path in sorted((root / "content" / "vocabularies").glob("*.yaml")):
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            if isinstance(data, dict) and isinstance(data.get("terms"), list):
                self.vocab_ids[data["vocabulary"]] = {t["id"] for t in data["terms"]}
                self.labels[data["vocabulary"]] = {t["id"]: t["label"] for t in data["terms"]}
        settings = root / "content" / "settings.yaml"
        self.settings = {"max_distance_km": 60}
        if settings.is_file():
            self.settings.update(yaml.safe_load(settings.read_text(encoding="utf-8")) or {})
        if "categories" not in self.vocab_ids:
            raise ReadError(f"{root} にアトラスの用語集（content/vocabularies/）がありません", 0,
                            "--root でプロジェクトのフォルダーを指定してください")

    def label(self, vocab: str, term: str) -> str:
        return self.labels.get(vocab, {}).get(term, term)

    def check(self, path: Path, text: str, data: dict) -> list[Problem]:
        """Problems `generator validate` would report for `text` (the YAML of `data`) written
        at `path`: the schema and the district rules run on `data`, as validate runs them on
        the parsed file (district_yaml writes text that parses back to `data`: tested for
        every kind of string). Only when there are problems is the text parsed with load_file,
        for the lines they point at; parsing every file would triple the import's time."""
        raw = text.encode("utf-8")
        shown_path = path.relative_to(self.root).as_posix()
        if len(raw) > MAX_BYTES:
            return [Problem(shown_path, 1, "", "file-too-large", f"{len(raw):,} バイトは大きすぎます")]
        if not self._problems(Document(shown_path, data)):
            return []
        doc, problems = load_file(path, self.root, raw)
        if doc is None:
            return problems
        problems = self._problems(doc)
        if not problems and doc.data != data:
            problems = [Problem(shown_path, 1, "", "written-differs", "書き出した YAML が取り込んだ値と違います")]
        return problems

    def _problems(self, doc: Document) -> list[Problem]:
        problems = schema_check.check(doc, "district")
        rules = Rules(self.vocab_ids, set(), self.settings)
        rules.district(doc)
        return errors(problems + rules.problems)


@dataclass
class Planned:
    """One district to write: its data and, for each resource id, the source row's line."""
    district: dict
    lines: dict[str, int]
    comments: list[str]
    group: str = ""                 # changes are counted per group (a municipality's parts)
    stale: list[Path] = field(default_factory=list)  # older files of the group no longer written

    @property
    def id(self) -> str:
        return self.district["id"]


def _resource_starts(text: str) -> list[int]:
    """Line number (1-based) where each resource item starts."""
    out, inside = [], False
    for number, line in enumerate(text.split("\n"), start=1):
        if line == "resources:":
            inside = True
        elif inside and line.startswith("  - "):
            out.append(number)
    return out


_PROJECT: Project | None = None


def _check_job(job: tuple[Path, str, dict]) -> list[Problem]:
    return _PROJECT.check(*job)


def _validate(project: Project, plans: list[Planned], ledger: Ledger) -> tuple[dict[str, str], list[Problem]]:
    """id → YAML text of every valid plan, and the problems that stop the import."""
    global _PROJECT
    texts = {p.id: district_yaml(p.district, p.comments) for p in plans}
    todo = list(plans)
    fatal: list[Problem] = []
    for _ in range(5):
        if not todo:
            break
        _PROJECT = project
        jobs = [(project.districts / f"{p.id}.yaml", texts[p.id], p.district) for p in todo]
        results = parallel.start(_check_job, jobs).get()
        again = []
        for plan, problems in zip(todo, results, strict=True):
            if not problems:
                continue
            starts = _resource_starts(texts[plan.id])
            bad: dict[int, list[Problem]] = {}
            for p in problems:
                index = bisect.bisect_right(starts, p.line) - 1
                if index < 0 or p.line == 0:
                    fatal.append(p)
                else:
                    bad.setdefault(index, []).append(p)
            if fatal:
                continue
            resources = plan.district["resources"]
            for index in sorted(bad, reverse=True):
                resource = resources.pop(index)
                why = "; ".join(f"{p.field}: {p.message}" for p in bad[index][:3])
                ledger.withdraw(plan.lines.get(resource["id"]),
                                f"{shown(resource.get('name', ''))} は検証を通らないため取り込みません（{why}）",
                                code="invalid-row")
            texts[plan.id] = district_yaml(plan.district, plan.comments)
            again.append(plan)
        todo = again
    _PROJECT = None
    if todo and not fatal:
        fatal.append(Problem(todo[0].id, 0, "", "not-valid", "検証を通る形にできませんでした"))
    return texts, fatal


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """For comparing with an existing file: as load.py reads it (dates stay strings), without
    the line bookkeeping no one needs here (half the time)."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _resources_of(path: Path) -> dict[str, dict]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    data = data if isinstance(data, dict) else {}
    resources = data.get("resources") if isinstance(data.get("resources"), list) else []
    return {r["id"]: r for r in resources if isinstance(r, dict) and isinstance(r.get("id"), str)}


def _same(a: dict, b: dict) -> bool:
    return {k: v for k, v in a.items() if k != "last_verified"} == {k: v for k, v in b.items() if k != "last_verified"}


_ITEM = re.compile(r"(?m)^(?=  - )")
_VERIFIED = re.compile(r"(?m)^    last_verified: .*(?:\n|$)")


def _blocks(text: str) -> dict[str, str] | None:
    """resource id → its lines without last_verified, for a file in district_yaml's style
    (None for any other file). Comparing these is comparing the resources, ~50 times faster
    than parsing both files; the writer is deterministic, so equal data is equal text."""
    _, found, body = text.partition("\nresources:\n")
    if not found:
        return None
    blocks = {}
    for chunk in _ITEM.split(body):
        if not chunk:
            continue
        match = re.match(r"  - id: ([a-z0-9][a-z0-9-]*)\n", chunk)
        if not match:
            return None
        blocks[match.group(1)] = _VERIFIED.sub("", chunk)
    return blocks


def _changes(project: Project, members: list[Planned], texts: dict[str, str]) -> dict[str, list[str]] | None:
    """Resource ids added, changed and removed in a group of files, or None when none of its
    files exists yet (a first import)."""
    old_paths = sorted({project.districts / f"{p.id}.yaml" for p in members} | {s for p in members for s in p.stale})
    old_texts = [path.read_text(encoding="utf-8", errors="replace") for path in old_paths if path.exists()]
    if not old_texts:
        return None
    old_blocks = [_blocks(t) for t in old_texts]
    new_blocks = [_blocks(texts[p.id]) for p in members]
    if all(b is not None for b in old_blocks + new_blocks):
        old = {k: v for b in old_blocks for k, v in b.items()}
        new = {k: v for b in new_blocks for k, v in b.items()}
        same = lambda a, b: a == b  # noqa: E731
    else:  # a file written some other way: compare the data
        old = {k: v for path in old_paths if path.exists() for k, v in _resources_of(path).items()}
        new = {r["id"]: r for p in members for r in p.district["resources"]}
        same = _same
    return {"added": sorted(set(new) - set(old)), "removed": sorted(set(old) - set(new)),
            "changed": sorted(i for i in set(new) & set(old) if not same(new[i], old[i]))}


def commit(project: Project, plans: list[Planned], ledger: Ledger, force: bool) -> list[Problem]:
    """Validate and write `plans`; returns the problems that stopped it (then nothing was written)."""
    for plan in plans:
        why = id_problem(plan.id)
        if why:
            return [Problem(ledger.source, 0, "", "bad-id", why)]
    clashes = id_clashes(project, [p.id for p in plans])
    if clashes:
        return [Problem(ledger.source, 0, "", "bad-id", why, "--id で別の id を指定してください") for why in clashes]
    existing = [p for p in plans if (project.districts / f"{p.id}.yaml").exists()]
    if existing and not force:
        names = "、".join(f"content/districts/{p.id}.yaml" for p in existing[:5])
        more = f" ほか {len(existing) - 5} 件" if len(existing) > 5 else ""
        return [Problem(ledger.source, 0, "", "exists",
                        f"{names}{more} はもうあります。上書きしませんでした",
                        "更新するなら --force を付けてください（資源は id で照合し、追加・変更・削除を報告します）。"
                        "別の地区にするなら --id で別の id を指定してください")]
    texts, fatal = _validate(project, plans, ledger)
    if fatal:
        return fatal

    # what changes, per group (a municipality may be written in several parts)
    groups: dict[str, list[Planned]] = {}
    for plan in plans:
        groups.setdefault(plan.group or plan.id, []).append(plan)
    for name, members in groups.items():
        change = _changes(project, members, texts)
        if change is None:
            continue
        ledger.changes[name] = change
        ledger.notes.append(f"{name}: 追加 {len(change['added'])}、変更 {len(change['changed'])}、"
                            f"削除 {len(change['removed'])}（id で照合）")

    project.districts.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".import-", dir=project.root / "content"))
    try:
        staged = []
        for plan in plans:
            final = project.districts / f"{plan.id}.yaml"
            data = texts[plan.id].encode("utf-8")
            if final.exists() and final.read_bytes() == data:
                ledger.files.append(final.relative_to(project.root).as_posix())
                continue
            (tmp / final.name).write_bytes(data)
            staged.append(final)
        for final in staged:
            os.replace(tmp / final.name, final)
            ledger.files.append(final.relative_to(project.root).as_posix())
        for plan in plans:
            for path in plan.stale:
                if path.exists():
                    path.unlink()
                    ledger.notes.append(f"{path.relative_to(project.root).as_posix()} を消しました（同じ市区町村の"
                                        "資源は別のファイルに入りました）")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return []
