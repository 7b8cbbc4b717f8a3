"""The QA checks, one small module per topic."""
