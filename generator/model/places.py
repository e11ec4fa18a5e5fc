"""Resources that are one place: a facility listed once per service (介護サービス事業所一覧,
介護サービス情報公表) keeps one resource per service — the worksheet counts services — but
the map draws it as one marker that lists its services, and search shows it once.

The rule is derived from the data, so it holds for imported and hand-written districts alike
and needs no field to keep up to date: two resources of one district are one place when

- their names are the same once written alike (NFKC, case and white space ignored:
  「ニチイケアセンター下松」 ×3, 「のんびり村花岡 」 with a trailing space), and
- they are at the same published point (to the map's 1e-5°), or both publish their whole
  address (`exact`, or no location) and it is the same once written alike;

and places are what these links join. The name is required: offices of different names in
one building (「さくら苑デイサービスセンター」 and 「ショートステイ野の花」) are different
places even at one point. An explicit `place:` field written by the importer was the other
way; it would hold only for imported rows and could go stale when a contributor edits a
name or a point, where this rule follows the edit.

Privacy: the rule reads only what a place publishes (privacy.public_location and the
model's address, already cut). Places of different precision are never joined (an
`approximate` one joined to an `exact` one at its rounded point would pin it to that
point), `approximate` ones are joined only on their rounded point (their 町丁目 says less
than an address), and `hidden` ones, which publish neither, are always a place of their own.
So a place reveals nothing that its resources did not already publish one by one.
"""

from __future__ import annotations

import unicodedata

from .model import Resource
from .privacy import public_location

SCALE = 100_000  # as mapdata.SCALE: points are compared as the map shows them

# importers/facilities.py writes the service as published (実施サービス, サービスの種類 …) as
# the first line of the description; it names the service better than the category does
# (every 介護保険 service is 「介護サービス」)
KIND_PREFIX = "種別："


def same_text(text: str) -> str:
    """A name or an address as compared: NFKC, lower case, no white space (str.split's white
    space is the regular expression \\s's: both are str.isspace)."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).lower()


def _keys(r: Resource, name: str) -> list[tuple]:
    """What joins `r` (its name `same_text`) to another resource of its district (nothing for
    a hidden place)."""
    location = public_location(r.location)
    precision = location.precision if location else "exact"
    if precision == "hidden" or not name:
        return []
    keys = []
    if location is not None and location.mappable:
        keys.append(("point", precision, name, round(location.lat * SCALE), round(location.lon * SCALE)))
    address = same_text(r.address)
    if precision == "exact" and address:
        keys.append(("address", name, address))
    return keys


def places(resources: list[Resource]) -> list[list[int]]:
    """The resources (of one district) grouped into places: lists of indexes into
    `resources`, each in the resources' order, the lists in the order of their first one."""
    names = [same_text(r.name) for r in resources]
    if len(set(names)) == len(names):  # every key holds the name: no two can be one place (most districts)
        return [[i] for i in range(len(resources))]
    keys = [_keys(r, name) for r, name in zip(resources, names, strict=True)]
    first: dict[tuple, int] = {}
    joined = [(i, first.setdefault(key, i)) for i, own in enumerate(keys) for key in own]
    if all(i == j for i, j in joined):  # most districts: no two resources are one place
        return [[i] for i in range(len(resources))]
    parent = list(range(len(resources)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in joined:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(resources)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def service_label(r: Resource) -> str:
    """What a place's list calls this resource: its サービス類型, else the service as the
    imported list published it, else its category."""
    if r.service_type is not None:
        return r.service_type.label
    first = (r.description or "").split("\n", 1)[0]
    if first.startswith(KIND_PREFIX) and first[len(KIND_PREFIX):].strip():
        return first[len(KIND_PREFIX):].strip()
    return r.category.label
