"""``sci-oracle prove --latex FILE.tex``: a proof report as a standalone LaTeX document.

For slides and papers: the theorem statement, the parameters, and every claim with its status,
its scope (``all-parameters``, ``instances``, ``lemma``, ``measured``; see
:mod:`sci_oracle.core.report`) and its key numbers. The output is plain ASCII LaTeX (the papers'
Unicode notation is mapped to math macros), so ``pdflatex`` compiles it without extra packages
beyond amsmath and amssymb.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

__all__ = ["latex_escape", "report_to_latex", "write_latex"]

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_MATH = {
    "·": r"\cdot",
    "≤": r"\le",
    "≥": r"\ge",
    "≠": r"\ne",
    "≈": r"\approx",
    "√": r"\surd",
    "‖": r"\|",
    "×": r"\times",
    "→": r"\to",
    "↦": r"\mapsto",
    "∈": r"\in",
    "∉": r"\notin",
    "⊂": r"\subset",
    "∏": r"\prod",
    "∑": r"\sum",
    "∞": r"\infty",
    "±": r"\pm",
    "⌈": r"\lceil",
    "⌉": r"\rceil",
    "⌊": r"\lfloor",
    "⌋": r"\rfloor",
    "ℓ": r"\ell",
    "∀": r"\forall",
    "∃": r"\exists",
    "Δ": r"\Delta",
    "Γ": r"\Gamma",
    "Ω": r"\Omega",
    "Ξ": r"\Xi",
    "Φ": r"\Phi",
    "Ψ": r"\Psi",
    "α": r"\alpha",
    "β": r"\beta",
    "γ": r"\gamma",
    "δ": r"\delta",
    "ε": r"\varepsilon",
    "η": r"\eta",
    "θ": r"\theta",
    "ι": r"\iota",
    "κ": r"\kappa",
    "λ": r"\lambda",
    "μ": r"\mu",
    "ξ": r"\xi",
    "π": r"\pi",
    "ρ": r"\rho",
    "σ": r"\sigma",
    "τ": r"\tau",
    "φ": r"\varphi",
    "ψ": r"\psi",
    "ω": r"\omega",
}
_TEXT = {"−": "-", "–": "--", "—": "---", "…": r"\ldots{}", "’": "'", "‘": "`", "“": "``", "”": "''", "\u00a0": "~"}
_SUP = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ᵀ", "0123456789+-T", strict=True))
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋", "0123456789+-", strict=True))


def latex_escape(text: str) -> str:
    """Escape LaTeX specials and map the papers' Unicode notation to ASCII LaTeX; adjacent math
    symbols share one $...$ (two inline maths side by side would read as $$, display math)."""
    parts: list[tuple[bool, str]] = []  # (is_math, text)
    for ch in str(text):
        if ch in _SPECIAL:
            parts.append((False, _SPECIAL[ch]))
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
            base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            parts.append((False, base or f"[{unicodedata.name(ch, f'U+{ord(ch):04X}').lower()}]"))
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


def _number(value: Any, limit: int = 160) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report_to_latex(report: dict[str, Any]) -> str:
    """A standalone document from a proof report's dict (``ProofReport.to_dict()``)."""
    claims = report.get("claims", [])
    scopes = Counter(c.get("scope", "instances") for c in claims)
    ok = sum(c.get("status") == "certified" for c in claims)
    params = ", ".join(f"{k} = {_number(v)}" for k, v in report.get("parameters", {}).items())
    lines = [
        r"\documentclass[11pt]{article}",
        r"\usepackage{amsmath,amssymb}",
        r"\begin{document}",
        r"\sloppy",
        r"\section*{" + latex_escape(report.get("theorem", "")) + "}",
        r"\paragraph{Parameters.} " + latex_escape(params or "none"),
        r"\paragraph{Summary.} "
        + latex_escape(
            f"{ok} of {len(claims)} claims certified; by scope: "
            + ", ".join(f"{k} {v}" for k, v in sorted(scopes.items()))
            + ". Each certified inequality is decided in exact rational or rigorous ball arithmetic."
        ),
        r"\begin{enumerate}",
    ]
    for c in claims:
        head = r"\item \textbf{" + latex_escape(c.get("name", "")) + "} "
        head += r"\emph{(" + latex_escape(f"{c.get('status', '')}; scope: {c.get('scope', 'instances')}") + r")}\\"
        lines.append(head)
        lines.append(latex_escape(c.get("detail", "")))
        data = c.get("data") or {}
        if data:
            nums = "; ".join(f"{k} = {_number(v)}" for k, v in data.items())
            lines.append(r"\\ \emph{Key numbers:} " + latex_escape(nums))
    lines += [
        r"\end{enumerate}",
        r"\paragraph{Scopes.} "
        + latex_escape(
            "all-parameters: proved symbolically for every parameter; instances: checked exactly on the named "
            "instances; lemma: from a cited lemma; measured: a float measurement, never a verdict."
        ),
        r"\end{document}",
        "",
    ]
    return "\n".join(lines)


def write_latex(report: Any, path: str | Path) -> Path:
    """Write ``report`` (a ProofReport or its dict) to ``path`` as LaTeX."""
    data = report.to_dict() if hasattr(report, "to_dict") else report
    out = Path(path)
    out.write_text(report_to_latex(data), encoding="ascii")
    return out
