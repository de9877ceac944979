"""Model -> the site's public log of changes: one row per history entry, with a stable id (pure).

The Changes page, each incident's "Last changed" line and the Atom and JSON feeds all read these
rows, so they always agree. An entry's id is built from permanent values (the incident id, the
entry's date and kind, and how many entries of that date and kind come before it), so it stays the
same across builds and when later entries are appended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from build_scripts.model.records import Change, Corpus, Incident
from build_scripts.render.messages import default_messages


def describe(change: Change, messages=None) -> str:
    """A change in a few words, as the history, the Changes page and the feeds all say it (in
    ``messages``' words, render/messages.py: history.kinds.<kind>; English by default)."""
    say = (messages or default_messages()).get
    label = say(f"history.kinds.{change.kind.value}")
    if change.regraded_from and change.regraded_to:
        return say("history.regraded", label=label, old=change.regraded_from.value, new=change.regraded_to.value)
    if change.merged:
        return say("history.merged", label=label, ids=", ".join(change.merged))
    return label


@dataclass(frozen=True)
class ChangeRow:
    incident: Incident
    change: Change
    key: str  # "{incident id}/{date}/{kind}/{n}": stable, unique across the site

    @property
    def anchor(self) -> str:
        """The id of the entry on its incident's page."""
        _, date, kind, n = self.key.split("/")
        return f"change-{date}-{kind}-{n}"


def incident_changes(incident: Incident) -> list[ChangeRow]:
    """An incident's history as rows, oldest first (the order of the YAML)."""
    seen: dict[tuple[dt.date, str], int] = {}
    rows = []
    for change in incident.history:
        slot = (change.date, change.kind.value)
        seen[slot] = seen.get(slot, 0) + 1
        rows.append(ChangeRow(incident, change, f"{incident.id}/{change.date.isoformat()}/{change.kind.value}/{seen[slot]}"))
    return rows


def site_changes(corpus: Corpus) -> list[ChangeRow]:
    """Every change on the site, newest first; ties by incident id, then latest entry first."""
    rows = [row for incident in corpus.incidents for row in incident_changes(incident)]
    rows.sort(key=lambda r: r.key)
    return sorted(rows, key=lambda r: r.change.date, reverse=True)


def last_changed(incident: Incident) -> dt.date | None:
    return incident.history[-1].date if incident.history else None
