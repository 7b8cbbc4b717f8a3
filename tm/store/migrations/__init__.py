"""Alembic migrations of the TM schema (run by :mod:`tm.store.schema`, not by hand)."""
