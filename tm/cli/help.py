"""``--help`` as plain text, the way a person types the commands.

The rules it keeps: an option shows what to type after it (``--check CODE``, ``--output
FILE``, ``--jobs N``), a flag shows nothing after it, and no Python type appears; a prose
paragraph of a docstring is one line (the terminal wraps it where its width is, never in
the middle of a sentence on a narrower one), and an indented example is printed as written,
never wrapped in the middle of a command. Nothing is drawn in boxes, so help piped to a
file reads the same.
"""

from __future__ import annotations

import inspect
from enum import Enum
from typing import Any

#: What to type after an option, where the option's name does not say it.
METAVARS = {
    "--db": "URL", "--check": "CODE", "--skip": "CODE", "--output": "FILE", "--baseline": "FILE",
    "--batch": "FILE", "--corpora": "DIR", "--exports": "DIR", "--glossaries": "DIR", "--min": "N",
    "--limit": "N", "--context": "N", "--jobs": "N", "--from": "LANG", "--to": "LANGS", "--lang": "LANG",
    "--srclang": "LANG", "--term": "LANG=TEXT", "--admitted": "LANG=TEXT", "--forbidden": "LANG=TEXT",
    "--norm": "STEPS", "--type": "TYPE", "--case": "CASE", "--note": "TEXT", "--scheme": "SCHEME",
    "--doc": "DOC", "--langs": "LANGS", "--reports": "DIR",
}
#: Options wider than this get their help on the same line all the same, one space after.
_COLUMN = 32


def metavar(param: Any) -> str | None:
    """What a person types after an option (None for a flag), or the name of an argument."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    if param.metavar:
        return str(param.metavar)
    for opt in getattr(param, "opts", ()):
        if opt in METAVARS:
            return METAVARS[opt]
    descriptor = getattr(param, "type_descriptor", None)
    choices = getattr(descriptor, "choices", None) or getattr(getattr(param, "type", None), "choices", None)
    if choices:
        return "|".join(str(c.value if isinstance(c, Enum) else c) for c in choices)
    return (param.name or "value").upper()


def paragraphs(text: str) -> list[str]:
    """A docstring's paragraphs: prose joined into one line each, indented blocks and
    lines ending a heading (``Example:``) kept as written."""
    out = []
    for block in inspect.cleandoc(text).partition("\f")[0].split("\n\n"):
        lines = block.split("\n")
        if any(line.startswith(" ") for line in lines) or block.startswith("\b"):
            out.append(block.replace("\b\n", "").replace("\b", ""))
        else:
            out.append(" ".join(line.strip() for line in lines if line.strip()))
    return [p for p in out if p.strip()]


def _default(param: Any) -> str:
    show = getattr(param, "show_default", None)
    default = param.default
    if not show or default in (None, False, "") or getattr(param, "is_flag", False):
        return ""
    if isinstance(default, Enum):
        default = default.value
    if isinstance(default, list | tuple):
        if not default:
            return ""
        default = ", ".join(map(str, default))
    return f" [default: {default}]"


def _option_rows(ctx: Any, command: Any) -> list[tuple[str, str]]:
    rows = []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False) or param.param_type_name != "option":
            continue
        name = ", ".join(sorted(param.opts, key=lambda o: (not o.startswith("--"), o)))
        shown = metavar(param)
        left = f"{name} {shown}" if shown else name
        text = " ".join((getattr(param, "help", None) or "").split())
        if getattr(param, "required", False):
            text += " [required]"
        text += _default(param)
        envvar = getattr(param, "envvar", None)
        if envvar and getattr(param, "show_envvar", False):
            text += f" [env var: {envvar}]"
        rows.append((left, text))
    return rows


def _argument_rows(ctx: Any, command: Any) -> list[tuple[str, str]]:
    rows = []
    for param in command.get_params(ctx):
        if param.param_type_name == "argument" and not getattr(param, "hidden", False):
            rows.append((_argument(param), " ".join((getattr(param, "help", None) or "").split())))
    return rows


def _argument(param: Any) -> str:
    """An argument as a person types it: ``FILE``, or ``FILE...`` when it takes several."""
    name = metavar(param) or ""
    return name + "..." if param.nargs != 1 and not name.endswith("...") else name


def _table(title: str, rows: list[tuple[str, str]]) -> list[str]:
    if not rows:
        return []
    width = min(max(len(left) for left, _ in rows), _COLUMN)
    return [f"{title}:", *(f"  {left.ljust(width)}  {text}".rstrip() for left, text in rows), ""]


def usage(ctx: Any, command: Any) -> str:
    pieces = [ctx.command_path, "[OPTIONS]"]
    for param in command.get_params(ctx):
        if param.param_type_name == "argument" and not getattr(param, "hidden", False):
            name = _argument(param)
            pieces.append(name if param.required else f"[{name}]")
    if hasattr(command, "list_commands"):
        pieces.append("COMMAND [ARGS]...")
    return "Usage: " + " ".join(pieces)


def render(ctx: Any, command: Any) -> str:
    """The whole help of a command or group."""
    lines = [usage(ctx, command), ""]
    for paragraph in paragraphs(command.help or ""):
        lines += [paragraph, ""]
    lines += _table("Arguments", _argument_rows(ctx, command))
    lines += _table("Options", _option_rows(ctx, command))
    if hasattr(command, "list_commands"):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not getattr(sub, "hidden", False):
                first = paragraphs(sub.help or "")
                rows.append((name, first[0] if first else ""))
        lines += _table("Commands", rows)
    return "\n".join(lines).rstrip("\n") + "\n"


class PlainHelp:
    """Mixed into the command and group classes: ``--help`` from :func:`render`."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render(ctx, self))
