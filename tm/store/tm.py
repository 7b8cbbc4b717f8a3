"""The :class:`TM` facade: open a database by URL, create the schema, import and read letters.

Every write is one transaction: a failure anywhere leaves the TM as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Table, func, insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import (
    DatabaseError, DBAPIError, IntegrityError, OperationalError, ProgrammingError, SQLAlchemyError,
)
from sqlmodel import Session, create_engine, delete, select, update

from tm.confidence import needs_review
from tm.errors import DocumentExists, NotFound, StoreError, db_reason
from tm.gcpause import paused_gc
from tm.lang import base_language
from tm.store import dialect, history, schema
from tm.store.carry import Carry
from tm.store.hooks import HOOKS, VariantFeed
from tm.store.records import DocumentData, UnitData, UnitRow, unit_row
from tm.store.models import Document, Unit, UnitProp, Variant, utcnow

DEFAULT_URL = "sqlite:///tm.db"
#: Units inserted per statement batch.
BATCH = 2000


def _batched(items: Iterable[UnitData | UnitRow], size: int) -> Iterator[list[UnitData | UnitRow]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def default_url() -> str:
    """``TM_DATABASE_URL`` if set, else ``sqlite:///tm.db`` in the current directory."""
    return os.environ.get("TM_DATABASE_URL") or DEFAULT_URL


@dataclass(frozen=True)
class ImportResult:
    doc_id: str
    units: int
    replaced: bool
    review: list[int]


@dataclass(frozen=True)
class Stats:
    documents: int
    units: int
    languages: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        return {"documents": self.documents, "units": self.units, "languages": dict(self.languages)}


