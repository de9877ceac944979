"""Command line: arguments, printing, exit codes. The work is done in ``pipeline``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import traceback
from pathlib import Path

from build_scripts import pipeline, write
from build_scripts.layout import PUBLISHED_IDS_FILE
from build_scripts.problems import Problem, github_error, report_order
from build_scripts.render import schema as schema_module
from build_scripts.tools import scaffold

DEFAULT_SIZES = [1000, 10000]


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__)
    main.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = main.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder laid out like seeds/")
        sub.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="the MkDocs configuration")
        return sub

    check = add("check", "validate the inputs only; print every problem; exit 1 if any")
    check.add_argument("--format", choices=("text", "github"), default="text")
    check.set_defaults(func=run_check)
    add("generate", "write the generated Markdown and data files (no MkDocs run)").set_defaults(func=run_generate)
    build = add("build", "check, generate, then mkdocs build --strict; a failed build keeps the old site")
    build.add_argument("--site-dir", type=Path, default=Path("site"))
    build.set_defaults(func=run_build)
    add_contributor_commands(commands)
    bench = commands.add_parser("bench", help="time each stage on synthetic corpora (or, with `pages`, "
                                "measure page types with Lighthouse's mobile profile); print the table")
    bench.add_argument("what", nargs="?", choices=("stages", "pages"), default="stages",
                       help="stages (default): the pipeline's stages; pages: Lighthouse on each page type")
    bench.add_argument("--site-dir", type=Path, default=None, help="pages: measure this built site only")
    bench.add_argument("--runs", type=int, default=1, help="pages: Lighthouse runs per page (the median is shown)")
    bench.add_argument("--sizes", type=_sizes, default=DEFAULT_SIZES,
                       help="incident counts, e.g. 1000,10000 (pages: synthetic corpora measured after the seeds)")
    bench.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpus")
    bench.add_argument("--no-mkdocs", dest="mkdocs", action="store_false", help="skip the MkDocs stages")
    bench.add_argument("--warm", action="store_true", help="also time a rebuild after editing one incident")
    bench.add_argument("--no-charts", dest="charts", action="store_false",
                       help="draw no chart (no static SVG, no live spec) and skip the bare MkDocs build: the "
                            "search and index-page figures at a size whose cold chart rendering takes hours")  # fmt: skip
    bench.add_argument("--busy-share", type=_share, default=None,
                       help="share of incidents with 10–30 claims (default: the synthetic corpus's, 0.08); "
                            "e.g. 0.9 for a corpus of busy incidents")  # fmt: skip
    bench.add_argument("--workdir", type=Path, default=None, help="where the temporary projects go")
    bench.set_defaults(func=run_bench)
    return main


def add_contributor_commands(commands: argparse._SubParsersAction) -> None:
    """``new source|incident`` (scaffold an entry) and ``schema`` (refresh schemas/)."""
    new = commands.add_parser("new", help="append a correctly shaped entry with TODO placeholders to a YAML file")
    new.set_defaults(func=run_new)
    kinds = new.add_subparsers(dest="what", required=True)
    source = kinds.add_parser("source", help="store a document (if given) and append a source to sources.yaml")
    source.add_argument("document", nargs="?", type=Path, help="a UTF-8 text file to store verbatim under documents/")
    incident = kinds.add_parser("incident", help="append an incident with claim skeletons to incidents.yaml")
    incident.add_argument("--source", help="the id of the source the claims cite")
    incident.add_argument("--claims", type=int, default=2, help="how many claim skeletons (default 2)")
    for sub in (source, incident):
        sub.add_argument("--id", help="the new record's permanent id (a slug); a placeholder if omitted")
        sub.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder laid out like seeds/")
    published = commands.add_parser("published", help="list the ids not yet in published_ids.txt; --update adds them "
                                     "(the deploy job on main does this after each deploy)")
    published.add_argument("--update", action="store_true", help="write published_ids.txt (never removes an id)")
    published.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder laid out like seeds/")
    published.set_defaults(func=run_published)
    docs = commands.add_parser("docs", help="rewrite CONTRIBUTING.md's generated vocabulary section from the code")
    docs.add_argument("--file", type=Path, default=Path("CONTRIBUTING.md"))
    docs.add_argument("--check", action="store_true", help="change nothing; exit 1 if the section is out of date")
    docs.set_defaults(func=run_docs)
    schema = commands.add_parser("schema", help="write the JSON Schema of the YAML files into schemas/")
    schema.add_argument("--out", type=Path, default=Path(schema_module.SCHEMA_DIR))
    schema.set_defaults(func=run_schema)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of numbers, e.g. 1000,10000") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive numbers of incidents")
    return sizes


def _share(text: str) -> float:
    try:
        share = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number between 0 and 1, e.g. 0.9") from None
    if not 0 <= share <= 1:
        raise argparse.ArgumentTypeError("the share must be between 0 and 1")
    return share


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except Exception as err:  # noqa: BLE001 - the last line of defence prints, never a bare traceback
        if args.debug:
            traceback.print_exc()
        print(f"error: {type(err).__name__}: {err} (run with --debug for the traceback)", file=sys.stderr)
        if getattr(args, "format", "text") == "github":
            print(github_error(f"{type(err).__name__}: {err}"))
        return 2


def run(args: argparse.Namespace) -> int:
    return args.func(args)


def run_bench(args: argparse.Namespace) -> int:
    if args.what == "pages":
        from build_scripts.tools.bench_pages import run_bench_pages

        sizes = [] if args.sizes == DEFAULT_SIZES else args.sizes
        print(run_bench_pages(args.site_dir, sizes, args.seed, args.runs, args.workdir), end="")
        return 0
    from build_scripts.tools.bench import run_bench as bench  # imported here: only the benchmark needs it

    print(bench(args.sizes, args.seed, args.mkdocs, args.warm, args.workdir, args.charts, args.busy_share), end="")
    return 0


def run_check(args: argparse.Namespace) -> int:
    corpus, problems = pipeline.check(args.seeds, dt.date.today())
    if not problems and corpus is not None:
        print(
            f"ok: {len(corpus.sources)} sources, {len(corpus.incidents)} incidents, "
            f"{sum(len(i.claims) for i in corpus.incidents)} claims, {len(corpus.series)} series"
            + (f", {len(corpus.campaigns)} campaigns ({sum(len(c.claims) for c in corpus.campaigns)} claims)"
               if corpus.campaigns else ""),
            file=sys.stderr,
        )
    return report(problems, args.format)


def run_schema(args: argparse.Namespace) -> int:
    files = schema_module.render_json_schemas()
    changed = write.write_generated(args.out, files, ())
    print(f"{args.out}: {len(files)} schema file(s), {changed} changed", file=sys.stderr)
    return 0


def run_docs(args: argparse.Namespace) -> int:
    from build_scripts.render.contributing import splice_vocabulary

    text = args.file.read_text(encoding="utf-8")
    fresh = splice_vocabulary(text)
    if fresh == text:
        print(f"{args.file}: the vocabulary section is up to date", file=sys.stderr)
        return 0
    if args.check:
        print(f"{args.file}: the vocabulary section is out of date — run `python -m build_scripts docs`", file=sys.stderr)
        return 1
    write.write_file_atomic(args.file, fresh.encode("utf-8"))
    print(f"{args.file}: the vocabulary section was rewritten from the code", file=sys.stderr)
    return 0


def run_published(args: argparse.Namespace) -> int:
    from build_scripts.tools.published import update_published_ids

    added, problems = update_published_ids(args.seeds, dt.date.today(), write_file=args.update)
    if problems:
        return report(problems)
    for line in added:
        print(line)
    verb = "added" if args.update else "not listed yet (--update adds them)"
    print(f"{args.seeds / PUBLISHED_IDS_FILE}: {len(added)} id(s) {verb}", file=sys.stderr)
    return 0


def run_generate(args: argparse.Namespace) -> int:
    project = pipeline.read_project(args.config_file)
    return report(pipeline.generate(args.seeds, project, dt.date.today()))


def run_build(args: argparse.Namespace) -> int:
    started = time.monotonic()
    project = pipeline.read_project(args.config_file)
    code = report(pipeline.build(args.seeds, project, args.site_dir, dt.date.today()))
    if code == 0:
        print(built_line(args.site_dir, args.seeds, time.monotonic() - started), file=sys.stderr)
    return code


def built_line(site_dir: Path, seeds: Path, seconds: float) -> str:
    """The one line a successful build ends with: what, where, how long, how to look at it."""
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    return (f"built {pages} pages from {seeds}/ into {site_dir}/ in {seconds:.1f} s: look at it with "
            f"`python3 -m http.server -d {site_dir} 8000` and http://127.0.0.1:8000/, or `make serve` to preview as you edit")  # fmt: skip


def run_new(args: argparse.Namespace) -> int:
    if args.what == "source":
        added, problems = scaffold.add_source(args.seeds, args.id, args.document)
    else:
        added, problems = scaffold.add_incident(args.seeds, args.id, args.source, args.claims)
    if added is None:
        return report(problems)
    stored = f"; stored the text as {args.seeds / added.document}" if added.document else ""
    print(
        f"{added.where}: added a new {args.what}{stored}.\n"
        f"Fill in every TODO placeholder (use null where the source does not say), then run "
        f"`python -m build_scripts check --seeds {args.seeds}`: it lists the placeholders left.",
        file=sys.stderr,
    )
    return 0


def report(problems: list[Problem], fmt: str = "text") -> int:
    for problem in sorted(problems, key=report_order):
        print(problem.format_github() if fmt == "github" else problem.format(), file=sys.stdout if fmt == "github" else sys.stderr)
    if problems:
        notes = sum(problem.note for problem in problems)
        skipped = f"; {notes} check(s) skipped, said above" if notes else ""
        print(f"{len(problems) - notes} problem(s) found{skipped}.", file=sys.stderr)
        return 1
    return 0
