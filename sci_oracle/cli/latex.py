"""``sci-oracle prove --latex FILE.tex [--beamer]``: a proof report as a LaTeX article or as slides.

The theorem statement, the parameters, and every claim with its status, its scope
(``formal``, ``all-parameters``, ``instances``, ``lemma``, ``measured``; see
:mod:`sci_oracle.core.report`), the statement the independent kernel writes for it (exactly what
``sci-oracle verify`` prints, from the certificate's parameters: :func:`sci_oracle.kernel.statements`)
and the producer's detail with its key numbers. A measured claim is not in the certificate and has
no kernel statement. ``--beamer`` writes a beamer presentation: a title slide, a summary slide and
one slide per claim.

The claims' details are plain text in the papers' notation (``2^-(n+1)``, ``a_j``, ``‖x¹ − x²‖``,
``h(n) ≥ n``, ``ε``). :func:`prose_to_latex` typesets them: runs of notation become inline maths
(``$2^{-(n+1)}$``), the project's object names and file names become typewriter text, and a Python
dictionary becomes a plain list. The output is plain ASCII, so ``pdflatex`` compiles it with
amsmath and amssymb only (plus beamer for slides).
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

__all__ = ["latex_escape", "math_to_latex", "prose_to_latex", "report_to_beamer", "report_to_latex", "write_latex"]

_SPECIAL = {  # text mode: escaped, or taken from the typewriter font, which has these glyphs in ASCII
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "^": r"\texttt{\char94}",
    "~": r"\texttt{\char126}",
}
_SPECIAL_MATH = {"\\": r"\backslash", "{": r"\{", "}": r"\}", "<": "<", ">": ">", "|": "|"}  # no text glyph in OT1
_GREEK = {
    "Δ": r"\Delta",
    "Γ": r"\Gamma",
    "Ω": r"\Omega",
    "Ξ": r"\Xi",
    "Φ": r"\Phi",
    "Ψ": r"\Psi",
    "Λ": r"\Lambda",
    "Σ": r"\Sigma",
    "Θ": r"\Theta",
    "Π": r"\Pi",
    "α": r"\alpha",
    "β": r"\beta",
    "γ": r"\gamma",
    "δ": r"\delta",
    "ε": r"\varepsilon",
    "ζ": r"\zeta",
    "η": r"\eta",
    "θ": r"\theta",
    "ι": r"\iota",
    "κ": r"\kappa",
    "λ": r"\lambda",
    "μ": r"\mu",
    "ν": r"\nu",
    "ξ": r"\xi",
    "π": r"\pi",
    "ρ": r"\rho",
    "σ": r"\sigma",
    "τ": r"\tau",
    "φ": r"\varphi",
    "χ": r"\chi",
    "ψ": r"\psi",
    "ω": r"\omega",
}
_MATH = {
    **_GREEK,
    "·": r"\cdot",
    "≤": r"\le",
    "≥": r"\ge",
    "≠": r"\ne",
    "≈": r"\approx",
    "≡": r"\equiv",
    "√": r"\surd",  # math_to_latex turns √2 and √(x) into \sqrt{...}
    "‖": r"\|",
    "×": r"\times",
    "→": r"\to",
    "←": r"\leftarrow",
    "↦": r"\mapsto",
    "⇒": r"\Rightarrow",
    "∈": r"\in",
    "∉": r"\notin",
    "⊂": r"\subset",
    "⊆": r"\subseteq",
    "∩": r"\cap",
    "∪": r"\cup",
    "∅": r"\emptyset",
    "∏": r"\prod",
    "∑": r"\sum",
    "∞": r"\infty",
    "±": r"\pm",
    "∓": r"\mp",
    "⌈": r"\lceil",
    "⌉": r"\rceil",
    "⌊": r"\lfloor",
    "⌋": r"\rfloor",
    "ℓ": r"\ell",
    "∀": r"\forall",
    "∃": r"\exists",
    "∂": r"\partial",
    "∇": r"\nabla",
    "′": "'",
}
_TEXT = {"−": "-", "–": "--", "—": "---", "…": r"\ldots{}", "’": "'", "‘": "`", "“": "``", "”": "''", "\u00a0": "~"}
_TEXT |= {"«": "``", "»": "''"}  # the kernel quotes an algorithm's printed identity
_SUP = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ᵀⁱʲⁿ⁽⁾", "0123456789+-Tijn()", strict=True))
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋ᵢⱼₖₙ₍₎", "0123456789+-ijkn()", strict=True))


def _unknown(ch: str) -> str:
    """A character with no mapping: its ASCII base letter (č -> c), else its code point, visibly."""
    base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    return base or rf"\texttt{{U+{ord(ch):04X}}}"


def latex_escape(text: str) -> str:
    """Escape LaTeX specials in plain text and map the papers' Unicode notation to ASCII LaTeX;
    adjacent math symbols share one $...$ (two inline maths side by side would read as $$)."""
    parts: list[tuple[bool, str]] = []  # (is_math, text)
    for ch in str(text):
        if ch in _SPECIAL:
            parts.append((False, _SPECIAL[ch]))
        elif ch in _SPECIAL_MATH:
            parts.append((True, _SPECIAL_MATH[ch] + " "))
        elif ch in _MATH:
            parts.append((True, _MATH[ch] + " "))
        elif ch in _TEXT:
            parts.append((False, _TEXT[ch]))
        elif ch in _SUP:
            parts.append((True, f"^{{{_SUP[ch]}}}"))
        elif ch in _SUB:
            parts.append((True, f"_{{{_SUB[ch]}}}"))
        elif ord(ch) < 128:
            parts.append((False, ch))
        else:
            parts.append((False, _unknown(ch)))
    out: list[str] = []
    math = False
    for is_math, piece in [*parts, (False, "")]:
        if is_math != math:
            if math:  # closing: a macro's trailing space is not needed before $
                out[-1] = out[-1].rstrip()
            out.append("$")
            math = is_math
        out.append(piece)
    return "".join(out)


# -- notation in prose -----------------------------------------------------------------------------
_ASCII_OPS = (("<=", "≤"), (">=", "≥"), ("!=", "≠"), ("||", "‖"), ("<-", "←"), ("->", "→"))
_ASCII_GREEK = re.compile(r"\b(delta|eps|epsilon|eta|kappa|rho|lambda|sigma|gamma|alpha|beta|theta|tau|omega|mu)\b")
_GREEK_OF = {"eps": "ε", "epsilon": "ε", "delta": "δ", "eta": "η", "kappa": "κ", "rho": "ρ", "lambda": "λ"}
_GREEK_OF |= {"sigma": "σ", "gamma": "γ", "alpha": "α", "beta": "β", "theta": "θ", "tau": "τ", "omega": "ω", "mu": "μ"}
_MATH_WORDS = {"log": r"\log", "exp": r"\exp", "max": r"\max", "min": r"\min", "sup": r"\sup", "inf": r"\inf"}
# a name( ... ) that is code: CamelCase, snake_case, or with keyword arguments or quotes inside
_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\(")
_PATH = re.compile(r"(?<![\w/])(?:[\w.-]+/)*[\w-]+\.(?:md|py|json|tex|html|png|ipynb)\b")
_SNAKE = re.compile(r"(?<![\w\\])[A-Za-z][A-Za-z0-9]+(?:_[A-Za-z0-9]+)+\b")
_ANCHORS = set("=<>≤≥≠≈≡∈∉⊂⊆∩∪·×^_‖√∏∑∞±∓⌈⌉⌊⌋→←↦⇒∀∃∂∇′+−") | set(_GREEK) | set(_SUP) | set(_SUB)
_TRAIL = ",;:.!?"
_NAMED = {"Lemma", "Theorem", "Proposition", "Prop", "Conjecture", "Corollary", "Table", "Figure", "part", "Part"}
# function names in ASCII notation: ceil(x) -> ⌈x⌉, floor(x) -> ⌊x⌋, sqrt(x) -> √(x), prod( -> ∏(
_FUNCS = {"ceil": ("⌈", "⌉"), "floor": ("⌊", "⌋"), "sqrt": ("√(", ")"), "prod": ("∏(", ")")}


def _closing(text: str, start: int) -> int | None:
    """Index just past the bracket matching text[start] (one of '([{'), or None."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack = []
    for i in range(start, len(text)):
        ch = text[i]
        if ch in pairs:
            stack.append(pairs[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                return i + 1
        elif ch in ")]}":
            return None
    return None


def _is_code_call(name: str, args: str) -> bool:
    if len(name) == 1:  # P(fail | q = ±1), t(a_j): functions in the notation
        return False
    camel = re.search(r"[A-Z][a-z]", name) is not None
    return camel or "_" in name or "=" in args or "'" in args or '"' in args or args == ""


def _dict_words(value: Any) -> str:
    """A Python dictionary or list as words: 'a: 1, b: 2' (nested dictionaries in brackets)."""
    if isinstance(value, dict):
        return "; ".join(
            f"{k}: {_dict_words(v) if not isinstance(v, dict) else '(' + _dict_words(v) + ')'}"
            for k, v in value.items()
        )
    if isinstance(value, (list, tuple)):
        return ", ".join(_dict_words(v) for v in value)
    return str(value)


def _segments(text: str) -> list[tuple[str, str]]:
    """Split prose into ('code', ...), ('words', ...) for dictionaries, and ('prose', ...) pieces."""
    out: list[tuple[str, str]] = []
    i = last = 0
    while i < len(text):
        ch = text[i]
        found: tuple[str, str, int] | None = None
        if ch == "{" and (end := _closing(text, i)):
            try:
                value = ast.literal_eval(text[i:end])
            except (ValueError, SyntaxError):
                value = None
            if isinstance(value, dict) and value:
                found = ("words", _dict_words(value), end)
        elif (m := _CALL.match(text, i)) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = _closing(text, m.end() - 1)
            if end and _is_code_call(m.group()[:-1], text[m.end() : end - 1]):
                found = ("code", text[i:end], end)
        elif ((m := _PATH.match(text, i)) and (i == 0 or not text[i - 1].isalnum())) or (
            (m := _SNAKE.match(text, i)) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"))
        ):
            found = ("code", m.group(), m.end())
        if found:
            if last < i:
                out.append(("prose", text[last:i]))
            out.append((found[0], found[1]))
            i = last = found[2]
        else:
            i += 1
    if last < len(text):
        out.append(("prose", text[last:]))
    return out


def _kind(chunk: str) -> str:
    """'text' (has a word), 'math' (has notation) or 'neutral' (numbers, single letters, brackets)."""
    if re.fullmatch(r"\([a-z0-9]\)", chunk):  # a part label: (a), (b), (0)
        return "text"
    words = [w for w in re.findall(r"[A-Za-z]{2,}", chunk) if w not in _MATH_WORDS]
    if words:
        return "math" if ("^" in chunk or "_" in chunk) else "text"
    if any(ch in _ANCHORS for ch in chunk) or re.search(r"(?<![A-Za-z])[A-Za-z]'?\(", chunk):
        return "math"
    if re.fullmatch(r"[B-HJ-Zb-z]", chunk):  # a lone variable (not the words a, A, I)
        return "math"
    return "neutral"


def _script(text: str, i: int) -> tuple[str, int]:
    """The argument of ^ or _ at text[i:]: an optional sign, then a bracket group or an alphanumeric run."""
    j = i
    sign = ""
    if j < len(text) and text[j] in "-−+":
        sign = "-" if text[j] in "-−" else "+"
        j += 1
    if j < len(text) and text[j] in "({" and (end := _closing(text, j)):
        inner = text[j:end] if text[j] == "(" else text[j + 1 : end - 1]
        return sign + math_to_latex(inner), end
    m = re.compile(r"[A-Za-z0-9*]+|[^\s]").match(text, j)
    if m is None:
        return sign, j
    return sign + math_to_latex(m.group()), m.end()


def math_to_latex(text: str) -> str:
    """Plain-text notation (``2^-(n+1)``, ``a_j``, ``‖c·1‖²``, ``N1``) as the body of inline maths."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "^_":
            arg, i = _script(text, i + 1)
            out.append(f"{ch}{{{arg}}}")
            continue
        if ch in _SUP or ch in _SUB:
            table, mark = (_SUP, "^") if ch in _SUP else (_SUB, "_")
            j = i
            while j < len(text) and text[j] in table:
                j += 1
            out.append(mark + "{" + "".join(table[c] for c in text[i:j]) + "}")
            i = j
            continue
        m = re.compile(r"[A-Za-z]+\d*").match(text, i)
        if m and (i == 0 or not text[i - 1].isalnum()):
            word = m.group()
            letters = word.rstrip("0123456789")
            digits = word[len(letters) :]
            if letters in _MATH_WORDS:
                out.append(_MATH_WORDS[letters] + " " + digits)
            elif len(letters) >= 2:
                out.append(rf"\mathrm{{{letters}}}" + (f"_{{{digits}}}" if digits else ""))
            else:
                out.append(letters + (f"_{{{digits}}}" if digits else ""))
            i = m.end()
            continue
        if ch == "√":
            arg, i = _script(text, i + 1)
            out.append(rf"\sqrt{{{arg[1:-1] if arg.startswith('(') and arg.endswith(')') else arg}}}")
            continue
        if ch in _MATH:
            out.append(_MATH[ch] + " ")
        elif ch in "−–":
            out.append("-")
        elif ch in "{}%#&$":
            out.append("\\" + ch)
        elif ch == "\\":
            out.append(r"\backslash ")
        elif ch == "~":
            out.append(r"\sim ")
        elif ch == "…":
            out.append(r"\ldots ")
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append(_unknown(ch))
        i += 1
    return "".join(out).strip()


def _prose(text: str) -> str:
    """One prose segment: maximal runs of notation become $...$, the words stay text."""
    items: list[tuple[str, str, str]] = []  # (kind, core, trailing punctuation); kind 'space' for blanks
    previous = ""
    for c in re.findall(r"\S+|\s+", text):
        if c.isspace():
            items.append(("space", c, ""))
            continue
        lead, core, trail = _split_chunk(c)
        if lead:
            items.append(("text", lead, ""))
        kind = _kind(core)
        if kind == "math" and len(core) == 1 and previous in _NAMED:  # Lemma U, part b: names, not variables
            kind = "text"
        items.append((kind, core, trail))
        previous = core
    out: list[str] = []
    i = 0
    while i < len(items):
        kind, core, trail = items[i]
        if kind == "space":
            out.append(" ")
            i += 1
            continue
        end, body, after = _run(items, i) if kind != "text" else (i, "", "")
        if end == i:  # words, or numbers and brackets with no notation near them
            out.append(latex_escape(core + trail))
            i += 1
            continue
        out.append("$" + math_to_latex(body) + "$" + latex_escape(after))
        i = end
    return "".join(out)


def _split_chunk(chunk: str) -> tuple[str, str, str]:
    """(opening brackets not closed in the chunk, the chunk, closing brackets and clause punctuation
    not opened in it): '(a_j' -> ('(', 'a_j', ''); 'δ),' -> ('', 'δ', '),'); '2^-(n+1).' keeps its group."""
    lead = ""
    while chunk and chunk[0] in "([{" and _closing(chunk, 0) is None:
        lead, chunk = lead + chunk[0], chunk[1:]
    trail = ""
    while chunk and (chunk[-1] in _TRAIL or chunk[-1] in ")]}") and not chunk.endswith("..."):
        if chunk[-1] in ")]}":
            opener = "([{"[")]}".index(chunk[-1])]
            if chunk.count(opener) >= chunk.count(chunk[-1]):
                break
        trail, chunk = chunk[-1] + trail, chunk[:-1]
    return lead, chunk, trail


def _run(items: list[tuple[str, str, str]], i: int) -> tuple[int, str, str]:
    """The math run starting at items[i]: (index after it, its text, the punctuation that ended it),
    or (i, '', '') if it holds no notation.

    A run takes chunks that are notation or neutral (numbers, single letters, brackets), across
    blanks, and ends at a word, at clause punctuation or at a bracket it did not open ('K ≥ 3, n ≥ 1'
    is two runs)."""
    parts: list[str] = []
    has_math, j, after = False, i, ""
    while j < len(items):
        kind, core, trail = items[j]
        if kind == "text":
            break
        if kind == "space":
            if j + 1 < len(items) and items[j + 1][0] not in ("text", "space"):
                parts.append(" ")
                j += 1
                continue
            break
        parts.append(core)
        has_math = has_math or kind == "math"
        j += 1
        if trail:
            after = trail
            break
    return (j, "".join(parts).strip(), after) if has_math else (i, "", "")


def _functions(text: str) -> str:
    """ceil(x) -> ⌈x⌉ and the like (the ASCII spelling of some details)."""
    out, i = [], 0
    for m in re.finditer(r"\b(" + "|".join(_FUNCS) + r")\(", text):
        if m.start() < i:
            continue
        end = _closing(text, m.end() - 1)
        if end is None:
            continue
        left, right = _FUNCS[m.group(1)]
        out += [text[i : m.start()], left, _functions(text[m.end() : end - 1]), right]
        i = end
    return "".join(out) + text[i:]


_TT = {"\\": 92, "{": 123, "}": 125, "^": 94, "~": 126, "'": 13, "<": 60, ">": 62, "|": 124, '"': 34}


def _code(text: str) -> str:
    """Typewriter text from the font's own ASCII glyphs (cmtt has { } ^ _ < > |), breakable after _ , ( ."""
    out = []
    for ch in text:
        if ch in _TT:
            out.append(rf"\char{_TT[ch]}{{}}")
        elif ch == "_":
            out.append(r"\char95{}\allowbreak{}")
        elif ch in "#$%&":
            out.append("\\" + ch)
        elif ch in ",(":
            out.append(ch + r"\allowbreak{}")
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append(latex_escape(ch))
    return r"\texttt{" + "".join(out) + "}"


def _pdf_safe(latex: str, plain: str) -> str:
    """Typeset ``latex``; PDF bookmarks and metadata get ``plain`` in ASCII letters and digits."""
    ascii_plain = re.sub(r"[^A-Za-z0-9 ,.:;()/+=-]", "", unicodedata.normalize("NFKD", plain))
    return rf"\texorpdfstring{{{latex}}}{{{ascii_plain}}}"


def prose_to_latex(text: str) -> str:
    """Typeset a claim's plain-text detail: notation as inline maths, code and file names as
    typewriter text, Python dictionaries as words; everything else escaped."""
    out: list[str] = []
    for kind, piece in _segments(str(text)):
        if kind == "code":
            out.append(_code(piece))
        elif kind == "words":
            out.append(_prose(piece))
        else:
            out.append(_prose(_ascii_notation(piece)))
    return re.sub(r"(?<!\\)\$\$", r"$\\,$", "".join(out))  # two runs side by side are not display maths


def _ascii_notation(text: str) -> str:
    """The ASCII spellings some details use, as the papers' symbols: <=, ||x||, delta, ceil(x), T u V."""
    for a, b in _ASCII_OPS:
        text = text.replace(a, b)
    text = re.sub(r"(?<=\b[A-Z]) u (?=[A-Z]\b)", " ∪ ", text)
    return _functions(_ASCII_GREEK.sub(lambda m: _GREEK_OF[m.group()], text))


# -- documents -------------------------------------------------------------------------------------
_PARAM_NAMES = {
    "lam": "λ",
    "eps": "ε",
    "delta": "δ",
    "N1": "N₁",
    "N2": "N₂",
    "levels": "members n checked",
    "params": "parameters",
    "fast": "CI-sized run",
    "architecture": "hidden widths",
    "widths": "hidden widths",
    "train": "training procedure",
    "steps": "training steps",
    "n_test": "test points",
}
_SCOPES = (
    ("all-parameters", "proved symbolically for every parameter of the stated domain"),
    ("instances", "checked exactly on the named instances"),
    ("formal", "a lemma whose conclusion is a Coq theorem (proofs/coq; sci-oracle verify --formal recompiles it)"),
    ("lemma", "from a lemma cited in proofs/LEMMA.md, its hypotheses discharged by the claims named"),
    ("measured", "a float or sampled measurement, never a verdict"),
)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return ", ".join(_value(x) for x in v)
    if isinstance(v, dict):
        return _dict_words(v)
    return str(v)


def _parameters(report: dict[str, Any]) -> list[str]:
    return [
        prose_to_latex(f"{_PARAM_NAMES.get(k, k.replace('_', ' '))} = {_value(v)}")
        for k, v in report.get("parameters", {}).items()
    ]


def _status(c: dict[str, Any]) -> str:
    scope = c.get("scope", "instances")
    if scope == "measured":
        return "measured (not a verdict)"
    return f"{c.get('status', '')}; scope: {scope}"


MAX_PARTS = 12  # parts of a conjunction listed in full; the rest are counted


def _kernel_text(c: dict[str, Any]) -> list[str]:
    """LaTeX lines for the kernel's statement of a claim (and its parts), when it has one."""
    text = c.get("kernel_statement")
    if not text:
        return []
    lines = [r"\emph{Statement (the kernel's):} " + prose_to_latex(text) + r"\par"]
    parts = c.get("kernel_parts") or []
    if parts:
        lines.append(r"\begin{itemize}")
        lines += [r"\item{} " + prose_to_latex(p) for p in parts[:MAX_PARTS]]
        if len(parts) > MAX_PARTS:
            lines.append(r"\item{} " + latex_escape(f"and {len(parts) - MAX_PARTS} more parts of the same kinds"))
        lines.append(r"\end{itemize}")
    return lines


def _summary(report: dict[str, Any]) -> str:
    claims = report.get("claims", [])
    scopes = Counter(c.get("scope", "instances") for c in claims)
    ok = sum(c.get("status") == "certified" for c in claims)
    text = f"{ok} of {len(claims)} claims certified; by scope: " + ", ".join(
        f"{k} {v}" for k, v in sorted(scopes.items())
    )
    return latex_escape(text + ". Each certified inequality is decided in exact rational or rigorous ball arithmetic.")


def _notes(report: dict[str, Any]) -> list[str]:
    notes = []
    if any(str(c.get("name", "")).startswith("[T]") for c in report.get("claims", [])):
        notes.append(r"\textbf{[T]} marks a claim in the training setting (the input is a training set of samples).")
    notes.append(
        "Each statement is the independent kernel's, written from the certificate's parameters; the exact "
        r"evidence is in the certificate (\texttt{sci-oracle prove --json}; \texttt{sci-oracle verify} re-checks it "
        "and prints the same statements)."
    )
    return notes


_PREAMBLE = [r"\usepackage{amsmath,amssymb}", r"\usepackage[hidelinks]{hyperref}"]


def report_to_latex(report: dict[str, Any]) -> str:
    """A standalone article from a proof report's dict (``ProofReport.to_dict()``)."""
    claims = report.get("claims", [])
    lines = [
        r"\documentclass[11pt]{article}",
        *_PREAMBLE,
        r"\usepackage[margin=2.2cm]{geometry}",
        r"\begin{document}",
        r"\sloppy",
        r"\section*{" + prose_to_latex(report.get("theorem", "")) + "}",
        r"\paragraph{Parameters.} " + ("; ".join(_parameters(report)) or "none") + ".",
        r"\paragraph{Summary.} " + _summary(report),
        *[r"\par " + n for n in _notes(report)],
        r"\begin{enumerate}",
    ]
    for c in claims:
        lines.append(
            r"\item \textbf{" + prose_to_latex(c.get("name", "")) + r"} \emph{(" + latex_escape(_status(c)) + r")}\par"
        )
        lines += _kernel_text(c)
        lines.append(prose_to_latex(c.get("detail", "")))
    lines += [
        r"\end{enumerate}",
        r"\paragraph{Scopes.} " + "; ".join(rf"\emph{{{k}}}: {latex_escape(v)}" for k, v in _SCOPES) + ".",
        r"\end{document}",
        "",
    ]
    return "\n".join(lines)


def _top_level_parts(text: str) -> list[str]:
    """``text`` split at '; ' outside brackets (a detail's clauses, for bullet points)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0 and text[i + 1 : i + 2] == " ":
            parts.append(text[start:i].strip())
            start = i + 2
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _group(name: str) -> tuple[str, str]:
    head, sep, rest = name.partition(": ")
    return (head, rest) if sep and len(head) <= 40 else ("", name)


def report_to_beamer(report: dict[str, Any]) -> str:
    """Slides from a proof report's dict: title, parameters and summary, then one frame per claim
    (claims sharing a prefix such as 'P1 QCBP' form a section)."""
    claims = report.get("claims", [])
    theorem = report.get("theorem", "")
    title, _, subtitle = theorem.partition(": ")
    lines = [
        r"\documentclass[11pt,aspectratio=169]{beamer}",
        *_PREAMBLE[:1],
        r"\setbeamertemplate{navigation symbols}{}",
        r"\setbeamertemplate{footline}[frame number]",
        r"\setbeamertemplate{frametitle continuation}[from second]",
        r"\title{" + _pdf_safe(prose_to_latex(title), title) + "}",
        r"\subtitle{" + _pdf_safe(prose_to_latex(subtitle), subtitle) + "}" if subtitle else "",
        r"\date{}",
        r"\begin{document}",
        r"\begin{frame}\titlepage\end{frame}",
        r"\begin{frame}{Parameters and summary}\small",
        r"\begin{itemize}",
        r"\item Parameters: " + ("; ".join(_parameters(report)) or "none") + ".",
        r"\item " + _summary(report),
        *[r"\item{} " + n for n in _notes(report)],
        r"\end{itemize}",
        r"\footnotesize " + "; ".join(rf"\emph{{{k}}}: {latex_escape(v)}" for k, v in _SCOPES) + ".",
        r"\end{frame}",
    ]
    heads = Counter(_group(c.get("name", ""))[0] for c in claims)
    section = None
    for i, c in enumerate(claims, 1):
        head, rest = _group(c.get("name", ""))
        if heads[head] < 2:
            head, rest = "", c.get("name", "")
        if head and head != section:
            lines.append(r"\section{" + _pdf_safe(prose_to_latex(head), head) + "}")
            section = head
        frame_title = prose_to_latex(rest)
        sub = (
            (prose_to_latex(head) + r" \quad " if head else "")
            + r"\emph{"
            + latex_escape(f"claim {i}: {_status(c)}")
            + "}"
        )
        lines += [r"\begin{frame}[allowframebreaks]{" + frame_title + "}", r"\framesubtitle{" + sub + "}", r"\small"]
        lines += _kernel_text(c)
        parts = _top_level_parts(c.get("detail", ""))
        if len(parts) >= 3:
            lines.append(r"\begin{itemize}")
            lines += [r"\item{} " + prose_to_latex(p) for p in parts]
            lines.append(r"\end{itemize}")
        else:
            lines.append(prose_to_latex(c.get("detail", "")))
        lines.append(r"\end{frame}")
    lines += [r"\end{document}", ""]
    return "\n".join(line for line in lines if line)


def with_statements(data: dict[str, Any], certificate: dict[str, Any]) -> dict[str, Any]:
    """``data`` (``ProofReport.to_dict()``) with the kernel's statement of each claim that its
    ``certificate`` holds (``kernel_statement``, ``kernel_parts``), in the certificate's order."""
    from sci_oracle.core.report import in_certificate
    from sci_oracle.kernel import statements

    texts = iter(statements(certificate))
    claims = [
        {**c, **dict(zip(("kernel_statement", "kernel_parts"), next(texts), strict=True))} if in_certificate(c) else c
        for c in data.get("claims", [])
    ]
    return {**data, "claims": claims}


def write_latex(report: Any, path: str | Path, *, beamer: bool = False) -> Path:
    """Write ``report`` (a ProofReport, or its dict) to ``path``: an article, or slides with
    ``beamer``; a ProofReport's claims carry the kernel's statements of its certificate."""
    data = report.to_dict() if hasattr(report, "to_dict") else report
    if hasattr(report, "certificate"):
        data = with_statements(data, report.certificate())
    out = Path(path)
    out.write_text(report_to_beamer(data) if beamer else report_to_latex(data), encoding="ascii")
    return out
