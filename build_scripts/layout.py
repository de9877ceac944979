"""The corpus and site layout: the names every stage shares, in one place (pure; no I/O).

Which YAML files a corpus has and which model types each (read by ``inputs``, ``checks``,
``render.schema`` and the benchmark), the folders the generator owns under the docs folder, and the
URL slugs and anchors that pages, charts and downloads all link by. Rendering and checking both
import from here, never from each other.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from pydantic import BaseModel

from build_scripts.model.records import Campaign, DeclaredClaimant, Incident, Redirect, Series, Source


@dataclass(frozen=True)
class CorpusFile:
    name: str
    model: type[BaseModel]
    description: str
    required: bool = True


CORPUS_FILES: tuple[CorpusFile, ...] = (
    CorpusFile("sources.yaml", Source, "Sources: one record per source document (stored verbatim text, or external)."),
    CorpusFile("incidents.yaml", Incident, "Incidents and the claims made about them, one claim per claimant per source."),
    CorpusFile("series.yaml", Series, "Period counts reported by a monitor or other claimant, values as written."),
    CorpusFile("redirects.yaml", Redirect,
               "Published ids that were renamed or merged, and where their old URLs lead (optional).", required=False),
    CorpusFile("claimants.yaml", DeclaredClaimant,
               "Claimants declared once: the name pages use, the aliases sources use, type, description (optional).",
               required=False),
    CorpusFile("campaigns.yaml", Campaign,
               "Claims about a campaign or a period rather than one incident, with the same claim fields (optional).",
               required=False),
)  # fmt: skip
FILES_BY_NAME = {file.name: file for file in CORPUS_FILES}
YAML_FILES = tuple(file.name for file in CORPUS_FILES if file.required)  # every corpus has these
RECORD_FILES = {file.name: file.model for file in CORPUS_FILES if file.required}
REDIRECTS_FILE = "redirects.yaml"
PUBLISHED_IDS_FILE = "published_ids.txt"  # kept by `python -m build_scripts published --update` (inputs.published)
CLAIMANTS_FILE = "claimants.yaml"
CAMPAIGNS_FILE = "campaigns.yaml"
DOCUMENTS_DIR = "documents"

# Folders under the docs folder that the generator owns (git-ignored; rewritten on every build).
GENERATED_DIRS = ("incidents", "campaigns", "sources", "claimants", "map", "data", "changes", "_snippets", "charts")
DOWNLOADS_DIR = "data"
# Files at the docs folder's root that the generator owns: the feeds of changes (render/feeds.py).
GENERATED_FILES = ("feed.xml", "feed.json")
HXL_DIR = "hxl"  # under DOWNLOADS_DIR: the HXL-tagged copies of the CSV tables

# The curated data's licence when mkdocs.yml's `extra.data_licence` does not name one (LICENSE-DATA.md);
# render/datapackage.licence_record gives its SPDX id (CC-BY-4.0).
DEFAULT_DATA_LICENCE = "CC BY 4.0"
DEFAULT_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def claimant_slug(name: str) -> str:
    """The URL slug of a claimant's page: 'UN human rights office (OHCHR)' -> 'un-human-rights-office-ohchr'."""
    slug = re.sub(r"[\W_]+", "-", name.lower()).strip("-")[:80].strip("-")
    return slug or "claimant-" + hashlib.sha256(name.encode()).hexdigest()[:10]


def claim_anchor(incident_id: str, claim_id: str) -> str:
    """The id of a claim's quoted passage on its source page (stable: built from permanent ids)."""
    return f"q-{incident_id}--{claim_id}"


def campaign_claim_anchor(campaign_id: str, claim_id: str) -> str:
    """The id of a campaign claim's quoted passage on its source page."""
    return f"q-campaign-{campaign_id}--{claim_id}"


def point_anchor(series_id: str, period: str) -> str:
    """The id of a series point's quoted passage on its source page."""
    return f"q-series-{series_id}--{period.replace('/', '-to-')}"
