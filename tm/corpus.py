"""Reading letters from disk: ``corpora/<letter-id>/{en,ru,kk}.txt`` and ``meta.toml``.

Input problems are reported as :class:`tm.errors.InputError` naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.errors import InputError, LanguageTagError, checked_path
from tm.ids import check_doc_id
from tm.tomltext import parse_toml
from tm.lang import normalize_tag, order_langs  # noqa: F401  (order_langs: used through this module)
from tm.store.records import DocumentData

META_FILE = "meta.toml"
#: A file name shaped like a language tag (two or three letters, maybe with subtags):
#: a ``.txt`` file so named is meant as a language version.
_TAG_SHAPED = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
META_KEYS = {"id", "title", "date", "author", "addressee", "source", "notes"}


@dataclass
class LetterSource:
    """One letter as found on disk: metadata and the text of each language version."""

    meta: DocumentData
    texts: dict[str, str]
    paths: dict[str, Path]


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a BOM is allowed); refuse missing, empty and non-UTF-8 files."""
    if not checked_path(path).exists():
        raise InputError("no such file", path)
    if not path.is_file():
        raise InputError("not a file", path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", path, line) from None
    if not text.strip():
        raise InputError("file is empty", path)
    return text


def _line_of(text: str, key: str) -> int | None:
    m = re.search(rf"^\s*{re.escape(key)}\s*[=.]", text, re.MULTILINE)
    return text[: m.start()].count("\n") + 1 if m else None


def read_meta(folder: Path) -> DocumentData:
    """Parse ``meta.toml`` (optional: without it the folder name is the id)."""
    path = folder / META_FILE
    if not path.exists():
        if path.is_symlink():  # a link to nowhere is a mistake to report, not a letter without metadata
            raise InputError("a symbolic link that leads nowhere (broken, or a loop)", path)
        return _check_id(folder.name, path, None, DocumentData(id=folder.name, origin=str(folder)))
    text = read_text(path)
    data = parse_toml(text, path)
    unknown = sorted(set(data) - META_KEYS)
    if unknown:
        raise InputError(
            f"unknown key '{unknown[0]}' (known: {', '.join(sorted(META_KEYS))})", path, _line_of(text, unknown[0])
        )
    titles_raw = data.get("title", {})
    if isinstance(titles_raw, str):
        titles_raw = {"en": titles_raw}
    if not isinstance(titles_raw, dict):
        raise InputError("'title' must be a table of language = title", path, _line_of(text, "title"))
    titles = {}
    for tag, title in titles_raw.items():
        try:
            titles[normalize_tag(tag)] = str(title)
        except LanguageTagError as exc:
            raise InputError(f"title: {exc.message}", path, _line_of(text, "title")) from None
    date = data.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise InputError(f"date '{date}' is not YYYY-MM-DD", path, _line_of(text, "date")) from None
    if date is not None and not isinstance(date, dt.date):
        raise InputError("date must be a TOML date (YYYY-MM-DD)", path, _line_of(text, "date"))
    for key in ("author", "addressee", "source", "notes", "id"):
        if key in data and not isinstance(data[key], str):
            raise InputError(f"'{key}' must be a string", path, _line_of(text, key))
    meta = DocumentData(
        id=data.get("id", folder.name), titles=titles, date=date, author=data.get("author"),
        addressee=data.get("addressee"), source=data.get("source"), notes=data.get("notes"),
        origin=str(folder),
    )
    return _check_id(meta.id, path, _line_of(text, "id"), meta)


def check_slug(doc_id: str) -> str:
    """Refuse a document id that is not a slug (see :mod:`tm.ids`)."""
    return check_doc_id(doc_id)


def _check_id(doc_id: str, path: Path, line: int | None, meta: DocumentData) -> DocumentData:
    check_doc_id(doc_id, path, line)
    return meta


def language_files(folder: Path) -> dict[str, Path]:
    """The ``<tag>.txt`` files of a letter folder, by normalised language tag."""
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.txt")):
        try:
            tag = normalize_tag(path.stem)
        except LanguageTagError as exc:
            if _TAG_SHAPED.fullmatch(path.stem):  # meant as a language (kz.txt): say so, never skip it
                raise InputError(f"'{path.name}' is not named after a language: {exc.message}", path) from None
            continue  # other .txt files (notes, readmes) are not language versions
        if tag in found:
            raise InputError(f"two files for language '{tag}': {found[tag].name} and {path.name}", folder)
        found[tag] = path
    return found


def read_letter(folder: Path, langs: Sequence[str] | None = None) -> LetterSource:
    """Read one letter folder. ``langs`` limits the versions read (all by default)."""
    if not checked_path(folder).exists():
        raise InputError("no such folder", folder)
    if not folder.is_dir():
        raise InputError("not a folder (a letter is a folder with en.txt, ru.txt, kk.txt)", folder)
    files = language_files(folder)
    if langs:
        missing = [lang for lang in langs if lang not in files]
        if missing:
            raise InputError(f"no {missing[0]}.txt in this letter (has: {', '.join(files) or 'none'})", folder)
        files = {lang: files[lang] for lang in langs}
    if not files:
        raise InputError("no language files (expected en.txt, ru.txt or kk.txt)", folder)
    ordered = order_langs(files)
    texts = {lang: read_text(files[lang]) for lang in ordered}
    return LetterSource(read_meta(folder), texts, {lang: files[lang] for lang in ordered})


def find_letters(root: Path) -> list[Path]:
    """Every folder below ``root`` (itself included) that holds a language file."""
    if not checked_path(root).exists():
        raise InputError("no such folder", root)
    if not root.is_dir():
        raise InputError("not a folder", root)
    folders = {p.parent for p in root.rglob("*.txt") if p.parent.joinpath(META_FILE).exists() or language_files(p.parent)}
    return sorted(folders)
