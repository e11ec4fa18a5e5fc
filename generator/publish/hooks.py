"""The MkDocs adapter (engine.py): validate on config, add generated files, watch YAML.

Registered in mkdocs.yml under `hooks:`. A validation error stops the build before
MkDocs writes anything, so a half-built site is never produced. In a preview (`serve`)
it does not stop the server: the problems are shown in the browser (preview.py).
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from generator import paths
from generator.check.problems import errors, report, visible
from generator.check.validate import Sources, cache_folder, forget_files, load_atlas
from generator.publish import pdf, timing
from generator.publish.engine import apply_settings, generate
from generator.publish.preview import preview
from generator.render.compact import compact_html
from generator.render.htmlblocks import HtmlBlocks
from generator.render.mylist import DISTRICTS_INDEX
from generator.render.offline import file_links, write_zip, zip_wanted
from generator.render.pages import render_registry
from generator.render.sheets import print_jobs
from generator.render.sitemap import sitemap_with
from generator.render.themed import HIDE, STAND_IN_PAGE, Skeleton, fill_pages, is_themed_once, stand_in_source
from generator.render.themed import meta as themed_meta
from generator.render.themed import wanted as themed_wanted
from generator.render.webapp import write_worker

log = logging.getLogger("mkdocs.plugins.chiiki_atlas")
_state: dict = {}


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_startup(command, dirty=False):
    _state["command"] = command


def on_config(config):
    serving = _state.get("command") == "serve"
    atlas, problems = load_atlas(_root(config), freeze=not serving)
    if errors(problems):
        if serving:  # keep serving: every page shows the problems until they are fixed
            *lines, summary = report(problems).splitlines()  # sorted, then 「エラー n 件、警告 m 件」
            _state["atlas"], _state["problems"] = None, (lines, summary)
            log.error("YAML の検証でエラーが見つかりました（プレビューのページにも表示します）。\n" + report(problems))
            return config
        raise Abort("YAML の検証でエラーが見つかったため、サイトを作りませんでした。\n"
                    + report(problems, github=os.environ.get("GITHUB_ACTIONS") == "true"))
    warnings = [p.format() for p in problems]  # errors stopped above
    if not serving or warnings != _state.get("warnings"):  # a preview repeats them only when they change
        for line in warnings:  # info, so `--strict` does not fail on them
            log.info(line)
    _state["warnings"], _state["problems"] = warnings, ([], "")
    apply_settings(atlas, config.site_url, config.repo_url, config.extra, _pdf_wanted(),
                   site_name=config.site_name, site_description=config.site_description)
    # pages register the service worker and link the manifest in a build, never in a preview
    config.extra["atlas_worker"] = not serving
    _state["atlas"] = atlas
    if _state.get("command") != "serve":
        forget_files()  # memory: a preview keeps them to re-read only what changes
        # the Atlas lives as long as the build: the garbage collector need not walk it again,
        # nor touch its pages in the forked workers (which would copy them)
        gc.freeze()
    return config


def on_files(files: Files, config) -> Files:
    """Pages go to MkDocs; every other generated file is written straight into site_dir
    (MkDocs has cleaned it already), so the build never holds them all in memory."""
    _no_linked_pages(files, config)
    if _state.get("command") == "serve":  # only what an edit changed (see preview.py)
        pv, site_dir, atlas = preview(), Path(config.site_dir), _state["atlas"]
        # while the YAML does not validate, the last good pages stay as they are
        pages = pv.pages if atlas is None else pv.write(atlas, site_dir)
        _no_clash(files, pages)
        for path in pages:
            files.append(File.generated(config, path, abs_src_path=str(pv.sources / path)))
        if atlas is not None:  # a dirty build deletes nothing: drop what is gone
            pv.prune_outputs(site_dir, {f.dest_path for f in files})
        return files
    _state["blocks"] = blocks = HtmlBlocks()
    with timing.stage("render"):
        units = cache_folder(_root(config))
        # page bodies come back with their folder links written (on_post_page, _fill_themed)
        generated = generate(_state["atlas"], Path(config.site_dir), blocks,
                             units / "units" if units is not None else None)
    sources = generated.pages
    _no_clash(files, [*sources, *generated.files])
    # pages of one kind are put into the theme's page for a stand-in (render/themed.py)
    themed = {path: source for path, source in sources.items()
              if themed_wanted() and is_themed_once(path) and themed_meta(source).hide == HIDE}
    if themed:
        files.append(File.generated(config, STAND_IN_PAGE, content=stand_in_source(HIDE)))
    _state["themed"] = themed
    for path, source in sources.items():
        if path not in themed:
            files.append(File.generated(config, path, content=source))
    return files


def _no_linked_pages(files: Files, config) -> None:
    """Hand-written pages are regular files inside the project: MkDocs follows symlinks in
    docs_dir, so a link to /etc/passwd there would be published (as load.py refuses for YAML)."""
    docs = Path(config.docs_dir)
    project = _root(config).resolve()
    for f in files:
        if not f.abs_src_path or not Path(f.abs_src_path).is_relative_to(docs):
            continue
        rel = Path(f.abs_src_path).relative_to(docs)
        linked = docs.is_symlink() or any(docs.joinpath(*rel.parts[:i + 1]).is_symlink() for i in range(len(rel.parts)))
        if linked or not Path(f.abs_src_path).resolve().is_relative_to(project):
            shown = visible(rel.as_posix())
            raise Abort(f"content/pages の {shown} はシンボリックリンクです（リンク先のファイルは公開しません）。"
                        "ファイルそのものを置いてください。")


def _no_clash(files: Files, generated) -> None:
    for path in generated:
        if files.get_file_from_path(path) is not None:
            raise Abort(f"content/pages/{path} は自動生成されるファイルと同じ名前です。別の名前にしてください。")


def on_page_content(html, page, config, files):
    """The about page (content/pages/about.md) ends with every registered dataset, its credit
    and licence (data_sources.py): added as HTML after Markdown, so registry text is never read as
    Markdown, only escaped."""
    atlas = _state.get("atlas")
    if page.file.src_uri == "about.md" and atlas is not None and atlas.data_sources:
        return html + render_registry(atlas.data_sources)
    return html


def on_template_context(context, template_name, config):
    """The 404 page's table (site_templates/overrides/404.html): the site's base path (MkDocs
    gives an error page the path of site_url, or "/" when it is empty), the addresses the
    site served before and where they lead now, and the script that lists the district ids."""
    if template_name == "404.html":
        context["atlas_moved"] = moved_table(context.get("base_url") or "/")
    return context


def moved_table(base: str) -> dict:
    """What 404.html's script reads (as JSON): base path, [former address, target], ids script."""
    base = base if base.endswith("/") else base + "/"
    return {"base": base, "moved": [list(pair) for pair in paths.FORMER_ADDRESSES], "ids": DISTRICTS_INDEX}


