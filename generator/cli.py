"""Command line: `python -m generator validate|build|serve` (the same code MkDocs runs).

validate  check every YAML file; print all problems as `file:line: field: message`
build     validate, then build the site into a temporary folder, check its links, and
          swap it into place only when all of that succeeded (never a half-built site);
          files the old site has byte for byte are linked from it (publish/previous_site.py)
check-links  check internal links and #anchors of a built site (offline)
new-case / new-district  write a commented template with the municipality filled in
import-csv   turn a facility list (CSV, Excel) into district YAML, reporting every row it skips
import-kayoinoba  turn MHLW's national 通いの場 file into one district per municipality
update       download every registered source (content/import/sources.yaml) and import what changed
serve     live preview that rebuilds when a YAML file or template changes
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .check.problems import errors, report
from .check.validate import cache_folder, forget_files, load_atlas
from .publish import cache_dir, previous_site, timing
from .publish.engine import ENGINES, available, engine_named
from .publish.linkcheck import check_links
from .render.themed import take_templates

ROOT = Path(__file__).resolve().parents[1]


def _github() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def cmd_validate(root: Path, hand_over: bool = False) -> int:
    # a process that validates or builds, then ends; `hand_over`: a build's hook takes its result
    _, problems = load_atlas(root, freeze=True, hand_over=hand_over)
    print(report(problems, github=_github()))
    return 1 if errors(problems) else 0


def _source_date_epoch(root: Path) -> str:
    """The last commit's time, so dates MkDocs writes (sitemap) repeat for the same checkout."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                             text=True, check=False).stdout.strip()
    except OSError:
        out = ""
    return out if out.isdigit() else "0"


def _mkdocs(command: str, root: Path, engine: str = "mkdocs", **options) -> int:
    """Run MkDocs in this process, so its hook reuses the files `validate` has just
    loaded and checked (validate.py keeps them by content) instead of doing it again.
    `engine`: "properdocs" runs ProperDocs under MkDocs' module names (engine.py)."""
    import logging

    from .publish.engine import use
    use(engine)
    from mkdocs import config as mkdocs_config
    from mkdocs.__main__ import ColorFormatter
    from mkdocs.commands import build, serve
    from mkdocs.exceptions import Abort, ConfigurationError

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ.setdefault("SOURCE_DATE_EPOCH", _source_date_epoch(root))
    for logger in {logging.getLogger("mkdocs"), logging.getLogger(engine)}:
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(ColorFormatter())
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            logger.propagate = False
    config_file = str(root / "mkdocs.yml")
    try:
        if command == "serve":
            serve.serve(config_file=config_file, **options)
            return 0
        config = mkdocs_config.load_config(config_file=config_file, **options)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build.build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError) as exc:
        logger.error(str(exc))
        return 1
    return 0


def cmd_build(root: Path, site_dir: Path, engine: str = "mkdocs") -> int:
    cache_dir.forget()  # each build looks at its cache folder afresh (validate.cache_folder)
    try:
        return _build(root, site_dir, engine)
    finally:
        forget_files()  # a validated result not taken by the build (it stopped first) is never used
        timing.write()


# folders of the project a build never replaces (the site is swapped in by renaming it)
SOURCE_FOLDERS = ("cases", "content", "generator", "site_templates", "tests", ".git", ".atlas-cache", ".venv")


def site_dir_problem(root: Path, site_dir: Path) -> str:
    """Why `site_dir` may not be replaced by a build ("" when it may): a build renames the old
    folder away and deletes it, so a mistyped --site-dir must never name the project, a folder
    holding it, one of its source folders, or a folder that is not an earlier site."""
    site, project = site_dir.resolve(), root.resolve()
    if site == project or site in project.parents:
        return f"--site-dir {site} はプロジェクトのフォルダー（かそれを含むフォルダー）です"
    for name in SOURCE_FOLDERS:
        folder = (project / name).resolve()
        if site == folder or folder in site.parents:
            return f"--site-dir {site} はプロジェクトの {name}/ の中です"
    if site.is_symlink() or (site.exists() and not site.is_dir()):
        return f"--site-dir {site} はフォルダーではありません"
    if site.is_dir() and any(site.iterdir()) and not (site / "index.html").is_file():
        return f"--site-dir {site} は空でなく、前に作ったサイト（index.html のあるフォルダー）でもありません"
    return ""


