"""The chart cache in CI: restored for every run, saved only from pushes to main (poisoning: the
cached SVGs end up on the published site), keyed on the renderer's version. actionlint and zizmor
run over the same workflow in test_lint.py."""

from __future__ import annotations

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["checks"]["steps"]


def test_chart_cache_restored_before_the_build_and_saved_only_from_main() -> None:
    names = [step.get("uses", "").split("@")[0] or step.get("name") for step in steps()]
    restore, build, save = (names.index("actions/cache/restore"), names.index("Build the site (mkdocs build --strict)"),
                            names.index("actions/cache/save"))  # fmt: skip
    assert restore < build < save
    saving = steps()[save]
    assert "github.event_name == 'push'" in saving["if"] and "github.ref == 'refs/heads/main'" in saving["if"]
    assert not any(step.get("uses", "").startswith("actions/cache@") and ".cache/charts" in str(step) for step in steps())
    for step in (steps()[restore], saving):
        assert step["with"]["path"] == ".cache/charts"
        assert "steps.renderer.outputs.version" in step["with"]["key"]
    assert "hashFiles('.cache/charts/**')" in saving["with"]["key"]


def test_cache_key_prefix_matches_between_restore_and_save() -> None:
    by_uses = {step.get("uses", "").split("@")[0]: step for step in steps()}
    prefix = by_uses["actions/cache/restore"]["with"]["restore-keys"].strip()
    assert by_uses["actions/cache/save"]["with"]["key"].startswith(prefix)
    assert by_uses["actions/cache/restore"]["with"]["key"].startswith(prefix)
