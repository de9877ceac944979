"""The only module that touches output folders: generated files only-if-changed, atomic site swaps."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


def write_generated(docs_dir: Path, files: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]],
                    managed: tuple[str, ...]) -> int:  # fmt: skip
    """Make the ``managed`` folders under ``docs_dir`` hold exactly ``files``; return how many changed.

    ``files`` is a mapping or (path, content) pairs, written as they come (a generator: the site is
    never held whole); a content may be ``Written``: another process wrote that file. A file is rewritten (atomically, through a temporary file) only if its bytes
    differ, so MkDocs' live reload and rsync-style deploys see only real changes. Stale generated
    files are removed.
    """
    changed = 0
    wanted: set[Path] = set()
    for name, content in files.items() if isinstance(files, Mapping) else files:
        path = docs_dir / name
        wanted.add(path)
        if isinstance(content, Written):
            changed += content.changed
        else:
            changed += write_if_changed(path, content)
    for folder in managed:
        root = docs_dir / folder
        if root.is_dir():
            for path in sorted(root.rglob("*"), reverse=True):
                if path.is_file() and path not in wanted:
                    path.unlink()
                    changed += 1
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
    return changed


@dataclass(frozen=True)
class Written:
    """In ``write_generated``'s files, one that another process wrote already (``write_if_changed``):
    kept and counted, not written again."""

    changed: bool


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write ``content`` at ``path`` (atomically) unless the file holds those bytes already, so that
    an unchanged file keeps its time; return whether it was written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    write_file_atomic(path, data)
    return True


def write_file_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def copy_project_skeleton(root: Path, dest: Path, generated: tuple[str, ...]) -> Path:
    """A copy of the project at ``root`` without its corpus or generated pages (config, hand-written
    pages, theme overrides, the package), to build another corpus in (tests, the benchmark)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        if (root / name).is_file():
            shutil.copy(root / name, dest / name)
    skip_generated = lambda folder, names: [n for n in names if Path(folder) == root / "content" and n in generated]  # noqa: E731
    shutil.copytree(root / "content", dest / "content", ignore=skip_generated)
    for folder in ("overrides", "build_scripts"):
        shutil.copytree(root / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def new_site_dir(site_dir: Path) -> Path:
    """A fresh empty folder beside ``site_dir`` (same file system, so the swap is a rename)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in site_dir.parent.glob(f".{site_dir.name}.new-*"):  # left by an interrupted build
        shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))


def replace_site_dir(site_dir: Path, built: Path) -> None:
    """Put ``built`` in place of ``site_dir`` atomically (Linux renameat2 exchange where available)."""
    if site_dir.exists() and _exchange(built, site_dir):
        shutil.rmtree(built)
        return
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
        old.rmdir()
        os.rename(site_dir, old)
    os.rename(built, site_dir)
    if old is not None:
        shutil.rmtree(old)


def discard_site_dir(built: Path) -> None:
    shutil.rmtree(built, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def append_text(path: Path, text: str) -> int:
    """Append ``text`` to a text file as it is (no YAML round trip: comments and layout stay).

    Adds a newline first if the file does not end with one; returns the line number where ``text``
    starts. Used by ``python -m build_scripts new`` on the curated YAML files.
    """
    existing = path.read_bytes()
    if existing and not existing.endswith(b"\n"):
        existing += b"\n"
    write_file_atomic(path, existing + text.encode("utf-8"))
    return existing.count(b"\n") + 1


def link_files(root: Path, files: Iterable[str], dest: Path) -> None:
    """``dest`` holding each of ``files`` (paths relative to ``root``) at the same relative path, as a
    hard link to the original (a copy where the file system has none): a view of some of a folder's
    files for a tool that takes a folder (the search index's bundles), the files themselves untouched."""
    for name in files:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(root / name, target)
        except OSError:
            shutil.copy2(root / name, target)


def move_folder(src: Path, dest: Path) -> None:
    """Put the folder ``src`` at ``dest`` (same file system: a rename), replacing what was there."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(src, dest)


def write_plain_files(dest: Path, files: Mapping[str, str]) -> None:
    """``dest`` holding each text of ``files`` (relative path -> text), written as they are: a scratch
    folder for a tool that takes a folder (the filters' search bundles), removed by its caller."""
    for name, text in files.items():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