def _build(root: Path, site_dir: Path, engine: str = "mkdocs") -> int:
    problem = site_dir_problem(root, site_dir)
    if problem:
        print(f"{problem}。置き換えるとその中身が消えるため、サイトを作りませんでした"
              "（ヒント: 新しいフォルダーか、前に作った site/ を指定してください）。", file=sys.stderr)
        return 2
    if not available(engine):
        print(f"エンジン {engine} が入っていません（ヒント: pip install {engine}、"
              "または --engine mkdocs）。", file=sys.stderr)
        return 2
    with timing.stage("validate"):
        status = cmd_validate(root, hand_over=True)
    if status:
        print("サイトは作りませんでした（既存の site/ はそのままです）。", file=sys.stderr)
        return status
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=site_dir.parent, prefix=".site-build-") as tmp:
        fresh = Path(tmp) / "site"
        take_templates()  # none left from an earlier build in this process
        # files the old site has byte for byte are linked from it, not written (previous_site.py)
        with timing.stage("mkdocs"), previous_site.replacing(site_dir, fresh):
            status = engine_named(engine).build(root, fresh)
        if status:
            print("ビルドに失敗しました（既存の site/ はそのままです）。", file=sys.stderr)
            return status
        with timing.stage("links"):
            # pages of one template, and pages read by an earlier build: see linkcheck.py
            broken = check_links(fresh, take_templates(), cache_folder(root))
        if broken:
            print("\n".join(broken), file=sys.stderr)
            print(f"リンク切れが {len(broken)} 件あります（既存の site/ はそのままです）。", file=sys.stderr)
            return 1
        old = None
        if site_dir.exists():
            old = Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=".site-old-"))
            site_dir.rename(old / "site")
        fresh.rename(site_dir)
    if old is not None:
        _remove_later(old)
    print(f"サイトを {site_dir} に作りました。")
    return 0


