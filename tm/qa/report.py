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

from tm.formats.spreadsheet import neutralise
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
            console.print(f"  [cyan]{escape(f.doc)}#{f.unit}[/cyan] [magenta]{f.lang or ''}[/magenta] {escape(f.message)}")
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
    for f in result.findings:  # found and expected are the units' own text: neutralised for spreadsheets
        expected = "" if f.expected is None else " | ".join(f.expected)
        writer.writerow([f.code, f.severity.value, neutralise(f.doc), f.unit, f.lang or "", neutralise(f.message),
                         neutralise(" | ".join(f.found)), neutralise(expected), f.fingerprint()])
    return buf.getvalue()


_CSS = """body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:90em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em;border-bottom:1px solid #ccc}h3{font-size:1em}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3em .5em;vertical-align:top;text-align:left}
mark{background:#ffd0d0;outline:1px solid #d33}.meta{color:#666;white-space:nowrap}.sev-error{color:#b00}.sev-warning{color:#a60}
code.fingerprint{color:#888;font-size:.8em}tr.unit:target{background:#fff6cc}"""


def _by_severity(findings: Sequence[Finding], checks: Sequence[Check]) -> list[tuple[Check, list[Finding]]]:
    """The checks' findings, errors first, then warnings, then the rest; registry order within."""
    groups = _grouped(findings, checks)
    return sorted(groups, key=lambda group: -group[0].severity.rank)


def _summary(result: QAResult, groups: list[tuple[Check, list[Finding]]]) -> str:
    esc = html.escape
    s = result.summary()
    rows = "".join(
        f"<tr><td><a href='#{esc(check.code)}'>{esc(check.code)}</a></td>"
        f"<td class='sev-{check.severity.value}'>{check.severity.value}</td><td>{len(found)}</td></tr>"
        for check, found in groups
    )
    by_severity = ", ".join(f"{n} {severity}" for severity, n in s["by_severity"].items())  # type: ignore[attr-defined]
    return (
        f"<p>{s['units']} units checked, {s['findings']} findings"
        + (f" ({by_severity})" if by_severity else "")
        + (f", {s['baselined']} silenced by the baseline" if s["baselined"] else "") + ".</p>"
        + f"<table id='summary'><tr><th>check</th><th>severity</th><th>findings</th></tr>{rows}</table>"
    )


def _finding_row(f: Finding) -> str:
    esc = html.escape
    ref, anchor = f"{f.doc}#{f.unit}", f"{f.doc}:{f.unit}"  # a fragment holds no second '#'
    text = f.text.get(f.lang or "", "")
    expected = f"<br><small>expected: {esc(', '.join(f.expected))}</small>" if f.expected else ""
    return (
        f"<tr><td class='meta'><a href='#{esc(anchor)}'>{esc(ref)}</a></td><td class='meta'>{esc(f.lang or '')}</td>"
        f"<td>{esc(f.message)}{expected}<br><code class='fingerprint'>{f.fingerprint()}</code></td>"
        f"<td>{_highlight(text, f.found, '<mark>', '</mark>', esc)}</td></tr>"
    )


def _units(result: QAResult) -> str:
    """Each flagged unit once, by document (under the letter's title), its languages side by side."""
    esc = html.escape
    by_unit: dict[tuple[str, int], list[Finding]] = {}
    for f in sorted(result.findings, key=lambda f: (f.doc, f.unit)):
        by_unit.setdefault((f.doc, f.unit), []).append(f)
    parts = ["<h2 id='units'>Units with findings</h2>"]
    for doc, units in groupby(by_unit.items(), key=lambda item: item[0][0]):
        title = result.titles.get(doc)
        parts.append(f"<h3>{esc(doc)}" + (f": {esc(title)}" if title else "") + "</h3><table>")
        for (_, unit), findings in units:
            ref, anchor = f"{doc}#{unit}", f"{doc}:{unit}"
            found = {lang: [s for f in findings if f.lang == lang for s in f.found] for lang in findings[0].text}
            cells = "".join(
                f"<td lang='{esc(lang)}'>{_highlight(text, found[lang], '<mark>', '</mark>', esc)}</td>"
                for lang, text in findings[0].text.items()
            )
            codes = ", ".join(dict.fromkeys(f.code for f in findings))
            parts.append(
                f"<tr class='unit' id='{esc(anchor)}'><td class='meta'>{esc(ref)}<br>{esc(codes)}</td>{cells}</tr>"
            )
        parts.append("</table>")
    return "".join(parts)


def render_html(result: QAResult, checks: Sequence[Check], title: str = "tm QA report") -> str:
    esc = html.escape
    groups = _by_severity(result.findings, checks)
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{esc(title)}</title>",
             f"<style>{_CSS}</style></head><body><h1>{esc(title)}</h1>", _summary(result, groups)]
    for check, findings in groups:
        severity = check.severity.value
        parts.append(f"<h2 class='check' id='{esc(check.code)}'>{esc(check.code)} <span class='sev-{severity}'>"
                     f"({severity}, {len(findings)})</span></h2><p>{esc(check.description)}</p>")
        parts.append("<table><tr><th>unit</th><th>lang</th><th>finding</th><th>text</th></tr>")
        parts.extend(_finding_row(f) for f in findings)
        parts.append("</table>")
    if result.findings:
        parts.append(_units(result))
    parts.append("</body></html>\n")
    return "".join(parts)