class TM:
    """A translation memory in the database at ``url``."""

    def __init__(self, url: str | None = None, read_only: bool = False) -> None:
        """``read_only``: the caller only reads. A SQLite file this process may not write
        is then opened read-only (see :func:`dialect.read_only_options`) instead of
        failing on the first statement, and a missing file is not created."""
        self.url = dialect.check_url(default_url() if url is None else url)
        #: The URL as shown to people: the password, if any, hidden.
        self.name = dialect.display_url(self.url)
        engine_url = dialect.engine_url(self.url)
        path = dialect.sqlite_path(self.url)
        if path is not None and not Path(path).resolve().parent.is_dir():
            raise StoreError(f"{self.name}: folder {Path(path).resolve().parent} does not exist")
        self._missing_file = read_only and path is not None and not Path(path).exists()
        options = dialect.engine_options(engine_url)
        if read_only and path is not None:
            options.update(dialect.read_only_options(Path(path)))
        try:
            self.engine: Engine = create_engine(engine_url, **options)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot open database {self.name}: {exc}") from None
        dialect.prepare(self.engine)

    # -- schema -------------------------------------------------------------

    def init(self) -> bool:
        """Create the schema, or bring it to this tm's revision. Returns True when the TM was new."""
        if self._version().state == "current":
            return False  # the common case, without taking the schema lock
        for attempt in range(2):
            try:
                with self.engine.begin() as conn:
                    return schema.create_or_upgrade(conn, self.name)
            except (OperationalError, IntegrityError, ProgrammingError) as exc:
                # SQLite has no lock to wait on before DDL: a second process creating the
                # same schema at the same moment loses the race once, then finds it made.
                if attempt == 0 and self.engine.dialect.name == "sqlite" and self._version().state == "current":
                    return False
                raise StoreError(f"cannot create the TM in {self.name}: {db_reason(exc)}") from None
        raise AssertionError("unreachable")

    @property
    def driver_error(self) -> type[Exception]:
        """The base class of the database driver's own errors (sqlite3.Error, psycopg.Error):
        what the bulk paths that use the driver directly raise."""
        return self.engine.dialect.loaded_dbapi.Error  # type: ignore[no-any-return]

    def _version(self) -> schema.Version:
        if self._missing_file:
            return schema.Version("empty", None)
        try:
            with self.engine.connect() as conn:
                return schema.version(conn, self.name)
        except DatabaseError as exc:  # (also a file that is not a SQLite database)
            raise StoreError(f"cannot open database {self.name}: {db_reason(exc)}") from None

    def require(self) -> None:
        """Refuse a database that has no TM yet, or one whose schema needs upgrading first."""
        state = self._version()
        if state.state == "empty":
            raise StoreError(f"{self.name} holds no TM yet: run 'tm init' or 'tm build' first")
        if state.state == "old":
            raise StoreError(
                f"{self.name} has TM schema revision {state.revision}, older than this tm's "
                f"({schema.head()}): run 'tm init' to upgrade it"
            )

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed at the end of the block, rolled back on any error."""
        with Session(self.engine, expire_on_commit=False) as s:
            with s.begin():
                yield s

    # -- writes -------------------------------------------------------------

    def import_documents(
        self,
        documents: Sequence[tuple[DocumentData, Sequence[str], Iterable[UnitData | UnitRow]]],
        replace: bool = False,
        progress: Callable[[int], None] | None = None,
        user: str | None = None,
        guard: Callable[[Session, str], None] | None = None,
    ) -> list[ImportResult]:
        """Store documents (metadata, language order, units) in a single transaction: all or nothing.

        ``langs`` may be empty: the document then lists the languages its units have.
        Units are :class:`UnitData`, or :class:`UnitRow` from a reader that prepared them
        (see :func:`tm.store.records.unit_row`). They may come from a generator; they are
        inserted in batches of :data:`BATCH`, so memory stays bounded whatever the size.
        ``progress`` is told how many units each batch added. ``user`` is who imports
        (see :func:`tm.store.history.who`): the units' creator unless they name their own.
        ``guard`` is called with each replaced document's id inside the transaction, before
        anything is written: it may refuse (raise) if the document is not as its caller read it.
        A replaced document keeps what a person did to it (see :mod:`tm.store.carry`).
        """
        user = history.who(user)
        self.init()
        results = []
        absent: list[str] = []  # documents this import found missing, to tell a lost race
        try:
            with paused_gc(), self.session() as s:
                for meta, langs, units in documents:
                    results.append(self._import_one(s, meta, langs, units, replace, progress, user, guard, absent))
        except IntegrityError as exc:
            raise self._lost_race(absent, replace) or StoreError(
                f"could not store the import ({db_reason(exc)}); nothing was stored"
            ) from None
        except (DBAPIError, self.driver_error) as exc:  # the bulk paths talk to the driver directly
            raise self._refused(exc) from None
        return results

    def _import_one(
        self, s: Session, meta: DocumentData, langs: Sequence[str], units: Iterable[UnitData | UnitRow],
        replace: bool, progress: Callable[[int], None] | None, user: str | None,
        guard: Callable[[Session, str], None] | None, absent: list[str],
    ) -> ImportResult:
        """One document of :meth:`import_documents`, in its transaction ``s``."""
        existing = s.get(Document, meta.id)
        if existing is None:
            absent.append(meta.id)
        if existing is not None and not replace:
            raise DocumentExists(f"document '{meta.id}' is already in the TM; use --replace to replace it")
        carry = None
        if existing is not None:
            if guard is not None:
                guard(s, meta.id)
            carry = Carry(s, meta.id, user)
            self._delete(s, meta.id)
            s.flush()
        s.add(
            Document(
                id=meta.id, titles=meta.titles, date=meta.date, author=meta.author,
                addressee=meta.addressee, source=meta.source, notes=meta.notes,
                langs=list(langs), origin=meta.origin,
            )
        )
        s.flush()
        feeds = [hook.adding(s, meta.id) for hook in HOOKS]
        count, review, seen = self._add_units(s, meta.id, units, progress, feeds, user, carry)
        if carry is not None:
            carry.finish(s)
        if not langs:  # streamed imports learn the languages as they go
            s.exec(update(Document).where(Document.id == meta.id).values(langs=seen))  # type: ignore[arg-type]
        for feed in feeds:
            feed.close()
        return ImportResult(meta.id, count, existing is not None, review)

    def _lost_race(self, absent: list[str], replace: bool) -> DocumentExists | None:
        """The error to give when a document this import found missing is there now:
        another process stored it meanwhile."""
        for doc_id in absent:
            if self.has_document(doc_id):
                again = "run the import again" if replace else "use --replace"
                return DocumentExists(
                    f"document '{doc_id}' was imported by another process during this import; "
                    f"nothing was stored ({again} to replace it)"
                )
        return None

    def _refused(self, exc: Exception) -> StoreError:
        """The error to give for a database error during an import (all of it rolled back)."""
        if self.engine.dialect.name == "sqlite" and "locked" in db_reason(exc):
            return StoreError(
                f"{self.name} is busy: another process kept it locked for more than "
                f"{dialect.SQLITE_BUSY_TIMEOUT} s; nothing was stored, try again"
            )
        if getattr(exc, "connection_invalidated", False):
            return StoreError(
                f"the connection to {self.name} was lost during the import ({db_reason(exc)}); nothing was stored"
            )
        return StoreError(f"the database refused the import ({db_reason(exc)}); nothing was stored")

    def _add_units(
        self, s: Session, doc_id: str, units: Iterable[UnitData | UnitRow], progress: Callable[[int], None] | None,
        feeds: Sequence[VariantFeed] = (), user: str | None = None, carry: Carry | None = None,
    ) -> tuple[int, list[int], list[str]]:
        conn = s.connection()
        insert_rows = dialect.row_inserter(conn)
        seen: dict[str, None] = {}
        now = utcnow()
        position = 0
        review: list[int] = []
        for batch in _batched(units, BATCH):
            rows = []
            flat = [u if isinstance(u, UnitRow) else unit_row(u) for u in batch]
            if carry is not None:
                flat = [carry.apply(u, position + k) for k, u in enumerate(flat)]
            for u in flat:
                if needs_review(u.score, u.flags.split()):
                    review.append(position)
                rows.append((doc_id, position, u.paragraph, u.bead, u.score, u.flags, u.tuid, u.note,
                             u.created_at or now, u.changed_at or now, u.status, u.created_by or user,
                             u.changed_by or u.created_by or user, u.version))
                position += 1
            ids = _insert_with_ids(conn, insert_rows, _UNIT, _UNIT_COLUMNS, rows)
            variants: list[tuple] = []
            props: list[tuple] = []
            for unit_id, u in zip(ids, flat, strict=True):
                for lang, text, search, sentences, markup in u.variants:
                    seen.setdefault(lang)
                    variants.append((unit_id, lang, text, search, sentences, markup))
                props.extend((unit_id, *p) for p in u.props)
            if variants:
                vids = _insert_with_ids(conn, insert_rows, _VARIANT, _VARIANT_COLUMNS, variants)
                new = [(vid, v[1], v[3]) for v, vid in zip(variants, vids, strict=True)]
                for feed in feeds:
                    feed.add(new)
            if props:
                insert_rows(_PROP, _PROP_COLUMNS, props)
            if progress:
                progress(len(batch))
        return position, review, list(seen)

    def _delete(self, s: Session, doc_id: str) -> None:
        for hook in HOOKS:
            hook.document_removed(s, doc_id)
        unit_ids = select(Unit.id).where(Unit.doc_id == doc_id)
        s.exec(delete(Variant).where(Variant.unit_id.in_(unit_ids)))  # type: ignore[attr-defined]
        s.exec(delete(UnitProp).where(UnitProp.unit_id.in_(unit_ids)))  # type: ignore[attr-defined]
        s.exec(delete(Unit).where(Unit.doc_id == doc_id))  # type: ignore[arg-type]
        s.exec(delete(Document).where(Document.id == doc_id))  # type: ignore[arg-type]

    def delete_document(self, doc_id: str) -> None:
        self.require()
        with self.session() as s:
            if s.get(Document, doc_id) is None:
                raise NotFound(f"no document '{doc_id}' in the TM")
            self._delete(s, doc_id)

    # -- reads --------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        if self._version().state == "empty":
            return False
        with Session(self.engine) as s:
            return s.get(Document, doc_id) is not None

    def documents(self) -> list[Document]:
        self.require()
        with Session(self.engine) as s:
            return list(s.exec(select(Document).order_by(Document.id)))

    def check_languages(self, langs: Sequence[str], doc_id: str | None = None) -> None:
        """Refuse (:class:`NotFound`) a language that no document (or not ``doc_id``) has:
        asking for it is a mistake to report, not a question whose answer is empty. A tag
        is had when a document has it or another tag of the same language (``en`` and
        ``en-GB``), as lookups match them."""
        docs = [self.document(doc_id)] if doc_id else self.documents()
        have = list(dict.fromkeys(lang for d in docs for lang in d.langs))
        bases = {base_language(lang) for lang in have}
        for lang in langs:
            if lang not in have and base_language(lang) not in bases:
                where = f"document '{doc_id}'" if doc_id else "the TM"
                raise NotFound(f"{where} has no {lang} text (it has: {', '.join(have) or 'no languages'})")

    def unit_counts(self) -> dict[str, int]:
        """The number of units of each document."""
        self.require()
        with Session(self.engine) as s:
            rows = s.exec(select(Unit.doc_id, func.count()).group_by(Unit.doc_id)).all()  # type: ignore[call-overload]
        return {doc_id: n for doc_id, n in rows}

    def document(self, doc_id: str) -> Document:
        self.require()
        with Session(self.engine) as s:
            doc = s.get(Document, doc_id)
        if doc is None:
            known = ", ".join(d.id for d in self.documents()) or "none"
            raise NotFound(f"no document '{doc_id}' in the TM (documents: {known})")
        return doc

    def units(self, doc_id: str, langs: Sequence[str] | None = None) -> list[tuple[Unit, dict[str, Variant]]]:
        """The units of one document in order, each with its variants by language."""
        self.document(doc_id)
        with Session(self.engine) as s:
            rows = list(s.exec(select(Unit).where(Unit.doc_id == doc_id).order_by(Unit.position)))  # type: ignore[arg-type]
            query = select(Variant).join(Unit, Variant.unit_id == Unit.id).where(Unit.doc_id == doc_id)  # type: ignore[arg-type]
            if langs:
                query = query.where(Variant.lang.in_(list(langs)))  # type: ignore[attr-defined]
            by_unit: dict[int, dict[str, Variant]] = {}
            for v in s.exec(query):
                by_unit.setdefault(v.unit_id, {})[v.lang] = v
        return [(u, by_unit.get(u.id or 0, {})) for u in rows]

    def stats(self) -> Stats:
        self.require()
        with Session(self.engine) as s:
            docs = s.exec(select(func.count()).select_from(Document)).one()
            units = s.exec(select(func.count()).select_from(Unit)).one()
            per_lang = s.exec(
                select(Variant.lang, func.count()).where(Variant.text != "").group_by(Variant.lang)  # type: ignore[arg-type]
            ).all()
        return Stats(docs, units, {lang: n for lang, n in sorted(per_lang)})


def _insert_with_ids(
    conn: Connection, insert_rows: Callable[..., None], table: Table, columns: tuple[str, ...], rows: list[tuple]
) -> Sequence[int]:
    """Insert ``rows`` (values of ``columns``) and return their new primary keys, in order:
    reserved first and inserted with the rows where the database allows it (the fast
    path), else assigned by the database and read back with RETURNING."""
    ids = dialect.allocate_ids(conn, table, len(rows))
    if ids is not None:
        insert_rows(table, (*columns, "id"), [(*row, id_) for row, id_ in zip(rows, ids, strict=True)])
        return ids
    return conn.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True),
        [dict(zip(columns, row)) for row in rows],
    ).scalars().all()


_UNIT, _VARIANT, _PROP = Unit.__table__, Variant.__table__, UnitProp.__table__  # type: ignore[attr-defined]
_UNIT_COLUMNS = ("doc_id", "position", "paragraph", "bead", "score", "flags", "tuid", "note", "created_at", "changed_at",
                 "status", "created_by", "changed_by", "version")
_VARIANT_COLUMNS = ("unit_id", "lang", "text", "search", "sentences", "markup")
_PROP_COLUMNS = ("unit_id", "lang", "type", "value")
