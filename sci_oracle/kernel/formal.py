"""Scope ``formal``: lemma claims whose conclusion is a compiled Coq theorem (proofs/coq/).

Colbrook–Antun–Hansen, PNAS 119(12) e2107151119 (2022), Theorem 1 and SI; Bastounis–Hansen–
Vlačić, Prop 10.5. Lemmas 1 and 2 of proofs/LEMMA.md are proved in Coq (``Barrier.v``,
``Sample.v``); ``Link.v`` (generated from the kernel's fact statements by proofs/coq/generate.py)
proves that the family facts give Lemma 1's hypotheses. What the kernel owns, so that a proof
folder cannot change what is proved (docs/trust.md, "Machine-checked lemmas"):

- the files each lemma needs (:data:`FILES`) and the sha256 of those that state things
  (:data:`PINNED`: ``Model.v``, the statements; ``Family.v`` and ``Link.v``, the link's);
- the check file: it requires the libraries without importing them and defines
  ``kernel_check_i : SciOracle.Model.<statement> := SciOracle.<File>.<theorem>``, so the kernel's
  type checker compares the theorem with the pinned statement by conversion, every name absolute;
- the axioms: ``Print Assumptions`` of each check may name only the standard reals' axioms, by
  fully qualified name (``Locate`` in the same environment gives each printed name's path), and
  any typing flag Coq reports (unguarded fixpoint, assumed positivity, type-in-type) fails it;
  ``coqchk`` then re-checks the compiled files with its own kernel and must report no axiom and
  no flag of theirs;
- the sources (:mod:`sci_oracle.kernel.coqsource`, a Coq-aware lexer: nested comments, strings
  inside comments, sentences): outside a proof only an allow-list of commands; anywhere, no gap
  (``Admitted``, ``admit``, ``Axiom``, a ``Hypothesis`` outside a section, ...), no vernacular
  that reads or writes files or loads code (``Load``, ``Redirect``, ``Declare ML Module``, ...),
  no typing flag, and no ``Require`` outside Coq's standard library and the folder's
  ``_CoqProject``;
- coqc runs as a confined child: a scratch folder, rlimits, no network (a network namespace where
  the system allows one), an unprivileged uid when run as root, and one time bound for all of it.

A claim's evidence is ``{"theorems": [...], "files": {name: sha256}, "printed_sha256": ..., "coq":
version}``. Without ``coqc`` the claim counts as a ``lemma`` (cited) and :func:`check_formal` says
why. This module imports only the standard library (and coqsource, which does too).
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sci_oracle.kernel.coqsource import SourceError, forbidden, project_files, scan

__all__ = [
    "FILES",
    "LEMMAS",
    "PINNED",
    "THEOREMS",
    "FormalResult",
    "audit",
    "check_formal",
    "coq_dir",
    "coqc_available",
    "forbidden",
    "project_files",
]

# the files that state what is proved: Model.v (the lemmas' statements), Family.v and Link.v (the link)
PINNED = {
    "Model.v": "a868eeb911051e4578cc7cbf505c107bd182809aafa33a8b1a501a294aa1110f",
    "Family.v": "0216dc83ffc4cb89ca8d6ccff8f8accf603979020fcdbdb20f8200b34a646c6b",
    "Link.v": "9f52047b0720901a6ed4c09c5f651da228668db07fb4625c704769b12c2e9eac",
}
# Link.v: the family facts imply Lemma 1's hypotheses, per problem and parameter choice
LINKS = tuple(f"family_{p}_{q}" for p in ("qcbp", "ulasso", "srlasso") for q in ("paper", "rational"))
# cited theorem -> (its file, the statement of Model.v it must have; None: stated in its pinned file)
THEOREMS: dict[str, tuple[str, str | None]] = {
    "barrier_deterministic": ("Barrier.v", "lemma1_deterministic_statement"),
    "barrier_no_accurate_algorithm": ("Barrier.v", "lemma1_no_accurate_algorithm_statement"),
    "barrier_randomised": ("Barrier.v", "lemma1_randomised_statement"),
    "barrier_unbounded": ("Barrier.v", "lemma1_unbounded_statement"),
    **dict.fromkeys(LINKS, ("Link.v", None)),
    "sample_adversary": ("Sample.v", "lemma2_statement"),
    "sample_adversary_deterministic": ("Sample.v", "lemma2_deterministic_statement"),
}
# the claims a Coq theorem can support: a formal lemma names which, the kernel names the theorems and files
LEMMAS: dict[str, tuple[str, ...]] = {
    "lemma1": (
        "barrier_deterministic",
        "barrier_no_accurate_algorithm",
        "barrier_randomised",
        "barrier_unbounded",
        *LINKS,
    ),
    "lemma2": ("sample_adversary", "sample_adversary_deterministic"),
}
_FACTS = ("FactsLib.v", "FactsQCBP.v", "FactsULasso.v", "FactsSRLasso.v")
FILES = {
    "lemma1": ("Model.v", "Runs.v", "Barrier.v", *_FACTS, "Family.v", "Link.v"),
    "lemma2": ("Model.v", "Runs.v", "Sample.v"),
}
# Witnesses.v shows the probabilities of the cited theorems exist, classically (as the file says)
WITNESSES = ("weight_exists", "indicator_exists")
FACTS_BUNDLE = "all_facts"  # Audit.v: one tuple of every fact lemma, whose assumptions are printed once
AUDIT_HEADER = """(** * Audit: the assumptions of every theorem (GENERATED by proofs/coq/generate.py: do not edit)

    Compiled last; sci_oracle.kernel.formal.audit asks Coq the same questions in its own check file
    and allows only the axioms of Coq's standard reals, and classical logic for the theorems of
    Witnesses.v alone. *)
