"""An incident's date, known or bounded: the rules its fields' types cannot say. A known ``date``
has its ``date_precision`` and no bounds; an unknown one (``date: null``) may be bounded by
``date_after`` (on or after) and ``date_by`` (on or before), in that order. Each problem is located
at the field concerned."""

from __future__ import annotations

from build_scripts.inputs.load import LoadedFile
from build_scripts.model.records import Incident
from build_scripts.problems import Problem


def check_incident_dates(file: LoadedFile, incidents: list[tuple[int, Incident]]) -> list[Problem]:
    problems: list[Problem] = []
    for index, incident in incidents:
        label = f"incident '{incident.id}'"
        if incident.date is not None:
            if incident.date_precision is None:
                problems.append(Problem(
                    file.locate((index, "date")), f"{label} has a date but no date_precision",
                    "add date_precision: day, week, month or year (how much of the date the sources give)"))  # fmt: skip
            for bound, word in (("date_by", "on or before"), ("date_after", "on or after")):
                if getattr(incident, bound) is not None:
                    problems.append(Problem(
                        file.locate((index, bound), key=True),
                        f"{label} has both a date and {bound} ({word}): the two contradict each other",
                        f"keep date if the sources give it (with date_precision), or set date: null and keep {bound}"))  # fmt: skip
            continue
        if incident.date_precision is not None:
            problems.append(Problem(
                file.locate((index, "date_precision"), key=True),
                f"{label} has date_precision but its date is unknown (null)",
                "remove date_precision, or give the date; an unknown date is bounded with date_by and date_after"))  # fmt: skip
        if incident.date_by is not None and incident.date_after is not None and incident.date_by < incident.date_after:
            problems.append(Problem(
                file.locate((index, "date_by")),
                f"{label}: date_by {incident.date_by.isoformat()} is before date_after {incident.date_after.isoformat()}",
                "date_after is the earliest possible day and date_by the latest: swap them or correct one"))  # fmt: skip
        if incident.date_note is None:
            problems.append(Problem(
                file.locate((index, "date")),
                f"{label} has an unknown date but no date_note",
                "add date_note: how the date is known or bounded, in a sentence shown to readers "
                "(e.g. \"not given; on or before the article's publication date\")"))  # fmt: skip
    return problems
