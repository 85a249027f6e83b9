"""User text made safe to show: the one sanitiser for everything an algorithm under test wrote.

What the algorithm prints, the text of its exceptions and tracebacks, and the descriptions a
user's strategy draws reach terminals, JSON reports and pytest messages. A terminal obeys control
characters: ``ESC [2J`` clears the screen, ``ESC ] 0;…`` sets the window title, ``ESC [32m`` paints
a forged "K=3 digits certified" green, ``\\r`` overwrites the line, U+202E reverses what follows.
:func:`sanitise` replaces each such character by its visible escape (``\\x1b``, ``\\u202e``), so
the text keeps every printable character, stays one readable string, and means nothing to a
terminal. :func:`markup_safe` also escapes rich markup (``[/bold]`` is text, not a tag).
Sanitising is idempotent: a sanitised text contains no character it would escape.
"""

from __future__ import annotations

import re

__all__ = ["markup_safe", "sanitise"]

# C0 controls except tab and newline, DEL and the C1 controls, lone surrogates (unprintable in
# UTF-8: print would raise), and the invisible format characters that reorder or hide text
# (Arabic letter mark, zero-width and direction marks, line/paragraph separators, bidi embeddings,
# overrides and isolates, word joiner and invisible operators, the BOM, interlinear annotations).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def sanitise(text: object) -> str:
    """``str(text)`` with every control, bidi and invisible format character replaced by its
    visible escape; tabs and newlines are kept.

    >>> sanitise("ok\\x1b[2J\\u202efake")
    'ok\\\\x1b[2J\\\\u202efake'
    """
    return _UNSAFE.sub(_escape, text if isinstance(text, str) else str(text))


def markup_safe(text: object) -> str:
    """:func:`sanitise`, then rich markup escaped: safe inside ``console.print`` markup."""
    from rich.markup import escape

    return escape(sanitise(text))