"""
# the axioms of Coq 8.16's standard reals (Rdefinitions built on ClassicalDedekindReals), fully qualified
REAL_AXIOMS = frozenset(
    {
        "Coq.Reals.ClassicalDedekindReals.sig_forall_dec",
        "Coq.Reals.ClassicalDedekindReals.sig_not_dec",
        "Coq.Logic.FunctionalExtensionality.functional_extensionality_dep",
    }
)
CLASSICAL = frozenset({"Coq.Logic.Classical_Prop.classic", "Coq.Logic.Description.constructive_definite_description"})
TOTAL_SECONDS = 900.0  # compiling, checking and coqchk of one lemma, together
CHECK_FORMAT = 3  # the kernel's check file; part of the producer's cache key
HEX = re.compile(r"[0-9a-f]{64}\Z")
VERSION = re.compile(r"\d+\.\d+(\.\d+)?([+~-][0-9A-Za-z.]+)?\Z")


class FormalError(Exception):
    """A formal citation that does not hold (or cannot be checked here)."""


def closure(src: Path, theorems: Any) -> list[str]:
    """The files the cited theorems need (their own files and what those require), in build
    order; every one scanned. Raises FormalError on a refused command or a file not in _CoqProject."""
    try:
        order = project_files(src)
    except (OSError, SourceError) as exc:
        raise FormalError(f"{src}/_CoqProject: {exc}") from None
    need: set[str] = set()
    todo = [THEOREMS[t][0] for t in theorems]
    while todo:
        f = todo.pop()
        if f in need:
            continue
        if f not in order:
            raise FormalError(f"{f} is not a file of {src}/_CoqProject")
        need.add(f)
        why, mods = scan((src / f).read_text(encoding="utf-8"), set(order))
        if why:
            raise FormalError(f"{f} contains {why!r}: a gap, or a command the kernel does not run")
        todo += [m + ".v" for m in mods]
    return [f for f in order if f in need]


# ---------------------------------------------------------------------------------------------
# running Coq, confined

_NOBODY = 65534
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000
_userns = [True]  # cleared when the system refuses an unprivileged user namespace


def _confine(userns: bool) -> None:  # pragma: no cover - runs in the child, between fork and exec
    """No network (a new network namespace), rlimits, and as root the uid of nobody."""
    libc = ctypes.CDLL(None, use_errno=True)
    root = os.geteuid() == 0
    if root:
        libc.unshare(_CLONE_NEWNET)  # a system without namespaces keeps the other layers
    elif userns:
        uid, gid = os.getuid(), os.getgid()
        if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "unshare")
        for path, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{path}", "w") as fh:
                fh.write(text)
    for lim, value in (
        (resource.RLIMIT_AS, 6 << 30),
        (resource.RLIMIT_FSIZE, 256 << 20),
        (resource.RLIMIT_NOFILE, 256),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_CPU, int(TOTAL_SECONDS)),
    ):
        hard = resource.getrlimit(lim)[1]
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(lim, (value, value))
    if root:
        os.setgroups([])
        os.setgid(_NOBODY)
        os.setuid(_NOBODY)


def _start(cmd: list[str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    userns = _userns[0]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), "LANG": "C.UTF-8"}
    with open(log, "wb") as out:
        try:
            return subprocess.Popen(
                cmd,
                cwd=cwd,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
                preexec_fn=lambda: _confine(userns),
            )
        except subprocess.SubprocessError:
            if not _userns[0]:
                raise
            _userns[0] = False  # no unprivileged user namespace here: rlimits and the scan remain
            return _start(cmd, cwd, log)


def _wait(proc: subprocess.Popen[bytes], log: Path, deadline: float) -> tuple[int, str]:
    try:
        rc = proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise FormalError(f"Coq did not finish within the bound of {TOTAL_SECONDS:.0f} s") from None
    return rc, log.read_text(encoding="utf-8", errors="replace")


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _run(cmd: list[str], cwd: Path, deadline: float) -> tuple[int, str]:
    log = cwd / f".log-{time.monotonic_ns()}"
    return _wait(_start(cmd, cwd, log), log, deadline)


@contextmanager
def scratch() -> Iterator[Path]:
    """A fresh folder for one build, owned by the uid coqc runs as."""
    with tempfile.TemporaryDirectory(prefix="sci-oracle-coq-") as tmp:
        if os.geteuid() == 0:
            os.chown(tmp, _NOBODY, _NOBODY)
        yield Path(tmp)


def coq_dir() -> Path | None:
    """proofs/coq of this installation: shipped as sci_oracle/_proofs/coq, or a checkout's."""
    here = Path(__file__).resolve()
    for d in (here.parents[1] / "_proofs" / "coq", here.parents[2] / "proofs" / "coq"):
        if (d / "_CoqProject").is_file():
            return d
    return None


