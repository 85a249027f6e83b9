"""What a Coq source of a proof folder may say, read the way Coq reads it (kernel/formal.py uses it).

Coq 8.16's lexical rules that matter here: comments nest, a string inside a comment is read as a
string (so ``"*)"`` there closes nothing), ``""`` is a quote inside a string, and a sentence ends at
a ``.`` followed by a blank. :func:`scan` refuses, outside comments and strings:

- gaps and assumptions: ``Admitted``, ``admit``, ``Admit Obligations``, ``Axiom``, ``Parameter``,
  ``Conjecture``, and ``Hypothesis``/``Variable``/``Context`` outside a section (there they are
  axioms);
- kernel bypasses: ``Unset Guard/Positivity/Universe Checking``, ``#[bypass_check(...)]``,
  ``Primitive``, ``Register``, ``native_compute``; ``Set``/``Unset`` of any option outside a short
  list of printing and elaboration options;
- what reads or writes files or loads code: ``Load``, ``Redirect``, ``Cd``, ``Drop``, ``Declare ML
  Module``, ``Add LoadPath``, ``Extraction``, ``Extra Dependency``, ``Declare`` (but Scope, Custom);
- outside a proof (``Proof`` ... ``Qed``/``Defined``/``Abort``), any command not in
  :data:`COMMANDS` (an allow-list: definitions, statements, notations, hints, sections, modules,
  read-only queries); inside one, the tactics are refused only by the words above;
- a ``Require`` of anything but Coq's standard library (``From Coq`` or ``Coq.``) and the folder's
  own files (``From SciOracle``, ``SciOracle.``, listed in its ``_CoqProject``).

Imports only the standard library.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["SourceError", "forbidden", "project_files", "scan", "sentences"]


class SourceError(Exception):
    """A source that cannot be read the way Coq reads it (an unclosed comment or string)."""


_BLANK = " \t\n\r\f"
_IDENT = re.compile(r"[^\W\d][\w']*(?:\.[^\W\d][\w']*)*")
# gaps, assumptions, kernel bypasses, and vernacular that touches files or loads code, anywhere
DENY = frozenset({"Admitted", "admit", "Admit", "Axiom", "Axioms", "Parameter", "Parameters", "Conjecture"})
DENY |= {"Load", "Redirect", "Cd", "Drop", "ML", "LoadPath", "Extraction", "Extract", "Dependency"}
DENY |= {"Checking", "bypass_check", "native_compute", "native_cast_no_check", "Primitive", "Register"}
_PREFIX = frozenset({"Local", "Global", "Polymorphic", "Monomorphic", "Cumulative", "NonCumulative", "Private"})
_PREFIX |= {"Program", "Time", "Fail", "Succeed"}
_SECTION_ONLY = frozenset({"Hypothesis", "Hypotheses", "Variable", "Variables", "Context"})  # else an axiom
# the commands a proof folder may give outside a proof (anything else is refused); inside a proof
# (Proof ... Qed/Defined/Abort) sentences are tactics, refused only by DENY and the Set/Require rules
COMMANDS = frozenset({"Require", "Import", "Export", "Open", "Close", "Section", "End", "Module", "Proof"})
COMMANDS |= {"Definition", "Fixpoint", "CoFixpoint", "Inductive", "CoInductive", "Variant", "Record", "Structure"}
COMMANDS |= {"Class", "Instance", "Existing", "Let", "Theorem", "Lemma", "Corollary", "Proposition", "Fact"}
COMMANDS |= {"Remark", "Example", "Goal", "Next", "Obligation", "Notation", "Infix", "Reserved", "Delimit", "Bind"}
COMMANDS |= {"Arguments", "Implicit", "Generalizable", "Hint", "Create", "Ltac", "Tactic", "Coercion", "Canonical"}
COMMANDS |= {"Scheme", "Opaque", "Transparent", "Set", "Unset", "Declare", "Check", "Print", "About", "Locate"}
COMMANDS |= {"Compute", "Eval", *_SECTION_ONLY}
_CLOSE = frozenset({"Qed", "Defined", "Abort"})
SET_ALLOWED: tuple[str, ...] = ("Implicit Arguments", "Strict Implicit", "Maximal Implicit Insertion", "Printing")
SET_ALLOWED += ("Warnings", "Default Goal Selector", "Bullet Behavior", "Asymmetric Patterns", "Default Proof Using")
SET_ALLOWED += ("Universe Polymorphism", "Nested Proofs Allowed", "Keyed Unification", "Regular Subst Tactic")


def _string_end(text: str, i: int) -> int:
    j = i + 1
    while (k := text.find('"', j)) >= 0:
        if not text.startswith('""', k):  # "" is a quote inside a string
            return k + 1
        j = k + 2
    raise SourceError("a string is not closed")


def _comment_end(text: str, i: int) -> int:
    depth = 0
    while i < len(text):
        if text.startswith("(*", i):
            depth, i = depth + 1, i + 2
        elif text.startswith("*)", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i
        elif text[i] == '"':  # Coq reads strings inside comments: "*)" there ends nothing
            i = _string_end(text, i)
        else:
            i += 1
    raise SourceError("a comment is not closed")


def sentences(text: str) -> list[list[str]]:
    """Coq's sentences as lists of tokens, comments dropped: identifiers (qualified names whole),
    strings (with their quotes), single symbols; a bullet or brace is a sentence of its own."""
    out: list[list[str]] = []
    cur: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if text.startswith("(*", i):
            i = _comment_end(text, i)
        elif c == '"':
            j = _string_end(text, i)
            cur.append(text[i:j])
            i = j
        elif c in _BLANK:
            i += 1
        elif c == "." and (i + 1 == len(text) or text[i + 1] in _BLANK):
            if cur:
                out.append(cur)
            cur, i = [], i + 1
        elif m := _IDENT.match(text, i):
            cur.append(m.group())
            i = m.end()
        elif not cur and c in "-+*{}":
            j = i + 1
            while c in "-+*" and j < len(text) and text[j] == c:
                j += 1
            out.append([text[i:j]])
            i = j
        else:
            cur.append(c)
            i += 1
    if cur:
        raise SourceError("the file ends inside a sentence (a final '.' is missing)")
    return out


def _head(s: list[str]) -> int:
    """Index of a sentence's command, after attributes (#[...]) and prefixes (Local, Time, ...)."""
    i = 0
    while i < len(s):
        if s[i] == "#" and s[i + 1 : i + 2] == ["["]:
            depth, i = 1, i + 2
            while i < len(s) and depth:
                depth += {"[": 1, "]": -1}.get(s[i], 0)
                i += 1
        elif s[i] in _PREFIX or (s[i] == "Export" and s[i + 1 : i + 2] in (["Set"], ["Unset"])):
            i += 1
        elif s[i] == "Timeout":
            i += 2
        else:
            return i
    return i