def on_post_page(output: str, page, config) -> str:
    """Put each generated page's HTML body back (render/htmlblocks.py): Markdown never saw it;
    the theme's part first loses its template indentation (render/compact.py). Folder links
    then point at index.html, so the site also works from file:// (offline.py)."""
    output = compact_html(output)
    if _state.get("command") == "serve":
        return file_links(preview().blocks.restore(output))
    output = file_links(_state["blocks"].restore(output) if "blocks" in _state else output)
    if page.file.src_uri == STAND_IN_PAGE:
        _state["skeleton"] = Skeleton(output)
    return output


def _close_blocks() -> None:
    if "blocks" in _state:
        _state.pop("blocks").close()


def on_build_error(error):
    _close_blocks()


def _pdf_wanted() -> bool:
    """PDFs are printed on build, not during `mkdocs serve` (too slow for live preview);
    ATLAS_PDF=0 skips them, e.g. on a machine without Chromium. Pages link them only then."""
    return _state.get("command") != "serve" and os.environ.get("ATLAS_PDF") != "0"


def _fill_themed(site_dir: Path) -> None:
    """The pages put into the theme's page for the stand-in; the stand-in's own page goes."""
    themed = _state.pop("themed", {})
    if not themed:
        return
    fill_pages(_state.pop("skeleton"), themed, _state["blocks"], site_dir, linked=True)
    stand_in = site_dir / STAND_IN_PAGE[:-len(".md")]
    (stand_in / "index.html").unlink()
    stand_in.rmdir()
    sitemap_with(site_dir, STAND_IN_PAGE[:-len(".md")] + "/",
                 [path[:-len(".md")] + "/" for path in sorted(themed)])


def on_post_build(config):
    """Write the pages of the themed-once kind; print the worksheets and check-sheets to PDF;
    then the whole site as one zip. In a preview: tell the server the build is done."""
    if _state.get("command") != "serve":
        with timing.stage("themed"):
            _fill_themed(Path(config.site_dir))
        write_worker(Path(config.site_dir))  # versioned by the pages it stores: after them, before the ZIP
    _close_blocks()
    if _state.get("command") == "serve":
        preview().finished(*_state.get("problems", ([], "")))
    if not _pdf_wanted():
        return
    executable = pdf.chromium_path()
    if executable is None:
        raise Abort("印刷用PDFを作るには Chromium が必要です（./setup.sh が入れます）。"
                     "PDF なしで作るときは ATLAS_PDF=0 を付けてください。")
    written = pdf.print_pdfs(Path(config.site_dir), print_jobs(_state["atlas"]), executable,
                             config.site_url or "")
    log.info("印刷用PDF %d 件を作りました", len(written))
    if zip_wanted(_state["atlas"]):
        target = write_zip(Path(config.site_dir), int(os.environ.get("SOURCE_DATE_EPOCH") or 0))
        log.info("オフライン用の ZIP（%d MB）を作りました", target.stat().st_size // 1_000_000)


def on_serve(server, config, builder):
    for path in Sources(_root(config)).watched():
        if path.exists():
            server.watch(str(path))
    server.watch(str(Path(__file__).resolve().parents[2] / "site_templates"))
    pv = preview()

    def build():
        """MkDocs' server holds every request after a failed rebuild until one succeeds (the
        browser hangs): a failure is shown on the error page instead, and the build ends."""
        try:
            builder()
        except Exception as exc:  # any failure: shown, and the server goes on
            log.error("サイトを作れませんでした（プレビューのページにも表示します）：%s", exc)
            pv.finished([f"サイトを作れませんでした（{type(exc).__name__}）", *str(exc).splitlines()])

    server.builder = build
    server.set_app(pv.serve(server.get_app()))
    return server