def coqc_available() -> str | None:
    """Why Coq cannot be run here (None when ``coqc`` and ``coqchk`` are on the PATH)."""
    if shutil.which("coqc") is None or shutil.which("coqchk") is None:
        return "coqc is not installed (Debian/Ubuntu: apt-get install coq)"
    return None


def coq_version() -> str:
    proc = subprocess.run(["coqc", "--print-version"], capture_output=True, text=True, timeout=60)
    return proc.stdout.split()[0] if proc.returncode == 0 and proc.stdout.split() else "unknown"


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


COQC = ["coqc", "-q", "-Q", ".", "SciOracle"]


def build(src: Path, out: Path, files: list[str], deadline: float, jobs: int = 2) -> None:
    """Copy ``files`` from ``src`` to ``out`` and compile them, each once the files it requires
    are compiled, up to ``jobs`` at a time. Raises FormalError with coqc's message on a failure."""
    deps = {}
    for f in files:
        text = (src / f).read_text(encoding="utf-8")
        (out / f).write_text(text, encoding="utf-8")
        deps[f] = {m + ".v" for m in scan(text)[1]} & set(files)
    done: set[str] = set()
    running: dict[str, tuple[subprocess.Popen[bytes], Path]] = {}
    try:
        while len(done) < len(files):
            for f in files:
                if f not in done and f not in running and deps[f] <= done and len(running) < jobs:
                    log = out / f".log-{f}"
                    running[f] = (_start([*COQC, f], out, log), log)
            if not running:
                raise FormalError(f"an import cycle among {sorted(set(files) - done)}")
            f, (proc, log) = next(iter(running.items()))
            rc, text = _wait(proc, log, deadline)
            del running[f]
            if rc != 0:
                raise FormalError(f"coqc {f} failed: {text.strip()[-600:]}")
            done.add(f)
    finally:
        for proc, _ in running.values():
            _kill(proc)


