"""QA reports: text for the terminal, JSON, CSV, and one self-contained HTML file."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Sequence
from itertools import groupby

from rich.console import Console
from rich.markup import escape

from tm.qa.base import Check
from tm.qa.findings import Finding
from tm.qa.findings import QAResult

FORMATS = ("text", "json", "csv", "html")


def _grouped(findings: Sequence[Finding], checks: Sequence[Check]) -> list[tuple[Check, list[Finding]]]:
    order = {c.code: k for k, c in enumerate(checks)}
    by_code = {c.code: c for c in checks}
    ordered = sorted(findings, key=lambda f: (order.get(f.code, len(order)), f.doc, f.unit))
    return [(by_code[code], list(group)) for code, group in groupby(ordered, key=lambda f: f.code) if code in by_code]


def _spans(text: str, found: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    for needle in found:
        if not needle:
            continue
        start = text.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = text.find(needle, start + len(needle))
    return sorted(set(spans))


def _highlight(text: str, found: Sequence[str], open_: str, close: str, esc) -> str:  # type: ignore[no-untyped-def]
    out, pos = [], 0
    for start, end in _spans(text, found):
        if start < pos:
            continue
        out.append(esc(text[pos:start]))
        out.append(open_ + esc(text[start:end]) + close)
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def render_text(result: QAResult, checks: Sequence[Check], console: Console) -> None:
    for check, findings in _grouped(result.findings, checks):
        console.print(f"\n[bold]{check.code}[/bold] ({check.severity.value}, {len(findings)}): {escape(check.description)}")
        for f in findings:
            console.print(f"  [cyan]{escape(f.doc)}:{f.unit}[/cyan] [magenta]{f.lang or ''}[/magenta] {escape(f.message)}")
            text = f.text.get(f.lang or "", "")
            if text:
                console.print("    " + _highlight(text, f.found, "[reverse red]", "[/reverse red]", escape), highlight=False)
            if f.expected:
                console.print("    expected: " + escape(", ".join(f.expected)), highlight=False)
    s = result.summary()
    console.print(
        f"\n{s['units']} units, {s['findings']} findings"
        + (f" ({s['baselined']} more silenced by the baseline)" if s["baselined"] else "")
        + ("" if not s["by_code"] else ": " + ", ".join(f"{k} {v}" for k, v in s["by_code"].items())),
        highlight=False,
    )


def render_json(result: QAResult) -> str:
    return json.dumps(
        {"findings": [f.as_dict() for f in result.findings], "summary": result.summary()}, ensure_ascii=False, indent=2
    )


def render_csv(result: QAResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["code", "severity", "doc", "unit", "lang", "message", "found", "expected", "fingerprint"])
    for f in result.findings:
        writer.writerow([f.code, f.severity.value, f.doc, f.unit, f.lang or "", f.message, " | ".join(f.found),
                         "" if f.expected is None else " | ".join(f.expected), f.fingerprint()])
    return buf.getvalue()


_CSS = """body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3em .5em;vertical-align:top;text-align:left}
mark{background:#ffd0d0;outline:1px solid #d33}.meta{color:#666;white-space:nowrap}.sev-error{color:#b00}.sev-warning{color:#a60}"""


def render_html(result: QAResult, checks: Sequence[Check], title: str = "tm QA report") -> str:
    esc = html.escape
    s = result.summary()
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{esc(title)}</title>",
             f"<style>{_CSS}</style></head><body><h1>{esc(title)}</h1>",
             f"<p>{s['units']} units checked, {s['findings']} findings"
             + (f", {s['baselined']} silenced by the baseline" if s["baselined"] else "") + ".</p>"]
    for check, findings in _grouped(result.findings, checks):
        parts.append(f"<h2 id='{esc(check.code)}'>{esc(check.code)} <span class='sev-{check.severity.value}'>"
                     f"({check.severity.value}, {len(findings)})</span></h2><p>{esc(check.description)}</p>")
        parts.append("<table><tr><th>unit</th><th>lang</th><th>finding</th><th>text</th></tr>")
        for f in findings:
            text = f.text.get(f.lang or "", "")
            expected = f"<br><small>expected: {esc(', '.join(f.expected))}</small>" if f.expected else ""
            parts.append(
                f"<tr><td class='meta'>{esc(f.doc)}:{f.unit}</td><td class='meta'>{esc(f.lang or '')}</td>"
                f"<td>{esc(f.message)}{expected}</td><td>{_highlight(text, f.found, '<mark>', '</mark>', esc)}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts)
