"""Build scripts for the civilian-harm claims research site.

The pipeline, one stage per folder; data flows one way (``pipeline`` composes it, ``cli`` runs it)::

    seeds/*.yaml, documents/
      │
      ▼  inputs/     load.py: YAML -> plain data + a Location for every node; stored documents read
      │                        and checked against their sha256
      ▼  checks/     typed.py: plain data -> typed records (pydantic errors -> located Problems)
      │              validate.py: cross-record rules (ids, references, quotes in sources) -> Corpus
      │              redirects.py, placeholders.py
      │  model/      records.py (the contract), figures.py (the figure vocabulary), quotes.py
      │              (quote search): pure types and functions every stage uses
      ▼  views/      site.py: SiteView, the derived rows and indexes; tables.py: pandas frames and
      │              the data dictionary (COLUMNS, with each column's HXL tag); coverage.py (the
      │              corpus's own dates and places)
      ▼  render/     pages.py (Markdown pages through templates/), charts.py + chartblocks.py (Altair
      │              specs -> HTML blocks), chartrender.py (static SVGs, cached), exports.py
      │              (CSV/JSON/GeoJSON downloads), hxl.py (tagged copies), datapackage.py
      │              (datapackage.json, SHA256SUMS), metadata.py (page descriptions, JSON-LD),
      │              schema.py (JSON Schema of the YAML files), templating.py (the one Jinja2
      │              environment), textsafe.py (escaping)
      ▼  write.py    the only module that writes files: only-if-changed, atomic, site swaps
      content/ -> mkdocs build --strict -> site/

Beside the pipeline: ``layout.py`` (names every stage shares: the corpus files and their models,
the generated folders, URL slugs and anchors), ``problems.py`` (Location, Problem, Invalid),
``mkdocs_hooks.py`` (thin: regenerate under ``mkdocs serve``), and ``tools/`` (the benchmark and its
synthetic corpus, the ``new`` scaffolds): none of the pipeline imports ``tools``.

One escaping story per output type:

- Markdown pages (``render/templates/*.md.j2``): the environment does not autoescape; every
  contributor string goes through the ``t`` filter (``textsafe.escape_text``: every ASCII
  punctuation character as a numeric entity, so neither Markdown nor HTML sees syntax in it).
  Contributor Markdown (summaries, notes) goes through the ``markdown`` filter (markdown-it-py,
  raw HTML off, safe link schemes only).
- HTML built in Python (a stored text with its quoted passages): ``markupsafe.Markup`` fragments,
  with contributor and source text passed in as ``textsafe.safe_text``.
- HTML and script templates (chart blocks, the chart loader): the autoescaping overlay
  ``templating.html_environment``; chart specs reach pages only as JSON in a ``data-`` attribute.
- Chart specs: control characters replaced; contributor text only in the data, never in an
  expression (rows sort by a numeric field).
- Downloads: the csv/json libraries (pandas ``to_csv``, ``json.dumps``).
- Page metadata (``metadata.py``): descriptions are plain text, carried in front matter as a YAML
  double-quoted scalar with every ASCII punctuation character escaped (``yaml_text``), and
  HTML-escaped by ``overrides/main.html`` into the meta tags; the Dataset JSON-LD is ``json.dumps``
  with ``<``, ``>``, ``&`` as unicode escapes (``script_json``), so no text can close its script.
"""