# ---------------------------------------------------------------------------------------------
# the kernel's questions to Coq, and reading the answers

SEPARATOR = "tt\n     : unit\n"


def absolute(name: str) -> str:
    """The fully qualified name of a cited theorem (its file's library under SciOracle)."""
    return f"SciOracle.{THEOREMS[name][0][:-2]}.{name}"


def check_file(items: list[tuple[str, str | None]], modules: list[str]) -> str:
    """The kernel's check file: the libraries required, never imported (no name of theirs can
    shadow another); ``kernel_check_i : statement := term`` per item, so Coq's kernel compares the
    term's type with the pinned statement by conversion; then, after a ``Check tt.`` marker each,
    the check's type and assumptions, and where the allowed axioms are, by fully qualified name."""
    lines = [f"Require {' '.join('SciOracle.' + m for m in modules)}.", "Set Printing Width 1000."]
    for i, (term, statement) in enumerate(items):
        lines.append(f"Definition kernel_check_{i}{f' : {statement}' if statement else ''} := @{term}.")
    for i in range(len(items)):
        lines.append(f"Check tt. Check kernel_check_{i}. Print Assumptions kernel_check_{i}.")
    lines.append("Check tt. " + " ".join(f"Locate Term {a}." for a in sorted(REAL_AXIOMS | CLASSICAL)))
    return "\n".join(lines) + "\n"


_LOCATED = re.compile(r"Constant (\S+)(?: \(shorter name to refer to it in current context is (\S+)\))?")


@dataclass
class Checked:
    """What Coq printed for the checks, their sha256, and each check's axioms by full name."""

    printed: str
    sha256: str
    axioms: list[list[str]]
    problems: list[str]


def read_checks(stdout: str, n: int) -> Checked:
    """Parse a check file's output: per check, its axioms (full names, via the Locate block) and
    anything else Coq reported (a typing flag: 'is assumed to be guarded', ...)."""
    parts = stdout.split(SEPARATOR)[1:]
    if len(parts) != n + 1:
        raise FormalError("coqc printed an unexpected answer to the kernel's queries")
    full = {}
    for line in parts[-1].splitlines():
        if m := _LOCATED.fullmatch(line.strip()):
            full[m.group(2) or m.group(1)] = m.group(1)
    axioms: list[list[str]] = []
    problems: list[str] = []
    for i, part in enumerate(parts[:-1]):
        body = part.split("\nAxioms:\n", 1)
        if len(body) == 1:
            if "Closed under the global context" not in part:
                problems.append(f"check {i}: unexpected output {part[-200:]!r}")
            axioms.append([])
            continue
        names = []
        for line in body[1].splitlines():
            if not line or line[0].isspace():
                continue
            name, _, rest = line.partition(" ")
            if rest and not rest.startswith(": "):
                problems.append(f"Coq reports: {line.strip()}")  # a typing flag, or something unknown
            names.append(full.get(name, name))
        axioms.append(names)
    printed = SEPARATOR.join(parts[:-1])
    return Checked(printed, hashlib.sha256(printed.encode()).hexdigest(), axioms, problems)


def query(out: Path, items: list[tuple[str, str | None]], modules: list[str], deadline: float) -> Checked:
    """Write and run the check file in a compiled ``out``. Raises FormalError when a term does not
    have its statement."""
    (out / "KernelCheck.v").write_text(check_file(items, modules), encoding="utf-8")
    rc, text = _run([*COQC, "KernelCheck.v"], out, deadline)
    if rc != 0:
        raise FormalError("a cited theorem does not have the kernel's statement: " + text[-700:])
    return read_checks(text, len(items))


