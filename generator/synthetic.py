"""Synthetic national data for benchmarks (never site content): real municipality codes
and representative points, N districts per municipality, resources spread over every
category and target state, deterministic from a seed. Every district is `demo: true`
and every name says 合成データ, so nothing here can be mistaken for a real place."""

from __future__ import annotations

import random
from dataclasses import replace

from . import municipalities
from .model import Atlas, District, Location, Resource

SIZES = {  # name: (municipalities, districts per municipality, resources per district)
    "small": (10, 2, 10),
    "prefecture": (60, 6, 13),
    "nation": (1741, 6, 13),
}


def synthetic_atlas(base: Atlas, size: str, seed: int = 1) -> Atlas:
    n_munis, n_districts, n_resources = SIZES[size]
    rng = random.Random(seed)
    munis = [m for code, m in sorted(municipalities.load().items()) if m.name and m.lat is not None]
    if size == "prefecture":  # one real prefecture's worth: Hokkaido's first municipalities
        munis = [m for m in munis if m.prefecture == "北海道"]
    munis = munis[:n_munis]
    categories = base.vocab("categories").terms
    states = base.vocab("target_states").terms
    layer = base.vocab("layers").terms[0]
    districts = []
    for m in munis:
        for d in range(n_districts):
            resources = []
            for r in range(n_resources):
                precision = rng.choices(["exact", "approximate", "hidden"], [80, 15, 5])[0]
                resources.append(Resource(
                    id=f"r{r}", name=f"合成データ{m.name}{d}-{r}",
                    category=categories[(d + r) % len(categories)],
                    target_states=rng.sample(states, rng.randint(1, 2)), activity_types=[],
                    last_verified="2026-01-01",
                    location=Location(m.lat + rng.uniform(-0.03, 0.03), m.lon + rng.uniform(-0.03, 0.03),
                                      precision),
                ))
            districts.append(District(
                id=f"syn-{m.code}-{d}", path="(synthetic)", name=f"合成データ地区{d}", layer=layer,
                municipality=m, demo=True, description="ベンチマーク用の合成データ（架空）", maintainer="",
                last_reviewed="2026-01-01", resources=resources))
    return replace(base, districts=districts, cases=base.cases)