def _remove_later(folder: Path) -> None:
    """Delete the site a build replaced without waiting for it (a national site is tens of
    thousands of files: seconds of unlinking after the new site is already in place). A
    folder left by a deletion that did not finish is taken by the next build's."""
    leftovers = [p for p in folder.parent.glob(".site-old-*") if p.is_dir() and not p.is_symlink()]
    try:
        subprocess.Popen(["rm", "-rf", "--", *map(str, leftovers)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:  # no rm (not expected on Linux): delete here
        for path in leftovers:
            shutil.rmtree(path, ignore_errors=True)


def cmd_check_links(site_dir: Path) -> int:
    if not (site_dir / "index.html").is_file():
        print(f"{site_dir} は作ったサイトのフォルダーではありません（index.html がありません）"
              "（ヒント: 先に python -m generator build でサイトを作ってください）。", file=sys.stderr)
        return 2
    broken = check_links(site_dir)
    print("\n".join(broken + [f"リンク切れ {len(broken)} 件"]))
    return 1 if broken else 0


def cmd_new(root: Path, kind: str, query: str, ident: str | None) -> int:
    import datetime

    from .importers.scaffold import ScaffoldError, new_case, new_district

    today = datetime.date.today().isoformat()
    try:
        path = (new_case if kind == "new-case" else new_district)(root, query, ident, today)
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"{path.relative_to(root)} を作りました。「要記入」を書き換えてから "
          "python -m generator validate で確かめてください。")
    return 0


def _import_done(root: Path, result, report_path: Path | None) -> int:
    """Print the import's report; write it as JSON when asked (--report)."""
    import json

    ledger = result.ledger
    print(ledger.text())
    if result.stopped:
        print("何も書き出していません（content/ はそのままです）。", file=sys.stderr)
    else:
        shown = ledger.files[:10] + ([f"…ほか {len(ledger.files) - 10} ファイル"] if len(ledger.files) > 10 else [])
        print(f"{len(ledger.files):,} ファイルを書き出しました（それぞれ検証済み）: " + "、".join(shown))
    if report_path is not None:
        try:
            report_path.write_text(json.dumps(ledger.as_json(), ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
        except OSError as exc:
            print(f"--report {report_path}: 書き出せません（{exc.strerror or exc}）", file=sys.stderr)
            return result.status or 2
    return result.status


def cmd_import(root: Path, args) -> int:
    from .importers.run import import_csv

    result = import_csv(root, args.file, municipality=args.municipality, district_id=args.id,
                        mapping=args.mapping, as_of=args.as_of, force=args.force, source=args.source)
    return _import_done(root, result, args.report)


def cmd_import_kayoinoba(root: Path, args) -> int:
    from .importers.run import import_kayoinoba

    result = import_kayoinoba(root, args.file, as_of=args.as_of, municipalities_=args.municipality or "",
                              prefecture=args.prefecture or "", force=args.force, source=args.source)
    return _import_done(root, result, args.report)


def cmd_update(root: Path, args) -> int:
    """Exit 0: every source unchanged or updated; 1: a source failed (content/ unchanged for
    it); 2: the registry or the options cannot be used (nothing done)."""
    import json

    from .check.data_sources import RegistryError
    from .importers import update

    try:
        outcomes = update.update(root, args.source, args.from_)
    except (RegistryError, update.UpdateError) as exc:
        print(f"{exc}。何もしませんでした（content/ はそのままです）。", file=sys.stderr)
        return 2
    print(update.text(outcomes))
    status = 1 if any(o.status == "failed" for o in outcomes) else 0
    for path, text in ((args.report, lambda: json.dumps(update.as_json(outcomes), ensure_ascii=False, indent=1) + "\n"),
                       (args.summary, lambda: update.markdown(outcomes))):
        if path is None:
            continue
        try:
            path.write_text(text(), encoding="utf-8")
        except OSError as exc:
            print(f"{path}: 書き出せません（{exc.strerror or exc}）", file=sys.stderr)
            status = status or 2
    if status == 1:
        failed = "、".join(o.id for o in outcomes if o.status == "failed")
        print(f"出典 {failed} を更新できませんでした（その出典の content/ はそのままです）。", file=sys.stderr)
    return status


def _no_dirty_warning(record) -> bool:
    """Drops MkDocs' warning that a dirty build may leave stale pages and links: the preview
    builds dirty on purpose and removes what an edit dropped itself (generator/publish/preview.py)."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def cmd_serve(root: Path, addr: str) -> int:
    import logging
    import signal

    # a terminated preview stops as Ctrl-C stops it: MkDocs shuts the server down and the
    # preview's temporary folders are removed at exit (preview.Preview.close)
    signal.signal(signal.SIGTERM, _interrupt)
    # and Ctrl-C stops it even when it was started with SIGINT ignored (a shell script's
    # background job `generator serve &`, which inherits the ignoring)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # dirty: a rebuild skips pages whose source did not change (generator/publish/preview.py);
    # not strict: a warning must not stop the preview (it would only show it)
    logging.getLogger("mkdocs.commands.build").addFilter(_no_dirty_warning)
    return _mkdocs("serve", root, dev_addr=addr, build_type="dirty", strict=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="プロジェクトのフォルダ（既定: このリポジトリ）")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="YAML を検証する")
    build = sub.add_parser("build", help="検証してサイトを作る")
    build.add_argument("--site-dir", type=Path, default=None, help="出力先（既定: site/）")
    build.add_argument("--engine", choices=ENGINES, default="mkdocs",
                       help="ページをテーマに入れるエンジン（既定: mkdocs。README の「エンジン」）")
    links = sub.add_parser("check-links", help="作ったサイトのリンク切れ（ページ内の #アンカーを含む）を調べる")
    links.add_argument("--site-dir", type=Path, default=None, help="調べるサイト（既定: site/）")
    for kind, what in (("new-case", "事例"), ("new-district", "地区")):
        new = sub.add_parser(kind, help=f"{what}のひな形を作る（市区町村コードと名前を記入済み）")
        new.add_argument("municipality", help="市区町村名（例: 大牟田市、北海道池田町）または6桁のコード")
        new.add_argument("--id", default=None, help="ファイル名にもなる id（半角英小文字・数字・ハイフン）")
    imp = sub.add_parser("import-csv", help="施設一覧（CSV・Excel）を市区町村ごとの地区の YAML にする")
    imp.add_argument("file", type=Path, help="CSV（UTF-8 / UTF-8 BOM / Shift_JIS）か Excel（.xlsx）")
    imp.add_argument("--municipality", default=None, help="市区町村コード（ファイルに市区町村の列がないとき）")
    imp.add_argument("--id", default=None, help="地区 id（出力ファイル名。既定: ファイル名と市区町村コードから）")
    imp.add_argument("--mapping", type=Path, default=None,
                     help="対応表（YAML。import-mapping.schema.json）。content/import/types.yaml より先に使う")
    imp.add_argument("--as-of", default=None, help="最終確認日（YYYY-MM-DD。既定: 行の更新日の列、"
                     "なければファイルの表題か名前の日付、なければ不明）")
    kayoi = sub.add_parser("import-kayoinoba",
                           help="厚生労働省の通いの場オープンデータ（全国のファイル）を市区町村ごとの地区にする")
    kayoi.add_argument("file", type=Path, help="通いの場のファイル（全国分。CSV か、CSV の入った ZIP）")
    kayoi.add_argument("--as-of", default=None, help="データの時点（YYYY-MM-DD。最終確認日になる。必須："
                       "--source の出典の as_of に日付があればそれ）")
    kayoi.add_argument("--municipality", default=None, help="この市区町村だけ（コード。カンマ区切りで複数）")
    kayoi.add_argument("--prefecture", default=None, help="この都道府県だけ（2桁のコード。例: 13）")
    for command in (imp, kayoi):
        command.add_argument("--source", default=None,
                             help="content/import/sources.yaml に登録した出典の id（地区に出典として記録し、"
                             "登録したオプションを既定にする）")
        command.add_argument("--force", action="store_true",
                             help="同じ id の地区のファイルがあれば更新する（追加・変更・削除を報告）")
        command.add_argument("--report", type=Path, default=None,
                             help="結果を JSON で書き出す（rows = imported + reported、problems）")
    upd = sub.add_parser("update", help="登録した出典をダウンロードし、変わっていれば取り込み直す（変更を報告）")
    upd.add_argument("--source", nargs="+", action="extend", default=[], metavar="ID",
                     help="この出典だけ（content/import/sources.yaml の id。既定: すべて）")
    upd.add_argument("--from", dest="from_", default=None, metavar="PATH_OR_URL",
                     help="登録した URL の代わりにこのファイルか URL を取り込む（--source を1つだけ付ける）")
    upd.add_argument("--report", type=Path, default=None,
                     help='結果を JSON で書き出す（{"sources": {ID: {"status", "added", "changed", "removed", '
                     '"message", …}}}）')
    upd.add_argument("--summary", type=Path, default=None, help="結果を Markdown で書き出す（プルリクエストの本文）")
    serve = sub.add_parser("serve", help="プレビュー（YAML の変更で再構築）")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command != "check-links" and not ((root / "mkdocs.yml").is_file() or (root / "content").is_dir()):
        print(f"--root {root} はプロジェクトのフォルダーではありません（mkdocs.yml も content/ もありません）。"
              "何もしませんでした（ヒント: リポジトリのフォルダーを指定してください）。", file=sys.stderr)
        return 2
    if args.command == "validate":
        return cmd_validate(root)
    if args.command == "build":
        return cmd_build(root, args.site_dir or root / "site", args.engine)
    if args.command in ("new-case", "new-district"):
        return cmd_new(root, args.command, args.municipality, args.id)
    if args.command == "import-kayoinoba":
        return cmd_import_kayoinoba(root, args)
    if args.command == "import-csv":
        return cmd_import(root, args)
    if args.command == "update":
        return cmd_update(root, args)
    if args.command == "check-links":
        return cmd_check_links(args.site_dir or root / "site")
    return cmd_serve(root, args.dev_addr)


if __name__ == "__main__":
    sys.exit(main())