def coqchk_files(out: Path, files: list[str], deadline: float) -> list[str]:
    """coqchk re-checks the compiled files with its own kernel (their dependencies in Coq's
    standard library are admitted): it must succeed and report no axiom and no typing flag of theirs."""
    mods = [x for f in files for x in ("-norec", f"SciOracle.{f[:-2]}")]
    rc, text = _run(["coqchk", "-silent", "-o", "-Q", ".", "SciOracle", *mods], out, deadline)
    if rc != 0:
        return [f"coqchk failed: {text.strip()[-500:]}"]
    problems, section = [], ""
    for line in text.splitlines():
        if line.startswith("* "):
            section = line
            if section.startswith("* Theory") and section != "* Theory: Set is predicative":
                problems.append(f"coqchk: {section[2:]}")
        elif (
            line[:1].isspace()
            and (item := line.strip())
            and (
                not section.startswith("* Axioms") or item.startswith("SciOracle.")  # an axiom of theirs, any flag
            )
        ):
            problems.append(f"coqchk: {section[2:].rstrip(':')}: {item}")
    return problems


def _compile_and_check(src: Path, lemma: str) -> tuple[dict[str, str], Checked]:
    """The pinned file set and statements, a fresh confined build, the kernel's checks, coqchk."""
    deadline = time.monotonic() + TOTAL_SECONDS
    names = LEMMAS[lemma]
    files = closure(src, names)
    if set(files) != set(FILES[lemma]):
        raise FormalError(f"{lemma}: its theorems need exactly {list(FILES[lemma])}; {src} gives {files}")
    shas = {f: sha256_file(src / f) for f in files}
    for f, pinned in PINNED.items():
        if shas.get(f, pinned) != pinned:
            raise FormalError(f"{f} is not the kernel's (sha256 {shas[f][:12]}…, pinned {pinned[:12]}…)")
    items = [(absolute(n), f"SciOracle.Model.{s}" if (s := THEOREMS[n][1]) else None) for n in names]
    with scratch() as out:
        build(src, out, files, deadline)
        got = query(out, items, ["Model", *dict.fromkeys(THEOREMS[n][0][:-2] for n in names)], deadline)
        for name, axioms in zip(names, got.axioms, strict=True):
            extra = sorted(set(axioms) - REAL_AXIOMS)
            if extra:
                got.problems.append(f"{name} rests on {', '.join(extra)}: only the standard reals' axioms are allowed")
        if not got.problems:  # coqchk, the independent second kernel, once Coq's own answers pass
            got.problems += coqchk_files(out, files, deadline)
    if got.problems:
        raise FormalError(got.problems[0])
    return shas, got


def audit(src: Path, *, coqchk: bool = False) -> list[str]:
    """Build every file of ``src`` (the CI audit) and return the violations: a .v file outside
    _CoqProject, a refused command, a cited theorem without its pinned statement, a theorem resting
    on an axiom it may not use (by full name; classical logic only for Witnesses.v), a typing flag,
    and with ``coqchk`` what coqchk reports. Prints one line per theorem with its axioms."""
    deadline = time.monotonic() + 2 * TOTAL_SECONDS
    try:
        files = project_files(src)
    except (OSError, SourceError) as exc:
        return [f"_CoqProject: {exc}"]
    problems = [
        f"{f} is not in _CoqProject, so nothing compiles or audits it"
        for f in sorted(p.name for p in src.glob("*.v"))
        if f not in files
    ]
    for f in files:
        why = scan((src / f).read_text(encoding="utf-8"), set(files))[0]
        if why:
            problems.append(f"{f} contains {why!r}: a gap, or a command the kernel does not run")
    for f, pinned in PINNED.items():
        if f in files and sha256_file(src / f) != pinned:
            problems.append(f"{f} is not the kernel's pinned file: update formal.PINNED after review")
    if problems:
        return problems
    labels = [*THEOREMS, *WITNESSES, FACTS_BUNDLE]
    items = [(absolute(n), f"SciOracle.Model.{s}" if (s := THEOREMS[n][1]) else None) for n in THEOREMS]
    items += [(f"SciOracle.Witnesses.{w}", None) for w in WITNESSES] + [(f"SciOracle.Audit.{FACTS_BUNDLE}", None)]
    try:
        with scratch() as out:
            build(src, out, files, deadline)
            got = query(out, items, [f[:-2] for f in files], deadline)
            if coqchk:
                got.problems += coqchk_files(out, files, deadline)
    except FormalError as exc:
        return [str(exc)]
    for name, axioms in zip(labels, got.axioms, strict=True):
        allowed = REAL_AXIOMS | (CLASSICAL if name in WITNESSES else frozenset())
        extra = sorted(set(axioms) - allowed)
        print(f"{'ok ' if not extra else 'BAD'} {name}: {', '.join(a.split('.')[-1] for a in axioms) or 'closed'}")
        if extra:
            problems.append(f"{name} rests on {', '.join(extra)}")
    return problems + got.problems


