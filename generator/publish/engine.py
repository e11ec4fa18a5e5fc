"""The seam between the atlas's own stages and the site generator that puts pages in a theme.

The atlas's stages — validate → model → render → write the generated part — import no MkDocs:
`generate` renders an Atlas into a folder and returns a `GeneratedSite`; `write_generated`
does all of it for a project folder, writing a plain docs tree (pages as Markdown files,
every other generated file beside them), e.g. for an engine that runs no hooks.

An engine is an adapter behind `Engine.build(project, site_dir, generated)`. MkDocs 1.6.1 +
Material is the default; ProperDocs (a drop-in fork of MkDocs 1.x that keeps `hooks:`) runs
the same hooks through its `mkdocs.*` import aliases. Both call `generate` from hooks.py
while they build (on_files), so `generated` is the function that makes the generated part,
called when the engine is ready for it: MkDocs must have cleaned the output folder first,
and the non-page files are written straight there, never held in memory (a national site
is hundreds of megabytes). See the README's 「エンジン」 section.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import yaml

from ..check.problems import errors, report
from ..check.validate import cache_folder, load_atlas
from ..model.model import Atlas
from ..render.htmlblocks import HtmlBlocks
from ..render.report import report_form
from ..render.site import write_file, write_site
from .cache_dir import CacheDir

ENGINES = ("mkdocs", "properdocs")


@dataclasses.dataclass
class GeneratedSite:
    """What the atlas's stages produced: `pages` (docs-relative path → Markdown source: front
    matter and an HTML body, or with `blocks` a placeholder for it) go to the engine; `files`
    (docs-relative paths) are already written under `folder` as they are published."""
    folder: Path
    pages: dict[str, str]
    files: list[str]


Generate = Callable[[Path], GeneratedSite]


class Engine(Protocol):
    """Builds the site of `project` into `site_dir` (an empty folder) with the pages and files
    `generated(folder)` makes; returns the exit status (0: built)."""
    name: str

    def build(self, project: Path, site_dir: Path, generated: Generate | None = None) -> int: ...


class GenerateError(Exception):
    """The project's YAML has errors: the message is the report (`file:line: field: message`)."""


def generate(atlas: Atlas, folder: Path, blocks: HtmlBlocks | None = None,
             cache: CacheDir | Path | None = None) -> GeneratedSite:
    """Render `atlas`: every file that is not a page is written under `folder`; the pages come
    back (their HTML stashed in `blocks` when given, htmlblocks.py). Folder links in page
    bodies already point at index.html (offline.file_links), as in the finished site."""
    pages, written = write_site(atlas, folder, blocks, cache, links=True)
    return GeneratedSite(folder, pages, written)


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: MkDocs' own tags (`!ENV`, `!relative`, `!!python/name:`)
    are read as the text they hold, enough for the few settings the stages take."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: (
    loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None))
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(project: Path) -> dict:
    with open(project / "mkdocs.yml", encoding="utf-8") as f:
        return yaml.load(f, Loader=_ConfigLoader) or {}  # a SafeLoader


def apply_settings(atlas: Atlas, site_url: str, repo_url: str, extra: dict, pdf: bool,
                   site_name: str = "", site_description: str = "") -> None:
    """The settings the pages take from mkdocs.yml (site and repository address, report form,
    the editor's branch, the name the web app manifest shows) and whether PDFs are printed
    (pages link them only then)."""
    own = (extra or {}).get("atlas") or {}
    atlas.settings["site_url"] = site_url or ""
    atlas.settings["site_name"] = site_name or ""  # the web app manifest (render/webapp.py)
    atlas.settings["site_description"] = site_description or ""
    atlas.settings["report_url"] = report_form(repo_url or "", own.get("report_url", ""))
    atlas.settings["repository_url"] = repo_url or ""
    atlas.settings["repository_branch"] = own.get("repository_branch", "") or "main"
    atlas.settings["pdf"] = pdf


def write_generated(project: Path, folder: Path) -> GeneratedSite:
    """Validate, model and render the project at `project` into `folder` as a plain docs tree:
    each page as its Markdown file, every other generated file beside it. No PDFs (an engine
    prints them: hooks.py). Raises GenerateError when the YAML has errors (nothing written)."""
    atlas, problems = load_atlas(project, freeze=True)
    if errors(problems):
        raise GenerateError(report(problems))
    config = read_config(project)
    apply_settings(atlas, config.get("site_url") or "", config.get("repo_url") or "",
                   config.get("extra") or {}, pdf=False, site_name=str(config.get("site_name") or ""),
                   site_description=str(config.get("site_description") or ""))
    site = generate(atlas, folder, cache=cache_folder(project))
    for path, source in site.pages.items():
        write_file(folder, path, source)
    return site


@dataclasses.dataclass
class HookedEngine:
    """MkDocs, or ProperDocs under MkDocs' names: runs mkdocs.yml with hooks.py, which calls
    the stages (`generate`) when the engine has cleaned `site_dir`, so `generated` is unused."""
    name: str

    def build(self, project: Path, site_dir: Path, generated: Generate | None = None) -> int:
        from ..cli import _mkdocs
        return _mkdocs("build", project, self.name, site_dir=str(site_dir), strict=True)


def engine_named(name: str) -> Engine:
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}")
    return HookedEngine(name)


def available(name: str) -> bool:
    """Whether the engine's package is installed (ProperDocs is a dev dependency only)."""
    return name == "mkdocs" or importlib.util.find_spec(name) is not None


def use(name: str) -> None:
    """Make `import mkdocs…` load the engine `name` (ProperDocs: its own alias module), before
    anything imports MkDocs; mixing both in one process would mix their classes."""
    if name == "mkdocs":
        return
    if any(m == "mkdocs" or m.startswith("mkdocs.") for m in sys.modules):
        raise RuntimeError(f"{name}: MkDocs is imported already in this process")
    __import__(f"{name}.replacement")