def _require(s: list[str], project: set[str] | None) -> tuple[str | None, list[str]]:
    """A ``[From D] Require [Import|Export] names`` sentence: (why it is refused, SciOracle modules)."""
    where = ""
    if s[:1] == ["From"] and len(s) > 2:
        where, s = s[1] + ".", s[2:]
    if s[:1] != ["Require"]:
        return "'Require' in an unexpected place", []
    names = s[2:] if s[1:2] in (["Import"], ["Export"]) else s[1:]
    mods = []
    for name in names or ["(nothing)"]:
        full = where + name
        if full.startswith("Coq.") and _IDENT.fullmatch(full):
            continue
        mod = full[len("SciOracle.") :] if full.startswith("SciOracle.") else None
        if (
            mod is None
            or "." in mod
            or not _IDENT.fullmatch(mod)
            or (project is not None and mod + ".v" not in project)
        ):
            return f"Require of {full} (only Coq's standard library and this folder's _CoqProject)", []
        mods.append(mod)
    return None, mods


def scan(text: str, project: set[str] | None = None) -> tuple[str | None, list[str]]:
    """(the first thing a proof file may not say, or None; the SciOracle modules it requires).
    ``project``: the .v files of the folder's _CoqProject, which a Require may name."""
    try:
        sents = sentences(text)
    except SourceError as exc:
        return str(exc), []
    stack: list[str] = []
    mods: list[str] = []
    proof = False  # inside Proof ... Qed: tactics
    for s in sents:
        bad = next((w for t in s if t[0] != '"' for w in t.split(".") if w in DENY), None)
        if bad:
            return bad, mods
        s = s[_head(s) :]
        cmd = s[0] if s else ""
        if "Require" in s:
            why, more = _require(s, project)
            if why:
                return why, mods
            mods += more
        elif cmd in ("Set", "Unset"):
            option = " ".join(t for t in s[1:] if _IDENT.fullmatch(t))
            if not option.startswith(SET_ALLOWED):
                return f"{cmd} {option}", mods
        elif proof:
            proof = cmd not in _CLOSE
        elif cmd not in COMMANDS:
            return f"{' '.join(s[:2])} (not a command the kernel runs outside a proof)", mods
        elif cmd in ("Proof", "Next", "Obligation"):
            proof = cmd != "Proof" or len(s) == 1 or s[1] in ("using", "with")  # Proof term. ends at once
        elif cmd in _SECTION_ONLY and "Section" not in stack:
            return f"{cmd} outside a Section (an axiom)", mods
        elif cmd == "Declare" and s[1:2] not in (["Scope"], ["Custom"]):
            return " ".join(s[:3]), mods
        elif cmd == "Section" or (cmd == "Module" and ":=" not in "".join(s)):
            stack.append(cmd)
        elif cmd == "End":
            if not stack:
                return "End without an open Section or Module", mods
            stack.pop()
    if proof:
        return "a proof is not closed (Qed, Defined or Abort)", mods
    return ("a Section or Module is not closed" if stack else None), mods


def forbidden(text: str) -> str | None:
    """The first gap or refused command of a Coq source (outside comments and strings), if any."""
    return scan(text)[0]


def project_files(src: Path) -> list[str]:
    """The .v files of ``_CoqProject``, in build order (its options are ignored: the kernel sets coqc's)."""
    lines = [ln.strip() for ln in (src / "_CoqProject").read_text(encoding="utf-8").splitlines()]
    files = [f for f in lines if f.endswith(".v")]
    for f in files:
        if not _IDENT.fullmatch(f[:-2]) or "." in f[:-2]:
            raise SourceError(f"_CoqProject: {f!r} is not a plain file name (letters, digits, _)")
    return files