def main(argv: list[str] | None = None) -> int:
    """``python -m sci_oracle.kernel.formal audit [DIR] [--coqchk]``: build and audit proofs/coq."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m sci_oracle.kernel.formal", description=main.__doc__)
    ap.add_argument("action", choices=["audit"])
    ap.add_argument("dir", nargs="?", default=None, help="the proofs/coq folder (default: this installation's)")
    ap.add_argument("--coqchk", action="store_true", help="also re-check the compiled files with coqchk")
    args = ap.parse_args(argv)
    why = coqc_available()
    src = Path(args.dir) if args.dir else coq_dir()
    if why or src is None:
        print(f"audit: {why or 'no proofs/coq folder'}")
        return 2
    problems = audit(src, coqchk=args.coqchk)
    for p in problems:
        print(f"FAILED: {p}")
    print(
        "audit: every theorem rests only on the allowed axioms"
        if not problems
        else f"audit: {len(problems)} problem(s)"
    )
    return 1 if problems else 0


# ---------------------------------------------------------------------------------------------
# the producer's citation and the kernel's check of it


def cite(lemma: str, *, cache: Path | None = None) -> dict[str, Any]:
    """The formal evidence of a lemma claim (producer side, used by ``sci-oracle prove``): compile
    and check the theorems as :func:`check_formal` does, and record the files' sha256 and the hash
    of the printed statements and assumptions. Raises FormalError when Coq is missing or a check
    fails (the claim then stays at scope ``lemma``).

    The producer keeps the result in ``cache`` (default ~/.cache/sci-oracle/coq), keyed by the
    lemma, the coqc version, the check format and every file's sha256; :func:`check_formal` never reads it."""
    why = coqc_available()
    src = coq_dir()
    if why or src is None:
        raise FormalError(why or "proofs/coq is not part of this installation")
    shas = {f: sha256_file(src / f) for f in closure(src, LEMMAS[lemma])}
    version = coq_version()
    key = json.dumps([lemma, version, shas, PINNED, CHECK_FORMAT], sort_keys=True)
    folder = cache or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sci-oracle" / "coq"
    hit = folder / f"{hashlib.sha256(key.encode()).hexdigest()}.json"
    try:
        ev = json.loads(hit.read_text(encoding="utf-8"))
        validate(lemma, ev)
        if ev["files"] == shas and ev["coq"] == version:
            return dict(ev)
    except (OSError, ValueError, FormalError):
        pass
    shas, got = _compile_and_check(src, lemma)
    ev = {"theorems": list(LEMMAS[lemma]), "files": shas, "printed_sha256": got.sha256, "coq": version}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        hit.write_text(json.dumps(ev), encoding="utf-8")
    except OSError:
        pass  # no cache: the next prove compiles again
    return ev


EVIDENCE_KEYS = {"theorems", "files", "printed_sha256", "coq"}


def validate(lemma: Any, ev: Any) -> None:
    """The shape of a formal citation (checked by every ``verify``; recompiling needs ``--formal``):
    a lemma the kernel knows, exactly its theorems and exactly its files (:data:`FILES`) with sha256
    digests, a Coq version. Which lemma a claim cites is the kernel's lemma table's (its row's ``coq``)."""
    if lemma not in LEMMAS:
        raise FormalError(f"formal: {lemma!r} is not a lemma the kernel knows ({sorted(LEMMAS)})")
    if not isinstance(ev, dict) or set(ev) != EVIDENCE_KEYS:
        raise FormalError(f"formal evidence: keys must be {sorted(EVIDENCE_KEYS)}")
    if ev["theorems"] != list(LEMMAS[lemma]):
        raise FormalError(f"formal evidence: {lemma} is proved by the theorems {list(LEMMAS[lemma])}")
    files = ev["files"]
    if not isinstance(files, dict) or sorted(files) != sorted(FILES[lemma]):
        raise FormalError(f"formal evidence: files maps exactly {list(FILES[lemma])} (proofs/coq) to their sha256")
    if not all(isinstance(h, str) and HEX.match(h) for h in [*files.values(), ev["printed_sha256"]]):
        raise FormalError("formal evidence: sha256 digests are 64 lowercase hex digits")
    if not isinstance(ev["coq"], str) or not VERSION.match(ev["coq"]):
        raise FormalError("formal evidence: coq is the version of the coqc that printed the statements (e.g. 8.16.1)")


