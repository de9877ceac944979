"""An incident's history (its public corrections log) and the precision of a claim's date:
rules that a field's type cannot say. Each problem is located at the entry or field concerned."""

from __future__ import annotations

import functools

from build_scripts.inputs.load import LoadedFile
from build_scripts.model.records import ChangeKind, Incident, Redirect
from build_scripts.problems import Problem

_CLAIM_KINDS = {ChangeKind.claim_added, ChangeKind.figure_corrected}


def check_histories(
    file: LoadedFile, incidents: list[tuple[int, Incident]], redirects: list[Redirect]
) -> list[Problem]:
    """Every incident's history: dates in order and not before the incident, one publication first,
    each kind with the fields it needs, re-gradings that chain up to the current grading, merges
    whose old ids redirect here; and no claim date precision without a claim date."""
    merged_into = {(r.old_id, r.new_id) for r in redirects if r.kind.value == "incident"}
    problems: list[Problem] = []
    for index, incident in incidents:
        problems += _claim_dates(file, index, incident)
        problems += _history(file, index, incident, merged_into)
    return problems


def _claim_dates(file: LoadedFile, index: int, incident: Incident) -> list[Problem]:
    return [
        Problem(
            file.locate((index, "claims", j, "claimed_on_precision"), key=True),
            f"claim '{incident.id}/{claim.id}' has claimed_on_precision but no claimed_on",
            "give claimed_on (the first day of the week, month or year it is known to), or remove the precision",
        )
        for j, claim in enumerate(incident.claims)
        if claim.claimed_on_precision is not None and claim.claimed_on is None
    ]


def _history(file: LoadedFile, index: int, incident: Incident, merged_into: set[tuple[str, str]]) -> list[Problem]:
    problems: list[Problem] = []
    label = f"incident '{incident.id}' history"
    claim_ids = {claim.id for claim in incident.claims}
    grading = None  # the grading as of the entry being read, once a re-grading has said it
    for j, change in enumerate(incident.history):
        add = functools.partial(_add, problems, file, (index, "history", j), label)

        if j and change.date < incident.history[j - 1].date:
            add("date", f"entry {j + 1} ({change.date}) is dated before the entry above it "
                f"({incident.history[j - 1].date})", "list the history oldest first")  # fmt: skip
        if incident.date is not None and change.date < incident.date:
            add("date", f"entry {j + 1} ({change.date}) is dated before the incident itself ({incident.date})",
                "check the year: a change to the page cannot precede the event")  # fmt: skip
        if change.kind == ChangeKind.published and j:
            add("kind", "'published' must be the first entry, and only once", "move it to the top or remove it")
        _fields(change, claim_ids, incident.id, merged_into, add)
        if change.kind == ChangeKind.regraded and change.regraded_from and change.regraded_to:
            if grading is not None and change.regraded_from != grading:
                add("regraded_from", f"re-graded from '{change.regraded_from.value}', but the entry above left it "
                    f"'{grading.value}'", f"write regraded_from: {grading.value}")  # fmt: skip
            grading = change.regraded_to
    if grading is not None and grading != incident.grading:
        where = (index, "history", max(j for j, c in enumerate(incident.history) if c.kind == ChangeKind.regraded))
        problems.append(Problem(file.locate(where + ("regraded_to",)),
            f"{label}: the last re-grading is to '{grading.value}', but the incident is graded '{incident.grading.value}'",
            "record a re-grading to the current grading, or correct the grading"))  # fmt: skip
    return problems


def _add(problems: list[Problem], file: LoadedFile, here: tuple, label: str, field: str | None, message: str,
         hint: str, key: bool = False) -> None:
    problems.append(Problem(file.locate(here + ((field,) if field else ()), key=key), f"{label}: {message}", hint))


def _fields(change, claim_ids: set[str], incident_id: str, merged_into: set[tuple[str, str]], add) -> None:
    """The fields each kind of change needs, and no others; problems go through ``add``."""
    if change.kind in _CLAIM_KINDS:
        if change.claim is None:
            add(None, f"a '{change.kind.value}' entry must name its claim", "add 'claim: <the claim id>'")
        elif change.claim not in claim_ids:
            add("claim", f"names unknown claim '{change.claim}'", f"use one of: {', '.join(sorted(claim_ids))}")
    elif change.claim is not None:
        add("claim", f"a '{change.kind.value}' entry names no claim", "remove 'claim'", key=True)
    if change.kind == ChangeKind.regraded:
        for field in ("regraded_from", "regraded_to"):
            if getattr(change, field) is None:
                add(None, f"a 'regraded' entry needs '{field}'", f"add '{field}:' with a grading")
        if change.regraded_from is not None and change.regraded_from == change.regraded_to:
            add("regraded_to", "re-graded to the grading it already had", "record only real changes of grading")
    else:
        for field in ("regraded_from", "regraded_to"):
            if getattr(change, field) is not None:
                add(field, f"only a 'regraded' entry has '{field}'", f"remove '{field}'", key=True)
    if change.kind == ChangeKind.merged:
        if not change.merged:
            add(None, "a 'merged' entry must list the merged incidents' old ids", "add 'merged: [old-id, ...]'")
        for old in change.merged:
            if (old, incident_id) not in merged_into:
                add("merged", f"merged incident '{old}' has no redirect to '{incident_id}'",
                    f"add to redirects.yaml: {{kind: incident, old_id: {old}, new_id: {incident_id}}}")  # fmt: skip
    elif change.merged:
        add("merged", "only a 'merged' entry lists merged incidents", "remove 'merged'", key=True)
