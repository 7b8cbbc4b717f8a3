"""Quality assurance: checks that report findings on the TM's units."""

from tm.qa.findings import Finding, Severity

__all__ = ["Finding", "Severity"]
