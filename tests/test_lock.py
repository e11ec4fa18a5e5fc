"""The locked install (requirements.txt, made from pyproject.toml by ./lock.sh and installed
by setup.sh with hashes): it must still satisfy pyproject.toml, or a dependency changed there
was never locked and setup.sh would install the old one."""

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _locked() -> dict[str, str]:
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    return {canonicalize_name(m.group(1)): m.group(2) for m in re.finditer(r"(?m)^([A-Za-z0-9._-]+)==(\S+)", text)}


def test_every_dependency_of_pyproject_is_locked_at_a_version_it_allows():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]
    locked = _locked()
    assert len(locked) > len(wanted) > 10
    unlocked = [str(r) for r in wanted if not r.specifier.contains(locked.get(canonicalize_name(r.name), "0"),
                                                                   prereleases=True)]
    assert unlocked == [], "run ./lock.sh and commit requirements.txt"


def test_every_locked_package_has_hashes_and_is_the_one_installed():
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    entries = re.split(r"(?m)^(?=[A-Za-z0-9._-]+==)", text)[1:]
    assert entries and all("--hash=sha256:" in entry for entry in entries)
    # what setup.sh installed is the lock, not whatever the registry served that day
    differ = {name: (pinned, version(name)) for name, pinned in _locked().items() if version(name) != pinned}
    assert differ == {}
