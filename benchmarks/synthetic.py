"""Synthetic national data for benchmarks (never site content): real municipality codes
and representative points, N districts per municipality, resources spread over every
category and target state, deterministic from a seed. Every district is `demo: true`
and every name says 合成データ, so nothing here can be mistaken for a real place."""

from __future__ import annotations

import random
import shutil
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