@dataclass
class FormalResult:
    ok: bool | None  # None: not checked here (no coqc, or no proofs folder); the claim counts as a lemma
    reason: str


def check_formal(lemma: Any, ev: Any, src: Path | None = None) -> FormalResult:
    """``verify --formal``: the cited files are those of ``src`` (default: this installation's
    proofs/coq) by sha256, the stating files are the pinned ones, no file says what the kernel
    refuses, they compile from scratch in a confined child, each theorem has the kernel's statement
    and only the standard reals' axioms, coqchk agrees, and the printed statements and assumptions
    hash to the certificate's (when it was made with this Coq version)."""
    try:
        validate(lemma, ev)
    except FormalError as exc:
        return FormalResult(False, str(exc))
    why = coqc_available()
    src = src or coq_dir()
    if why or src is None:
        return FormalResult(None, f"not recompiled: {why or 'proofs/coq is not part of this installation'}")
    try:
        for f, digest in ev["files"].items():
            if not (src / f).is_file() or sha256_file(src / f) != digest:
                raise FormalError(f"{f} differs from the certificate's (edited since the claim was made)")
        shas, got = _compile_and_check(src, lemma)
        if shas != ev["files"]:
            raise FormalError(f"files: the theorems need exactly {sorted(shas)}")
        here, note = coq_version(), ""
        if here != ev["coq"]:
            note = f"; made with Coq {ev['coq']}, so its printed hash is not compared"
        elif got.sha256 != ev["printed_sha256"]:
            raise FormalError("the printed statements and assumptions differ from the certificate's")
    except FormalError as exc:
        return FormalResult(False, str(exc))
    except (OSError, subprocess.SubprocessError) as exc:
        return FormalResult(False, f"coqc could not be run ({type(exc).__name__}: {exc})")
    names = ", ".join(n for n in LEMMAS[lemma] if n not in LINKS) + (", the link theorems" if lemma == "lemma1" else "")
    return FormalResult(True, f"Coq {here}: {names} recompiled, statements, axioms and coqchk checked{note}")


DESCRIPTIONS = {
    "lemma1": (
        "Lemma 1 (Coq, Barrier.v; its hypotheses for each family, Link.v): if the members agree with the limit "
        "up to h(n) → ∞ and their solutions are more than 2κ apart for every n, then for an algorithm whose "
        "seeds all halt on the limit: deterministic, it fails on some member; over finitely many weighted seeds, "
        "some pair n has P(fail on member 1) + P(fail on member 2) ≥ 1, so some member fails w.p. ≥ 1/2; over "
        "countably many, for every η > 0 some pair n has that sum ≥ 1 − η, so the infimum over the members of "
        "P(correct) is ≤ 1/2 (no bound p > 1/2 holds on every member; a supremum, not attained in general)"
    ),
    "lemma2": (
        "Lemma 2 (Coq, Sample.v): an algorithm over finitely many weighted seeds, each reading at most M of R "
        "samples and halting on the uninformative input, has P(fail | q = +1) + P(fail | q = −1) ≥ 1 − M/R at "
        "some informative position p < R, so the worse member fails w.p. ≥ (1 − M/R)/2"
    ),
}


def describe(lemma: Any) -> str:
    """The kernel's text of a formal lemma claim."""
    return DESCRIPTIONS.get(lemma, f"unknown formal lemma {lemma!r}") if isinstance(lemma, str) else "formal claim"


if __name__ == "__main__":
    raise SystemExit(main())
