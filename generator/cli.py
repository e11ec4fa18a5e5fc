"""Command line: `python -m generator validate|build|serve` (the same code MkDocs runs).

validate  check every YAML file; print all problems as `file:line: field: message`
build     validate, then build the site into a temporary folder, check its links, and
          swap it into place only when all of that succeeded (never a half-built site)
check-links  check internal links and #anchors of a built site (offline)
new-case / new-district  write a commented template with the municipality filled in
import-csv   turn a facility list CSV into a district YAML, reporting every row it skips
serve     live preview that rebuilds when a YAML file or template changes
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .linkcheck import check_links
from .problems import errors, report
from .validate import load_atlas

ROOT = Path(__file__).resolve().parents[1]


def _github() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def cmd_validate(root: Path) -> int:
    _, problems = load_atlas(root)
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


def _mkdocs(command: str, root: Path, **options) -> int:
    """Run MkDocs in this process, so its hook reuses the files `validate` has just
    loaded and checked (validate.py keeps them by content) instead of doing it again."""
    import logging

    from mkdocs import config as mkdocs_config
    from mkdocs.__main__ import ColorFormatter
    from mkdocs.commands import build, serve
    from mkdocs.exceptions import Abort, ConfigurationError

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ.setdefault("SOURCE_DATE_EPOCH", _source_date_epoch(root))
    logger = logging.getLogger("mkdocs")
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


def cmd_build(root: Path, site_dir: Path) -> int:
    status = cmd_validate(root)
    if status:
        print("サイトは作りませんでした（既存の site/ はそのままです）。", file=sys.stderr)
        return status
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=site_dir.parent, prefix=".site-build-") as tmp:
        fresh = Path(tmp) / "site"
        status = _mkdocs("build", root, site_dir=str(fresh), strict=True)
        if status:
            print("ビルドに失敗しました（既存の site/ はそのままです）。", file=sys.stderr)
            return status
        broken = check_links(fresh)
        if broken:
            print("\n".join(broken), file=sys.stderr)
            print(f"リンク切れが {len(broken)} 件あります（既存の site/ はそのままです）。", file=sys.stderr)
            return 1
        old = Path(tmp) / "old"
        if site_dir.exists():
            site_dir.rename(old)
        fresh.rename(site_dir)
    print(f"サイトを {site_dir} に作りました。")
    return 0


def cmd_check_links(site_dir: Path) -> int:
    broken = check_links(site_dir)
    print("\n".join(broken + [f"リンク切れ {len(broken)} 件"]))
    return 1 if broken else 0


def cmd_new(root: Path, kind: str, query: str, ident: str | None) -> int:
    import datetime

    from .scaffold import ScaffoldError, new_case, new_district

    today = datetime.date.today().isoformat()
    try:
        path = (new_case if kind == "new-case" else new_district)(root, query, ident, today)
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"{path.relative_to(root)} を作りました。「要記入」を書き換えてから "
          "python -m generator validate で確かめてください。")
    return 0


def _report_import(root: Path, out: Path, result) -> int:
    """Print the import report, then validate the written file within the project."""
    print("\n".join(result.lines()))
    print(f"{out} に書き出しました。検証します。")
    _, problems = load_atlas(root)
    mine = [p for p in problems if out.resolve() == (root / p.path).resolve()]
    if mine:
        print(report(mine))
    return 1 if errors(mine) else 0


def cmd_import(root: Path, csv_path: Path, mapping: Path, out_dir: Path | None) -> int:
    from .importer import CsvImportError, import_csv

    out_dir = out_dir or root / "content" / "districts"
    try:
        out, result = import_csv(csv_path, mapping, out_dir)
    except (CsvImportError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 2
    return _report_import(root, out, result)


def cmd_import_kayoinoba(root: Path, csv_path: Path, district_id: str, as_of: str) -> int:
    from .importer import CsvImportError
    from .kayoinoba import import_kayoinoba

    try:
        out, result = import_kayoinoba(csv_path, district_id, as_of, root / "content" / "districts")
    except (CsvImportError, ValueError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 2
    return _report_import(root, out, result)


def _no_dirty_warning(record) -> bool:
    """Drops MkDocs' warning that a dirty build may leave stale pages and links: the preview
    builds dirty on purpose and removes what an edit dropped itself (generator/preview.py)."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def cmd_serve(root: Path, addr: str) -> int:
    import logging

    # dirty: a rebuild skips pages whose source did not change (generator/preview.py);
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
    links = sub.add_parser("check-links", help="作ったサイトのリンク切れ（ページ内の #アンカーを含む）を調べる")
    links.add_argument("--site-dir", type=Path, default=None, help="調べるサイト（既定: site/）")
    for kind, what in (("new-case", "事例"), ("new-district", "地区")):
        new = sub.add_parser(kind, help=f"{what}のひな形を作る（市区町村コードと名前を記入済み）")
        new.add_argument("municipality", help="市区町村名（例: 大牟田市、北海道池田町）または6桁のコード")
        new.add_argument("--id", default=None, help="ファイル名にもなる id（半角英小文字・数字・ハイフン）")
    imp = sub.add_parser("import-csv", help="施設一覧の CSV（自治体標準オープンデータセットなど）を地区の YAML にする")
    imp.add_argument("csv", type=Path, help="CSV ファイル（UTF-8 / UTF-8 BOM / Shift_JIS）")
    imp.add_argument("--mapping", type=Path, required=True, help="対応表（YAML。import-mapping.schema.json）")
    imp.add_argument("--out-dir", type=Path, default=None, help="出力先（既定: content/districts/）")
    kayoi = sub.add_parser("import-kayoinoba", help="厚生労働省の通いの場オープンデータ CSV を地区の YAML にする")
    kayoi.add_argument("csv", type=Path, help="通いの場 CSV（1市区町村分。UTF-8 / Shift_JIS）")
    kayoi.add_argument("--id", required=True, help="地区 id（出力ファイル名）")
    kayoi.add_argument("--as-of", required=True, help="データの時点（YYYY-MM-DD。最終確認日になる）")
    serve = sub.add_parser("serve", help="プレビュー（YAML の変更で再構築）")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "validate":
        return cmd_validate(root)
    if args.command == "build":
        return cmd_build(root, args.site_dir or root / "site")
    if args.command in ("new-case", "new-district"):
        return cmd_new(root, args.command, args.municipality, args.id)
    if args.command == "import-kayoinoba":
        return cmd_import_kayoinoba(root, args.csv, args.id, args.as_of)
    if args.command == "import-csv":
        return cmd_import(root, args.csv, args.mapping, args.out_dir)
    if args.command == "check-links":
        return cmd_check_links(args.site_dir or root / "site")
    return cmd_serve(root, args.dev_addr)


if __name__ == "__main__":
    sys.exit(main())
