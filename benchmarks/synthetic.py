"""Synthetic national data for benchmarks (never site content): real municipality codes
and representative points, N districts per municipality, resources spread over every
category and target state, deterministic from a seed. Every district is `demo: true`
and every name says 合成データ, so nothing here can be mistaken for a real place.

    python -m benchmarks.synthetic OUT --size small|prefecture|nation [--from PROJECT] [--seed N]

writes such a project to OUT (a new folder): the cases and content of PROJECT (the
repository itself unless given) with the synthetic districts in place of its own, and
links to its generator/ and site_templates/, so `python -m generator --root OUT build`
builds it. Outside checks call this command: keep its arguments stable.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from generator.model import municipalities

SIZES = {  # name: (municipalities, districts per municipality, resources per district)
    "tiny": (10, 1, 10),  # small's municipalities with half its districts (growth per district)
    "small": (10, 2, 10),
    "prefecture": (60, 6, 13),
    "nation": (1741, 6, 13),
}
CATEGORIES = ("hobby-individual", "salon", "kayoinoba", "general-prevention", "prevention-service",
              "other", "care-service")
STATES = ("genki", "kyojaku", "near-care")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _municipalities(size: str) -> list:
    n = SIZES[size][0]
    munis = [m for _, m in sorted(municipalities.load().items()) if m.name and m.lat is not None]
    if size == "prefecture":  # one real prefecture's worth: Hokkaido's first municipalities
        munis = [m for m in munis if m.prefecture == "北海道"]
    return munis[:n]


def district_dicts(size: str, seed: int = 1):
    """Yield district dicts (as they would be written in YAML)."""
    _, n_districts, n_resources = SIZES[size]
    rng = random.Random(seed)
    for m in _municipalities(size):
        for d in range(n_districts):
            resources = []
            for r in range(n_resources):
                precision = rng.choices(["exact", "approximate", "hidden"], [80, 15, 5])[0]
                location = {"precision": precision}
                if precision != "hidden":
                    location.update(lat=round(m.lat + rng.uniform(-0.03, 0.03), 5),
                                    lon=round(m.lon + rng.uniform(-0.03, 0.03), 5))
                opens = rng.choice(["09:30", "10:00", "13:30", "14:00"])
                resources.append({
                    "id": f"r{r}", "name": f"合成データ{m.name}{d}-{r}",
                    "category": CATEGORIES[(d + r) % len(CATEGORIES)],
                    "target_states": sorted(rng.sample(STATES, rng.randint(1, 2)), key=STATES.index),
                    "schedule": {"text": "合成データ", "rules": [
                        {"freq": "weekly", "byday": [rng.choice(DAYS)], "opens": opens,
                         "closes": f"{int(opens[:2]) + 2:02d}{opens[2:]}"}]},
                    "location": location, "last_verified": "2026-01-01",
                })
            yield {
                "id": f"syn-{m.code}-{d}", "name": f"合成データ地区{d}", "layer": "junior-high-school",
                "municipality": {"code": m.code, "prefecture": m.prefecture, "name": m.name},
                "demo": True, "description": "ベンチマーク用の合成データ（架空）", "last_reviewed": "2026-01-01",
                "resources": resources,
            }


def write_project(root: Path, dest: Path, size: str, seed: int = 1) -> int:
    """A copy of the project at `dest` whose districts are the synthetic ones; returns the count."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(root / "cases", dest / "cases")
    shutil.copytree(root / "content", dest / "content", ignore=shutil.ignore_patterns("districts"))
    shutil.copy(root / "mkdocs.yml", dest / "mkdocs.yml")
    for shared in ("generator", "site_templates"):
        (dest / shared).symlink_to(root / shared, target_is_directory=True)
    (dest / "content" / "districts").mkdir()
    n = 0
    for district in district_dicts(size, seed):
        text = yaml.safe_dump(district, allow_unicode=True, sort_keys=False, width=1000)
        (dest / "content" / "districts" / f"{district['id']}.yaml").write_text(text, encoding="utf-8")
        n += 1
    return n


ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic",
                                     description="合成データのプロジェクトを OUT に書きます（ベンチマーク用）。")
    parser.add_argument("out", metavar="OUT", type=Path, help="書き出すフォルダー（まだないもの）")
    parser.add_argument("--size", choices=list(SIZES), default="small", help="規模（既定: small）")
    parser.add_argument("--from", dest="project", metavar="PROJECT", type=Path, default=ROOT,
                        help="cases/・content/ を写すプロジェクト（既定: このリポジトリ）")
    parser.add_argument("--seed", type=int, default=1, help="乱数の種（同じ種なら同じデータ）")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    out = args.out.resolve()
    missing = [name for name in ("cases", "content", "mkdocs.yml", "generator", "site_templates")
               if not (project / name).exists()]
    if missing:
        print(f"{project}: プロジェクトではありません（{'、'.join(missing)} がありません）。"
              "ヒント: --from にリポジトリーのフォルダーを指定してください。", file=sys.stderr)
        return 2
    if out.exists() or out.is_symlink():
        print(f"{out}: もうあります。ヒント: まだないフォルダーを指定してください（上書きはしません）。",
              file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    # written beside OUT and renamed at the end: OUT is the whole project or nothing
    work = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.synthetic-"))
    try:
        n = write_project(project, work / "project", args.size, args.seed)
        (work / "project").rename(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{out}: 合成データの地区 {n} 件（--size {args.size}、--seed {args.seed}）を書きました。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
