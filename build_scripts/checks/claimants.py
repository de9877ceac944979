"""``claimants.yaml`` (optional): one claimant declared with the other spellings sources use for it.

A large corpus names the same claimant in several ways ("UN human rights office", "OHCHR"). Instead
of rewriting every claim, a contributor declares the claimant once: its ``name`` (the page title),
its ``aliases``, a ``type`` and a short ``description`` shown on its page. A claim naming an alias is
then listed on the declared claimant's page. ``check`` refuses a name or alias declared twice.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from build_scripts.checks.typed import type_optional_file
from build_scripts.layout import CLAIMANTS_FILE, claimant_slug
from build_scripts.model.records import DeclaredClaimant
from build_scripts.problems import Problem


def check_claimants(seeds: Path, today: dt.date, problems: list[Problem]) -> list[DeclaredClaimant]:
    """The typed claimant declarations of ``seeds`` (none if the file is absent); appends problems."""
    loaded, typed = type_optional_file(seeds, CLAIMANTS_FILE, DeclaredClaimant, today, problems)
    if loaded is None:
        return []
    seen: dict[str, tuple[str, int]] = {}  # slug of a name or alias -> (declared name, line)
    for index, claimant in typed:
        spellings = [((index, "name"), claimant.name)] + [((index, "aliases", j), a) for j, a in enumerate(claimant.aliases)]
        for where, spelling in spellings:
            key = claimant_slug(spelling)
            if key in seen and seen[key][0] != claimant.name:
                other, line = seen[key]
                problems.append(Problem(
                    loaded.locate(where), f"claimant {spelling!r} is already declared as {other!r} (line {line})",
                    "declare each claimant once: merge the two entries, or remove this spelling"))  # fmt: skip
            seen.setdefault(key, (claimant.name, loaded.locate(where).line))
    return [claimant for _, claimant in typed]
