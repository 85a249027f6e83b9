"""Run the algorithm under test in a sandboxed child process: the hidden input never reaches it,
and nothing it does reaches the verdict except its answers.

Why (PNAS 2022 SI §2; Bastounis–Hansen–Vlačić Def 9.3): a general algorithm may depend only on
the oracle answers it asked for. In the same Python process an algorithm can break that rule by
introspection (``gc.get_objects()``, stack frames, ``oracle._truth``) or rewrite the harness, so:

- The user's module is imported **only in the child** (:func:`sci_oracle.harness.specs.load_spec`).
  The parent parses the spec as text and, for ``FILE.py``, reads the source as bytes; it never
  imports or calls user objects. Load problems come back as a ``load`` reply: a bad spec or an
  unimportable module is a usage error (:class:`~sci_oracle.core.errors.InvalidArgument`), a wrong
  signature a :class:`~sci_oracle.core.errors.ContractError`.
- The child is a fresh interpreter (``python -I``), in its own session, under the OS layers of
  :mod:`sci_oracle.harness.sandbox` (uid drop, no_new_privs, rlimits, namespaces, seccomp), applied
  before user code runs and recorded as :attr:`IsolatedAlgorithm.isolation`.
- Protocol: frames on two private pipes (not stdin/stdout). The parent sends pickles (trusted
  direction); the child sends JSON only, checked field by field, and outputs are plain data
  decoded under caps (:mod:`sci_oracle.harness.outputs`). The child's stdout and stderr go to a
  third pipe that the parent drains and caps: they are shown as the algorithm's output, never
  mixed with the parent's.
- Every wait is bounded: spawn and load (``timeout`` plus SPAWN_ALLOWANCE for the interpreter),
  each query and reply (the run's deadline), writes to the child, and its exit; waits are cut in
  slices of WAIT_SLICE, so Ctrl-C is acted on at once (the child is then killed). At timeout, at
  the end, or on a protocol violation the whole process group is killed, plus any descendant that
  still carries the run's token. What the parent then decides about an output is bounded too
  (:func:`sci_oracle.harness.outputs.deciding`).
- Timeout → NH (:class:`BudgetExceeded`); the algorithm raising, a malformed output, a crash →
  :class:`AlgorithmError` (a contract break, recorded as an error); the next run gets a fresh child.
  A module that does not finish loading within ``timeout`` is a load failure (:class:`LoadTimeout`,
  a contract error), as one that raises at import.

:class:`TrustedAlgorithm` is the ``--in-process`` counterpart: same output normalisation and a
watchdog (``SIGALRM``) time limit, but no isolation: its reports say they trust the code.
"""

from __future__ import annotations

import atexit
import contextlib
import inspect
import json
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import uuid
import weakref
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.algorithms.base import RandomisedAlgorithm, algorithm_name
from sci_oracle.core.errors import (
    AlgorithmError,
    BudgetExceeded,
    ContractError,
    InvalidArgument,
    NotIndistinguishable,
    UnexpectedQuery,
)
from sci_oracle.core.oracle import DyadicArray, Oracle
from sci_oracle.core.text import sanitise
from sci_oracle.core.validation import check_int
from sci_oracle.harness import sandbox
from sci_oracle.harness.outputs import decode_output, decode_tree, encode_output, encode_tree, note_run
from sci_oracle.harness.specs import (
    BUILTIN,
    FILE,
    AlgorithmSpec,
    install_bundle,
    load_spec,
    parse_spec,
    source_bundle,
)

__all__ = [
    "MAX_MESSAGE_BYTES",
    "OUTPUT_CAP",
    "AlgorithmPayload",
    "IsolatedAlgorithm",
    "LoadTimeout",
    "ProxyOracle",
    "SandboxedFunction",
    "TrustedAlgorithm",
    "json_depth_ok",
    "open_algorithm",
    "recorded_isolation",
    "resolve_algorithm",
]

MAX_MESSAGE_BYTES = 64 << 20  # a child message larger than this is a protocol violation
MAX_JSON_DEPTH = 64  # nesting of a child message (a deeper frame is a protocol violation)
OUTPUT_CAP = 64 << 10  # bytes of the child's stdout+stderr kept for the report
MAX_REASON = 4000  # characters of a child's error reason (message and traceback) kept
SPAWN_ALLOWANCE = 5.0  # seconds for the interpreter's own start-up (numpy...), on top of the load's timeout
WAIT_SLICE = 0.2  # longest single wait of the parent: Ctrl-C is acted on within this
_RECORDED: dict[str, Any] = {}  # the layers the last sandboxed child of this process reported
_FORWARDED = {"BudgetExceeded": BudgetExceeded, "InvalidArgument": InvalidArgument, "UnexpectedQuery": UnexpectedQuery}
_LIVE: weakref.WeakSet[Any] = weakref.WeakSet()


# --------------------------------------------------------------------------- the algorithm, as sent
class AlgorithmPayload:
    """How an algorithm travels to the child: a parsed :class:`~sci_oracle.harness.specs.AlgorithmSpec`
    (with the ``.py`` source bytes for a file spec), or pickled bytes of an object the *caller*
    already holds (cloudpickle is used when installed, for lambdas and closures)."""

    __slots__ = ("data", "kind", "name", "source")

    def __init__(
        self, kind: str, data: Any, name: str, source: bytes | dict[str, tuple[str, bytes, bool]] | None = None
    ):
        self.kind, self.data, self.name, self.source = kind, data, name, source

    @classmethod
    def of(cls, algorithm: Any, *, timeout: float | None = None) -> AlgorithmPayload:
        """The payload of ``algorithm``; a spec's source is read here as data (never executed),
        within ``timeout`` seconds that start before the first read (default 60)."""
        if isinstance(algorithm, AlgorithmPayload):
            return algorithm
        deadline = None if timeout is None else time.monotonic() + timeout
        if isinstance(algorithm, (str, AlgorithmSpec)):
            spec = parse_spec(algorithm) if isinstance(algorithm, str) else algorithm
            # bytes, never executed here, read under the rules of specs.read_user_file
            source = spec.read_source(deadline) if spec.kind == FILE else source_bundle(spec, deadline) or None
            return cls("spec", spec, spec.text, source)
        name = algorithm.name if isinstance(algorithm, RandomisedAlgorithm) else algorithm_name(algorithm)
        try:
            data = pickle.dumps(algorithm)
            if b"__main__" not in data:
                return cls("pickle", data, name, _pickle_bundle(data))
            # defined in a script: the child cannot import __main__ by reference. Send it by value
            # (cloudpickle), or as the script's module-level name, which the child loads itself.
            try:
                import cloudpickle

                data = cloudpickle.dumps(algorithm)
                return cls("pickle", data, name, _pickle_bundle(data))
            except ImportError:
                pass
            main = sys.modules.get("__main__")
            path = getattr(main, "__file__", None)
            found = [k for k, v in vars(main).items() if v is algorithm and not k.startswith("_")] if main else []
            if path and path.endswith(".py") and found:
                return cls.of(f"{os.path.abspath(path)}:{found[0]}")
            raise pickle.PicklingError("it refers to objects defined in __main__")
        except Exception as exc:  # lambdas, closures, local classes, __main__ objects
            try:
                import cloudpickle

                data = cloudpickle.dumps(algorithm)
                return cls("pickle", data, name, _pickle_bundle(data))
            except Exception:
                raise InvalidArgument(
                    f"algorithm={name} is invalid for an isolated or parallel check: it cannot be pickled ({exc}). "
                    "Define it at module level, pass 'module:attr', install cloudpickle, or use isolated=False "
                    "(no isolation guarantee)"
                ) from None

    @property
    def is_user_spec(self) -> bool:
        return self.kind == "spec" and self.data.kind != BUILTIN

    def load(self) -> Any:
        """The algorithm object. Runs user code: call it only in the child, or in-process mode."""
        if self.kind == "spec":
            return resolve_algorithm(self.load_object(), self.data.text)
        if isinstance(self.source, dict) and _LOADED.get("in_child"):
            install_bundle(self.source)  # user modules the pickle refers to, as source bytes
        return pickle.loads(self.data)

    def load_object(self) -> Any:
        """The object the spec names (imports the user's module: child or trusted mode only)."""
        if isinstance(self.source, dict):
            install_bundle(self.source)
            return load_spec(self.data)
        return load_spec(self.data, source=self.source)

    def __reduce__(self):
        return (AlgorithmPayload, (self.kind, self.data, self.name, self.source))

    def __repr__(self) -> str:
        return f"AlgorithmPayload({self.kind!r}, {self.name!r})"


def _pickle_bundle(data: bytes) -> dict[str, tuple[str, bytes, bool]] | None:
    """The user modules a pickle refers to by name (outside the standard library, installed
    packages and sci_oracle), as source bytes read here, with their parent packages: the child
    imports them from memory, so a test module in a private (0700) directory still unpickles
    after the child drops root. Nothing is executed here: the modules are already imported."""
    import pickletools
    import sysconfig

    libraries = {
        os.path.realpath(p)
        for p in (
            sys.prefix,
            sys.base_prefix,
            *(sysconfig.get_paths().get(k) for k in ("stdlib", "purelib", "platlib")),
        )
        if p
    }
    names: set[str] = set()
    try:
        for _op, arg, _pos in pickletools.genops(data):
            if isinstance(arg, str) and len(arg) < 300:
                names.update(arg.split(" "))
    except Exception:
        return None
    out: dict[str, tuple[str, bytes, bool]] = {}

    def source_of(mod: Any) -> tuple[str, bytes] | None:
        path = getattr(mod, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return None
        real = os.path.realpath(path)
        if any(real.startswith(lib + os.sep) for lib in libraries):
            return None
        try:  # the same rules as a spec's source: a regular file, never through a link, capped
            return path, parse_spec(f"{path}:x").read_source()
        except InvalidArgument:
            return None

    for name in sorted(names):
        mod = sys.modules.get(name)
        if mod is None or name.split(".")[0] == "sci_oracle" or name in out:
            continue
        found = source_of(mod)
        if found is None:
            continue
        out[name] = (found[0], found[1], hasattr(mod, "__path__"))
        parts = name.split(".")
        for i in range(1, len(parts)):
            parent = ".".join(parts[:i])
            if parent not in out:
                src = source_of(sys.modules.get(parent))
                out[parent] = (src[0], src[1], True) if src else (f"<package {parent}>", b"", True)
    return out or None


def open_algorithm(spec: str, *, timeout: float = 60.0, memory_mb: int | None = 2048, seed: int | None = None) -> Any:
    """What a command-line ``--algorithm`` names: a built-in object (our own code, run here) or,
    for ``MODULE:FUNCTION`` / ``FILE.py:FUNCTION``, an :class:`IsolatedAlgorithm` that is loaded
    and called only in the sandbox. A randomised algorithm needs ``seed`` (a ContractError
    otherwise); load errors are InvalidArgument (usage)."""
    parsed = parse_spec(spec)
    if parsed.kind == BUILTIN:
        from sci_oracle.algorithms.builtin import builtin

        alg = builtin(parsed.target)
        randomised = isinstance(alg, RandomisedAlgorithm)
    else:
        alg = IsolatedAlgorithm(parsed, timeout=timeout, memory_mb=memory_mb)
        randomised = bool(alg.meta.get("randomised"))
    if randomised:
        if seed is None:
            raise ContractError(f"{spec} is randomised: give a seed (one seed = one run), e.g. --seed 0")
        return alg.at(seed)
    return alg


def recorded_isolation() -> dict[str, Any]:
    """The isolation record of the last sandboxed child that reported its layers in this process:
    what a partial report (Ctrl-C, undecided) can say without starting a child. Says so when no
    child reported (interrupted before one started, or the runs happened in other processes)."""
    if _RECORDED:
        return {"mode": "isolated", **_RECORDED, "recorded": "by the last sandboxed child this process started"}
    return {"mode": "isolated", "layers": "not recorded: no sandboxed child reported its layers in this process"}


def _zero_argument_factory(obj: Any) -> bool:
    """A plain function that takes no argument (``make_solver()``) builds the algorithm; an
    algorithm itself takes the oracle."""
    if not inspect.isfunction(obj):
        return False
    try:
        params = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return False
    return not any(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)


def resolve_algorithm(obj: Any, text: str = "algorithm") -> Any:
    """What a spec's attribute means: a class or zero-argument factory is instantiated; the result
    must be callable or a :class:`RandomisedAlgorithm`."""
    if isinstance(obj, type) or _zero_argument_factory(obj):
        obj = obj()
    if not callable(obj) and not isinstance(obj, RandomisedAlgorithm):
        raise InvalidArgument(f"algorithm={text!r} is invalid: {type(obj).__name__} object is not callable")
    return obj


def signature_problem(obj: Any) -> str | None:
    """Why ``obj`` cannot be an algorithm ``f(oracle)``, judged from its signature (or None)."""
    if isinstance(obj, RandomisedAlgorithm):
        return None
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None  # builtins without a signature: judged by what they do
    params = list(sig.parameters.values())
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is p.empty]
    if len(required) > 1:
        names = ", ".join(p.name for p in required)
        return (
            f"it takes {len(required)} required arguments ({names}); an algorithm takes one oracle. "
            "For a function of (A, y) wrap it: sci_oracle.numpy_solver(f, level=...)"
        )
    if not positional and not any(p.kind == p.VAR_POSITIONAL for p in params):
        return "it takes no positional argument; an algorithm is called as f(oracle)"
    return None


# --------------------------------------------------------------------------- framing
# A frame is 1 byte kind (b"J" JSON, b"P" pickle) + 4 bytes big-endian length + payload. The parent
# sends pickles (trusted direction); the child sends JSON, which the parent parses and checks.
def _ready(fd: int, write: bool, deadline: float) -> None:
    """Wait until ``fd`` is ready, or raise _Timeout at ``deadline``. The wait is cut in slices of
    WAIT_SLICE seconds: a signal (Ctrl-C) that the kernel handed to another thread of this process
    is then acted on within a slice, not at the end of the run's deadline."""
    while True:
        now = time.monotonic()
        remaining = deadline - now
        if remaining <= 0:
            raise _Timeout()
        r, w, _ = select.select([] if write else [fd], [fd] if write else [], [], min(remaining, WAIT_SLICE))
        note_run(time.monotonic() - now)  # the child's time, not the parent's deciding time
        if r or w:
            return


def _write_frame(fd: int, kind: bytes, payload: bytes, deadline: float | None = None) -> None:
    view = memoryview(kind + struct.pack(">I", len(payload)) + payload)
    while view:
        if deadline is not None:  # a child that stops reading cannot block the parent
            _ready(fd, True, deadline)
        n = os.write(fd, view[: 1 << 16] if deadline is not None else view)
        view = view[n:]


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes:
    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            _ready(fd, False, deadline)
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the pipe")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _read_frame(fd: int, deadline: float | None = None) -> tuple[bytes, bytes]:
    head = _read_exact(fd, 5, deadline)
    kind, length = head[:1], struct.unpack(">I", head[1:])[0]
    if length > MAX_MESSAGE_BYTES:
        raise _ProtocolError(f"message of {length} bytes exceeds {MAX_MESSAGE_BYTES}")
    return kind, _read_exact(fd, length, deadline)


def json_depth_ok(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Bracket nesting of a JSON text is at most ``limit`` (checked before json.loads, which
    would recurse; brackets inside strings only overcount, which is safe)."""
    depth = 0
    for b in data:
        if b in b"[{":
            depth += 1
            if depth > limit:
                return False
        elif b in b"]}":
            depth -= 1
    return True


class _Timeout(Exception):
    pass


class LoadTimeout(ContractError):
    """The user's module did not finish loading within the timeout: a load failure, reported as a
    contract error (exit 3) on every entry point, never as runs that did not halt."""

    @classmethod
    def of(cls, name: str, timeout: float, where: str) -> LoadTimeout:
        return cls(f"{name} did not load within {timeout:.3g} s (--timeout, timeout=; {where}): a hang at import?")


class _ProtocolError(Exception):
    pass


class _Abort(BaseException):
    """Raised inside the child's algorithm when the parent abandons the run (BaseException, so a
    bare ``except Exception`` in user code does not swallow it)."""


# --------------------------------------------------------------------------- child side
class ProxyOracle(Oracle):
    """The oracle an isolated algorithm sees: same public API as any :class:`Oracle`
    (``read``, ``float64``, ``fractions``, ``mpmath``, ``names``, ``shape``, ``problem``), but every
    answer comes from the parent process. It holds no input, only what it was answered."""

    _use_cache = False  # the parent logs every query, repeats included, as in-process

    def __init__(self, shapes: dict[str, tuple[int, ...]], *, problem: Any, mode: str, fdin: int, fdout: int):
        super().__init__(shapes, problem=problem, mode=mode)
        self._fdin, self._fdout = fdin, fdout

    def _answer(self, query: Any) -> Fraction | DyadicArray:
        msg = {
            "op": "read",
            "name": query.name,
            "level": query.level,
            "index": None if query.index is None else list(query.index),
        }
        _write_frame(self._fdout, b"J", json.dumps(msg).encode())
        _kind, data = _read_frame(self._fdin)
        reply = pickle.loads(data)
        if reply["op"] == "answer":
            return reply["value"]
        if reply["op"] == "raise":
            raise _FORWARDED[reply["type"]](reply["message"])
        raise _Abort()


def _child_main(cfg: dict[str, Any], layers: dict[str, Any]) -> None:  # pragma: no cover - child process
    """The child's loop, after :func:`sandbox.apply_child_layers`: report the layers (before any
    user code), load the algorithm, then serve runs until the parent closes the pipe."""
    fdin, fdout = cfg["fdin"], cfg["fdout"]

    def send(msg: dict[str, Any]) -> None:
        _write_frame(fdout, b"J", json.dumps(msg).encode())

    send({"op": "sandbox", "layers": layers})
    _LOADED.update(memory_mb=cfg.get("memory_mb"), in_child=True)
    algorithm: Any = None
    while True:
        try:
            _, data = _read_frame(fdin)
        except EOFError:
            os._exit(0)
        msg = pickle.loads(data)
        if msg["op"] == "load":
            send(_child_load(msg["payload"], msg.get("purpose", "algorithm")))
            algorithm = _LOADED.get("algorithm")
        elif msg["op"] == "call":
            send(_child_call(algorithm, msg["args"]))
        elif msg["op"] == "draw":
            send(_child_draw(algorithm, msg["n"], msg["seed"]))
        elif msg["op"] == "run":
            send(_child_run(algorithm, msg, fdin, fdout))
        elif msg["op"] == "abort":
            send({"op": "aborted"})


_LOADED: dict[str, Any] = {}


def _child_load(payload: AlgorithmPayload, purpose: str) -> dict[str, Any]:  # pragma: no cover - child only
    try:
        if purpose == "strategy":  # a Hypothesis strategy of algorithms, or a function returning one
            from hypothesis.strategies import SearchStrategy

            obj = payload.load_object()
            if callable(obj) and not isinstance(obj, SearchStrategy):
                obj = obj()
            if not isinstance(obj, SearchStrategy):
                raise InvalidArgument(
                    f"spec={payload.name!r} is invalid: it is not a Hypothesis strategy of algorithms "
                    "(or a function returning one)"
                )
            _LOADED["algorithm"] = obj
            return {"op": "load", "ok": True, "meta": {"randomised": False, "seeds": None, "name": payload.name}}
        if purpose == "function":  # a plain user function (a training procedure): no algorithm contract
            obj = payload.load_object() if payload.kind == "spec" else payload.load()
            if not callable(obj):
                raise InvalidArgument(f"{payload.data.param}={payload.name!r} is invalid: it is not callable")
            _LOADED["algorithm"] = obj
            return {"op": "load", "ok": True, "meta": {"randomised": False, "seeds": None, "name": payload.name}}
        obj = payload.load()
    except InvalidArgument as exc:
        return {"op": "load", "ok": False, "kind": "usage", "reason": str(exc)}
    except BaseException as exc:  # the user's module may raise anything at import, SystemExit included
        if isinstance(exc, MemoryError) or any(m in str(exc).lower() for m in ("cannot allocate", "map segment")):
            return {  # the limit, not the user's code: say which option to raise (usage, exit 2)
                "op": "load",
                "ok": False,
                "kind": "usage",
                "reason": f"algorithm={payload.name!r} is invalid: loading it raised {type(exc).__name__}: {exc}; "
                f"--memory-mb={_LOADED.get('memory_mb')} bounds the import too (and every thread of the run): "
                "raise --memory-mb (memory_mb=)",
            }
        return {  # its own code raised: a contract break (exit 3), not a misspelt name (usage, exit 2)
            "op": "load",
            "ok": False,
            "kind": "contract",
            "reason": f"{payload.name} could not be loaded: it raised {_raised(exc)}",
        }
    problem = signature_problem(obj)
    if problem is not None:
        return {
            "op": "load",
            "ok": False,
            "kind": "contract",
            "reason": f"{payload.name} is not an algorithm: {problem}",
        }
    _LOADED["algorithm"] = obj
    randomised = isinstance(obj, RandomisedAlgorithm)
    seeds = list(obj.seeds) if randomised and obj.seeds is not None else None
    name = obj.name if randomised else payload.name
    return {"op": "load", "ok": True, "meta": {"randomised": randomised, "seeds": seeds, "name": str(name)}}


def _raised(exc: BaseException) -> str:  # pragma: no cover - child only
    """``Type: message`` of what the user's code raised, then its last frames outside sci_oracle and
    the standard library (file, line, code), as Python prints them: the user's own lines. The
    parent sanitises the text (sci_oracle.core.text), as it does everything the child sends."""
    import traceback

    head = f"{type(exc).__name__}: {exc}"[:2000]
    try:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if not _library_file(f.filename)][-8:]
    except Exception:
        frames = []
    lines = [
        f'  File "{f.filename}", line {f.lineno}, in {f.name}' + (f"\n    {f.line[:200]}" if f.line else "")
        for f in frames
    ]
    return head + "".join("\n" + line for line in lines)


def _library_file(filename: str) -> bool:  # pragma: no cover - child only
    import sysconfig

    roots = [os.path.dirname(os.path.dirname(os.path.abspath(__file__))), sysconfig.get_paths()["stdlib"]]
    return filename.startswith("<") or any(os.path.abspath(filename).startswith(r + os.sep) for r in roots)


def _child_draw(strategy: Any, n: int, seed: int) -> dict[str, Any]:  # pragma: no cover - child only
    """Draw ``n`` algorithms here and send their printed descriptions: the parent rebuilds them as
    data, so a user's strategy never runs in the process that decides verdicts."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed

    drawn: list[str] = []

    @hypothesis_seed(seed)
    @settings(max_examples=n, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(x: Any) -> None:
        if len(drawn) < n:
            drawn.append(repr(x)[:20_000])

    try:
        collect()
    except BaseException as exc:  # the user's strategy may raise anything
        return {"op": "error", "reason": f"drawing from the strategy raised {_raised(exc)}"}
    return {"op": "drawn", "items": drawn}


def _child_call(fn: Any, args: tuple[Any, ...]) -> dict[str, Any]:  # pragma: no cover - child only
    try:
        return {"op": "result", "data": encode_tree(fn(*args))}
    except MemoryError:
        return {"op": "error", "kind": "memory", "reason": "memory limit exceeded (MemoryError)"}
    except BaseException as exc:  # the user's function may raise anything
        return {"op": "error", "reason": _raised(exc)}


def _child_run(algorithm: Any, msg: dict[str, Any], fdin: int, fdout: int) -> dict[str, Any]:  # pragma: no cover
    oracle = ProxyOracle(msg["shapes"], problem=msg["problem"], mode=msg["mode"], fdin=fdin, fdout=fdout)
    try:
        alg = algorithm
        if msg["seed"] is not None:  # a RandomisedAlgorithm, or a factory seed -> algorithm
            alg = algorithm.at(msg["seed"]) if isinstance(algorithm, RandomisedAlgorithm) else algorithm(msg["seed"])
        elif isinstance(algorithm, RandomisedAlgorithm):
            return {"op": "error", "reason": "a randomised algorithm was run without a seed: pass --seeds (seeds=)"}
        return {"op": "done", "output": output_data(alg(oracle), msg["problem"], msg["seed"])}
    except _Abort:
        return {"op": "aborted"}
    except BudgetExceeded as exc:
        return {"op": "nh", "reason": str(exc)}
    except MemoryError:
        return {"op": "nh", "reason": f"memory limit exceeded (memory_mb={msg['memory_mb']}): MemoryError"}
    except BaseException as exc:  # the algorithm under test may raise anything, SystemExit included
        return {"op": "error", "reason": _raised(exc)}


def output_data(out: Any, problem: Any, seed: Any = None) -> list[Any]:
    """The output as capped exact data (:func:`~sci_oracle.harness.outputs.encode_output`). A
    trained predictor (training families) is evaluated at the public test input
    ``problem.y_test``, as the family's ``convert`` would, and crosses as that vector. In a solver
    setting a callable output is a contract break with a hint."""
    y_test = getattr(problem, "y_test", None)
    if y_test is not None and (hasattr(out, "evaluate") or callable(out)):
        y = np.array(y_test, dtype=object)
        out = out.evaluate(y, backend="exact") if hasattr(out, "evaluate") else out(y)
    elif y_test is None and (hasattr(out, "evaluate") or callable(out)):
        raise ContractError(
            f"the algorithm returned a {type(out).__name__}, not a vector: a trainer (it returned a predictor) "
            "given where a solver is expected"
            + (", or a factory seed -> algorithm run without seeds (pass --seeds)" if seed is None else "")
        )
    return encode_output(out)


# --------------------------------------------------------------------------- parent side
class _Capture(threading.Thread):
    """Drains the child's stdout+stderr pipe, keeping the first OUTPUT_CAP bytes (a flood costs the
    child its own time, never the parent's memory or its stdout)."""

    def __init__(self, fd: int):
        super().__init__(daemon=True, name="sci-oracle-child-output")
        self.fd, self.head, self.dropped = fd, bytearray(), 0

    def run(self) -> None:
        _block_signals()
        try:
            while True:
                chunk = os.read(self.fd, 1 << 16)
                if not chunk:
                    break
                room = OUTPUT_CAP - len(self.head)
                self.head += chunk[:room]
                self.dropped += max(0, len(chunk) - room)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                os.close(self.fd)

    def settle(self, limit: float = 0.05) -> None:
        """Wait (briefly) until the drain thread has read what the child wrote so far."""
        end = time.monotonic() + limit
        with contextlib.suppress(OSError, ValueError):
            while time.monotonic() < end and select.select([self.fd], [], [], 0)[0]:
                time.sleep(0.001)

    def text(self) -> str:
        out = sanitise(bytes(self.head).decode("utf-8", "replace"))  # no terminal control reaches the user
        return out + (f"\n[... {self.dropped} more bytes of output dropped]" if self.dropped else "")


def _block_signals() -> None:
    """In a helper thread: leave Ctrl-C, SIGTERM and the watchdog's SIGALRM to the main thread,
    which the kernel then interrupts at once (a signal caught by a helper thread waits for the
    main thread's next bytecode)."""
    with contextlib.suppress(AttributeError, ValueError, OSError):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGALRM, signal.SIGHUP})


class _Child:
    """One sandboxed child and its pipes (parent side). Restarted after a timeout or a crash."""

    def __init__(self, payload: AlgorithmPayload, memory_mb: int | None, purpose: str = "algorithm"):
        self.payload, self.memory_mb, self.purpose = payload, memory_mb, purpose
        self.proc: subprocess.Popen | None = None
        self.to_child = self.from_child = -1
        self.capture: _Capture | None = None
        self.tmpdir: str | None = None
        self.dir_lock = -1
        self.identity: sandbox.Identity | None = None
        self.token = uuid.uuid4().hex
        self.meta: dict[str, Any] | None = None
        self.layers: dict[str, Any] = {}
        self.load_failure: BaseException | None = None
        self.output_log: list[str] = []
        self.timeouts = 0
        self.spare: _Child | None = None
        self._fresh = False
        _LIVE.add(self)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def ensure(self, timeout: float) -> None:
        """A loaded child, spawned and loaded within ``timeout`` seconds."""
        if self.alive() and self.meta is not None:
            return
        if self.load_failure is not None:
            raise self.load_failure
        deadline = time.monotonic() + timeout + SPAWN_ALLOWANCE
        if not (self.alive() and self._fresh):  # else: an adopted spare, started and waiting for its load
            self.kill()
            self._spawn()
        self._fresh = False
        try:
            hello = self.recv(deadline)
            if hello.get("op") != "sandbox" or not isinstance(hello.get("layers"), dict):
                raise AlgorithmError("protocol violation by the child: no sandbox report")
            self.layers = self._layers(hello["layers"])
            _RECORDED.clear()
            _RECORDED.update(self.layers)
            self.send({"op": "load", "payload": self.payload, "purpose": self.purpose}, deadline)
            reply = self.recv(deadline)
        except _Timeout:
            self.kill()
            self.load_failure = LoadTimeout.of(
                self.payload.name, timeout, f"+{SPAWN_ALLOWANCE:g} s to start the interpreter; the child was killed"
            )
            raise self.load_failure from None
        except AlgorithmError as exc:
            self.kill()
            self.load_failure = InvalidArgument(f"algorithm={self.payload.name!r} is invalid: {exc}")
            raise self.load_failure from None
        except BaseException:  # Ctrl-C during the load: no half-loaded child is kept
            self.kill()
            raise
        if reply.get("op") != "load":
            self.kill()
            raise AlgorithmError(f"protocol violation by the child: expected a load reply, got {str(reply)[:100]}")
        if not reply.get("ok"):
            reason = _reason(reply)
            self.kill()
            self.load_failure = ContractError(reason) if reply.get("kind") == "contract" else InvalidArgument(reason)
            raise self.load_failure
        meta = reply.get("meta")
        if not isinstance(meta, dict):
            self.kill()
            raise AlgorithmError("protocol violation by the child: malformed load reply")
        self.meta = meta

    def _spawn(self) -> None:
        parent_dumpable = sandbox.harden_parent()
        sandbox.sweep_stale()  # private directories of runs whose parent was killed
        self.identity = sandbox.claim_identity()  # as root: a uid of its own for this child
        uid = None if self.identity is None else self.identity.uid
        self.tmpdir, self.dir_lock = sandbox.make_private_dir(uid)
        p2c_r, p2c_w = os.pipe()
        c2p_r, c2p_w = os.pipe()
        out_r, out_w = os.pipe()
        paths = [os.path.abspath(p) for p in sys.path if p]  # what this process imports from, no more
        cwd = os.getcwd()
        if cwd not in paths:
            paths.append(cwd)  # last: MODULE:FUNCTION in the current directory never shadows a library
        # the package directory is never reached through a descriptor opened with root's rights: its
        # sources travel as data (the bundle); only where sci_oracle itself is imported from is kept
        imports_from = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(sandbox.__file__))))
        own_dirs = [] if imports_from == cwd else [cwd]
        cfg = {
            "fdin": p2c_r,
            "fdout": c2p_w,
            "parent_pid": os.getpid(),
            "paths": paths,
            "own_dirs": own_dirs,
            "tmpdir": self.tmpdir,
            "memory_mb": self.memory_mb,
            "cpu_seconds": 3600,  # a backstop only: the parent's wall-clock deadline is the real bound
            "nproc": _nproc_limit(os.getuid() if uid is None else uid),
            "uid": uid,
        }
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TERM")}
        env.update(SCI_ORACLE_SANDBOX=json.dumps(cfg), SCI_ORACLE_SANDBOX_TOKEN=self.token)
        # joblib (scikit-learn) probes a semaphore in the read-only /dev/shm and warns on every run
        # that it will run serially; it runs serially in the sandbox either way, so say so up front
        env["JOBLIB_MULTIPROCESSING"] = "0"
        code = (
            "import json, os, sys\n"
            "cfg = json.loads(os.environ.pop('SCI_ORACLE_SANDBOX'))\n"
            "sys.path[:] = cfg['paths']\n"
            "from sci_oracle.harness.sandbox import apply_child_layers, limit_memory\n"
            "layers = apply_child_layers(cfg)\n"
            "from sci_oracle.harness.isolation import _child_main\n"
            "layers['memory'] = limit_memory(cfg['memory_mb'])\n"  # after the harness's imports, before the user's
            "_child_main(cfg, layers)\n"
        )
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-u", "-c", code],
                stdin=subprocess.DEVNULL,
                stdout=out_w,
                stderr=out_w,
                pass_fds=(p2c_r, c2p_w),
                start_new_session=True,
                env=env,
                cwd=self.tmpdir,
            )
        finally:
            for fd in (p2c_r, c2p_w, out_w):
                os.close(fd)
        self.to_child, self.from_child = p2c_w, c2p_r
        self.capture = _Capture(out_r)
        self.capture.start()
        self._parent_dumpable = parent_dumpable
        self._fresh = True

    def start_spare(self) -> None:
        """After a timeout, start the next child while this one runs, so that a sleeping algorithm
        costs its timeouts and not also an interpreter start per run."""
        if self.spare is None and self.load_failure is None:
            self.spare = _Child(self.payload, self.memory_mb, self.purpose)
            self.spare._spawn()

    def adopt_spare(self) -> None:
        """Replace the (killed) process by the spare, already started and waiting for its load."""
        spare, self.spare = self.spare, None
        if spare is None or not spare.alive():
            if spare is not None:
                spare.kill()
            return
        moved = ("proc", "to_child", "from_child", "capture", "tmpdir", "dir_lock", "identity", "token")
        for attr in (*moved, "_parent_dumpable", "_fresh"):
            setattr(self, attr, getattr(spare, attr))
        spare.proc, spare.to_child, spare.from_child, spare.capture = None, -1, -1, None
        spare.tmpdir, spare.dir_lock, spare.identity = None, -1, None
        _LIVE.discard(spare)

    def _layers(self, child: dict[str, Any]) -> dict[str, Any]:
        """The child's own record, the parent's layers, and what /proc says about the child."""
        seen = sandbox.parent_view(self.proc.pid) if self.proc is not None else {}
        return {
            "parent_dumpable": self._parent_dumpable,
            "group_kill": "on (own session; killpg and a token sweep at timeout and at the end)",
            **{k: v for k, v in child.items() if isinstance(k, str)},
            "checked_by_parent": seen,
        }

    def send(self, msg: dict[str, Any], deadline: float | None = None) -> None:
        with contextlib.suppress(OSError):  # the child died; the next recv reports how
            _write_frame(self.to_child, b"P", pickle.dumps(msg), deadline or time.monotonic() + 30.0)

    def recv(self, deadline: float) -> dict[str, Any]:
        try:
            kind, data = _read_frame(self.from_child, deadline)
        except EOFError:
            status = self._reap(deadline)
            raise AlgorithmError(f"the child process died ({status}){self._tail()}") from None
        except _ProtocolError as exc:
            self.kill()
            raise AlgorithmError(f"protocol violation by the child: {exc}") from None
        try:
            if kind != b"J" or not json_depth_ok(data):
                raise ValueError("a non-JSON or too deeply nested message")
            msg = json.loads(data)
            if not isinstance(msg, dict):
                raise ValueError("expected a JSON object")
        except (ValueError, RecursionError) as exc:
            self.kill()  # the stream is out of step now: never read the next run's frame from it
            raise AlgorithmError(f"protocol violation by the child: {exc}") from None
        return msg

    def _reap(self, deadline: float) -> str:
        proc = self.proc
        rc = None
        if proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                rc = proc.wait(timeout=max(0.05, min(1.0, deadline - time.monotonic())))
        self.kill()
        return "closed its pipe" if rc is None else _exit_status(rc)

    def _tail(self) -> str:
        text = self.output_log[-1] if self.output_log else ""
        return f"; its output ends: {text[-400:]!r}" if text.strip() else ""

    def kill(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            sandbox.kill_group(proc.pid)  # the whole group: grandchildren included
            sandbox.sweep_token(self.token)  # and descendants that left it
            with contextlib.suppress(Exception):
                proc.wait(timeout=5)
        for fd in (self.to_child, self.from_child):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.to_child = self.from_child = -1
        if self.capture is not None:
            self.capture.join(timeout=1.0)
            self.output_log.append(self.capture.text())
            self.capture = None
        if self.tmpdir is not None:
            sandbox.remove_private_dir(self.tmpdir, self.dir_lock)
            self.tmpdir, self.dir_lock = None, -1
        if self.identity is not None:  # only now: its processes are dead
            self.identity.release()
            self.identity = None
        self.meta = None

    def output(self) -> str:
        """The child's stdout+stderr so far (capped), across restarts."""
        if self.capture is not None:
            self.capture.settle()
        parts = [*self.output_log, self.capture.text() if self.capture is not None else ""]
        text = "".join(p for p in parts if p)
        return text if len(text) <= OUTPUT_CAP else text[:OUTPUT_CAP] + "\n[... output truncated]"

    def close(self) -> None:
        if self.spare is not None:
            self.spare.kill()
            self.spare = None
        if self.proc is not None and self.to_child >= 0:
            with contextlib.suppress(OSError):
                os.close(self.to_child)  # EOF: the child exits
            self.to_child = -1
            with contextlib.suppress(Exception):
                self.proc.wait(timeout=1.0)
        self.kill()


def _nproc_limit(uid: int) -> int:
    """RLIMIT_NPROC counts every task (thread) of the uid: allow what it runs now, plus a thread
    per CPU (BLAS pools) and a few. With a pool uid that is the child alone."""
    n = 0
    with contextlib.suppress(OSError):
        for p in os.listdir("/proc"):
            if p.isdigit():
                with contextlib.suppress(OSError):
                    if os.stat(f"/proc/{p}").st_uid == uid:
                        n += len(os.listdir(f"/proc/{p}/task"))
    return n + 32 + (os.cpu_count() or 1)


@atexit.register
def _kill_all() -> None:  # pragma: no cover - at interpreter exit
    for child in list(_LIVE):
        with contextlib.suppress(Exception):
            child.kill()


def _exit_status(rc: int) -> str:
    if rc < 0:
        try:
            return f"killed by signal {signal.Signals(-rc).name}"
        except ValueError:  # pragma: no cover
            return f"killed by signal {-rc}"
    return f"exit code {rc}"


class IsolatedAlgorithm:
    """A callable ``f(oracle) -> output`` that runs ``algorithm`` in a sandboxed child and answers
    its queries from ``oracle`` in this process (see the module docstring for the guarantees).

    ``timeout`` (seconds of wall time for loading, and for each run) and ``memory_mb`` (address
    space for the user's code, its import included, on top of the harness's own; None for no cap)
    are enforced. A timeout raises
    :class:`BudgetExceeded` (so :func:`~sci_oracle.algorithms.base.run` records NH); a crash, a
    memory blow-up or a malformed message raises :class:`AlgorithmError` (recorded as an error).
    Use it as a context manager, or call :meth:`close`, to stop the child. ``at(seed)`` gives the
    run of a randomised algorithm for one seed, sharing the same child. :attr:`isolation` records
    the layers in force; :meth:`output` is what the algorithm printed (capped).

    >>> from sci_oracle.algorithms.builtin import Zero
    >>> from sci_oracle.families.pnas import PNASFamily
    >>> from sci_oracle.barrier import find_barrier
    >>> with IsolatedAlgorithm(Zero()) as alg:
    ...     find_barrier(alg, PNASFamily("srlasso", K=3)).verdict
    'refuted'
    """

    def __init__(
        self,
        algorithm: Any,
        *,
        timeout: float = 60.0,
        memory_mb: int | None = 2048,
        seed: int | None = None,
        _child: _Child | None = None,
    ):
        if not (isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and 0 < timeout <= 86_400):
            raise InvalidArgument(f"timeout={timeout!r} is invalid: timeout must be a number of seconds in (0, 86400]")
        if memory_mb is not None:
            check_int("memory_mb", memory_mb, min_value=16, max_value=1 << 22)
        self.payload = AlgorithmPayload.of(algorithm, timeout=timeout)
        self.timeout, self.memory_mb, self.seed = float(timeout), memory_mb, seed
        self._child = _child or _Child(self.payload, memory_mb)

    @property
    def name(self) -> str:
        return self.payload.name + ("" if self.seed is None else f"[seed={self.seed}]")

    @property
    def isolation(self) -> dict[str, Any]:
        return {"mode": "isolated", **self._child.layers}

    @property
    def meta(self) -> dict[str, Any]:
        """What the child found when it loaded the algorithm (randomised?, seeds, name); loads it."""
        self._child.ensure(self.timeout)
        return dict(self._child.meta or {})

    def output(self) -> str:
        return self._child.output()

    def at(self, seed: int) -> IsolatedAlgorithm:
        return IsolatedAlgorithm(
            self.payload, timeout=self.timeout, memory_mb=self.memory_mb, seed=seed, _child=self._child
        )

    def __call__(self, oracle: Oracle) -> Any:
        child = self._child
        child.ensure(self.timeout)
        deadline = time.monotonic() + self.timeout
        if child.timeouts:
            child.start_spare()
        try:
            return self._serve(child, oracle, deadline)
        except _Timeout:
            child.kill()
            child.timeouts += 1
            child.adopt_spare()
            raise BudgetExceeded(f"wall-time limit timeout={self.timeout:g} s exceeded; the child was killed") from None
        except BaseException as exc:
            if not isinstance(exc, (AlgorithmError, BudgetExceeded, NotIndistinguishable)):
                child.kill()  # Ctrl-C mid-run: the protocol stream is out of step, start afresh
            raise

    def _serve(self, child: _Child, oracle: Oracle, deadline: float) -> Any:
        child.send(
            {
                "op": "run",
                "seed": self.seed,
                "shapes": {n: oracle.shape(n) for n in oracle.names},
                "problem": oracle.problem,
                "mode": oracle.mode,
                "memory_mb": self.memory_mb,
            },
            deadline,
        )
        while True:
            msg = child.recv(deadline)
            op = msg.get("op")
            if op == "read":
                name, level, index = _parse_read(msg, child)
                try:
                    value = oracle.read(name, level, index)
                except NotIndistinguishable:  # the adversary's own failure: abandon the run, re-raise here
                    self._abort(child)
                    raise
                except (BudgetExceeded, InvalidArgument, UnexpectedQuery) as exc:
                    child.send({"op": "raise", "type": type(exc).__name__, "message": str(exc)}, deadline)
                    continue
                child.send({"op": "answer", "value": value}, deadline)
            elif op == "done":
                return _scored(msg.get("output"), oracle.problem)
            elif op == "nh":
                raise BudgetExceeded(_reason(msg))
            elif op == "error":
                raise AlgorithmError(_reason(msg))
            else:
                child.kill()
                raise AlgorithmError(f"protocol violation by the child: unexpected message op={str(op)[:40]!r}")

    def _abort(self, child: _Child) -> None:
        try:
            child.send({"op": "abort"}, time.monotonic() + 5.0)
            if child.recv(time.monotonic() + 5.0).get("op") == "aborted":
                return
        except (_Timeout, AlgorithmError):
            pass
        child.kill()  # it swallowed the abort or kept reading: start afresh next run

    def close(self) -> None:
        self._child.close()

    def __enter__(self) -> IsolatedAlgorithm:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            if self.seed is None:
                self._child.close()
        except Exception:  # pragma: no cover
            pass

    def __repr__(self) -> str:
        return f"IsolatedAlgorithm({self.name})"


class SandboxedFunction:
    """A user function named by a spec (``MODULE:FUNCTION``, ``FILE.py:FUNCTION``), called in the
    sandboxed child: e.g. a classifier training procedure ``train(X, y, rng) -> [(W, b), …]``
    (Bastounis–Hansen–Vlačić §2). Arguments are pickled to the child (trusted direction); the
    result crosses as capped data (:func:`~sci_oracle.harness.outputs.decode_tree`): exact numbers
    in nested lists. Each call has ``timeout`` seconds of wall time (:class:`BudgetExceeded`); a
    raise or a malformed result is an :class:`AlgorithmError`; a bad spec an InvalidArgument."""

    def __init__(
        self,
        spec: str,
        *,
        timeout: float = 600.0,
        memory_mb: int | None = 2048,
        param: str = "algorithm",
        purpose: str = "function",
    ):
        self.payload = AlgorithmPayload.of(parse_spec(spec, param=param), timeout=timeout)
        self.timeout = float(timeout)
        self._child = _Child(self.payload, memory_mb, purpose=purpose)
        self.__qualname__ = self.__name__ = self.payload.name

    @property
    def isolation(self) -> dict[str, Any]:
        """The layers its child reported (kept after the child is stopped); never starts one."""
        if not self._child.layers:
            return {"mode": "isolated", "layers": "not recorded: the child never reported its layers"}
        return {"mode": "isolated", **self._child.layers}

    def output(self) -> str:
        return self._child.output()

    def __call__(self, *args: Any) -> Any:
        msg = self._ask({"op": "call", "args": args})
        if msg.get("op") == "result":
            try:
                return decode_tree(msg.get("data"))
            except InvalidArgument as exc:
                raise AlgorithmError(f"malformed result: {exc}") from None
        return self._refused(msg, f"unexpected message op={str(msg.get('op'))[:40]!r}")

    def draw(self, n: int, seed: int) -> list[str]:
        """With ``purpose="strategy"``: the printed descriptions of ``n`` algorithms drawn in the child
        (each at most 20 000 characters)."""
        msg = self._ask({"op": "draw", "n": int(n), "seed": int(seed)})
        items = msg.get("items")
        if msg.get("op") == "drawn" and isinstance(items, list) and all(isinstance(i, str) for i in items):
            return [i[:20_000] for i in items[: int(n)]]
        return self._refused(msg, "malformed draw reply")

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """One request and its reply, within ``timeout``; the child is killed on a timeout or on
        anything else that leaves the stream out of step (Ctrl-C)."""
        child = self._child
        child.ensure(self.timeout)
        deadline = time.monotonic() + self.timeout
        try:
            child.send(request, deadline)
            return child.recv(deadline)
        except _Timeout:
            child.kill()
            raise BudgetExceeded(f"wall-time limit timeout={self.timeout:g} s exceeded; the child was killed") from None
        except BaseException as exc:
            if not isinstance(exc, AlgorithmError):
                child.kill()
            raise

    def _refused(self, msg: dict[str, Any], violation: str) -> Any:
        if msg.get("op") == "error":
            reason = _reason(msg)
            if msg.get("kind") == "memory":
                raise BudgetExceeded(reason)
            raise AlgorithmError(reason)
        self._child.kill()
        raise AlgorithmError(f"protocol violation by the child: {violation}")

    def close(self) -> None:
        self._child.close()

    def __enter__(self) -> SandboxedFunction:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SandboxedFunction({self.payload.name})"


def _reason(msg: dict[str, Any]) -> str:
    """The reason a child message gives, capped and sanitised: it is the user's text (exception
    messages, tracebacks) and reaches terminals, reports and pytest messages."""
    return sanitise(str(msg.get("reason", ""))[:MAX_REASON])


def _scored(data: Any, problem: Any) -> Any:
    """Decoded output data (capped), or, for a training family, the predictor at the test input."""
    try:
        values = decode_output(data)
    except InvalidArgument as exc:
        raise AlgorithmError(f"malformed output: {exc}") from None
    y_test = getattr(problem, "y_test", None)
    return values if y_test is None else _PredictorAtTest(values, y_test)


def _parse_read(msg: dict[str, Any], child: _Child) -> tuple[str, int, tuple[int, ...] | None]:
    name, level, index = msg.get("name"), msg.get("level"), msg.get("index")
    ok = (
        isinstance(name, str)
        and isinstance(level, int)
        and not isinstance(level, bool)
        and (
            index is None
            or (isinstance(index, list) and all(isinstance(i, int) and not isinstance(i, bool) for i in index))
        )
    )
    if not ok:
        child.kill()
        raise AlgorithmError(f"protocol violation by the child: malformed read {str(msg)[:200]}")
    return name, level, None if index is None else tuple(index)  # type: ignore[return-value]


class _PredictorAtTest:
    """What an isolated training run returns: its predictor's value at the public test input
    (computed in the child), callable at that input only, so a family's ``convert`` scores it."""

    def __init__(self, values: tuple[Any, ...], y_test: Any):
        self.values, self.y_test = values, tuple(y_test)

    def __call__(self, y: Any) -> tuple[Any, ...]:
        if tuple(np.asarray(y, dtype=object).ravel()) != self.y_test:
            raise InvalidArgument("an isolated predictor was evaluated in the child at the test input only")
        return self.values


# --------------------------------------------------------------------------- in-process (trusted)
class _Alarm(BaseException):
    """Raised by the watchdog inside a trusted run (BaseException: ``except Exception`` in the
    algorithm does not swallow it)."""


class TrustedAlgorithm:
    """``--in-process``: run ``algorithm`` in this process, with the isolated mode's output
    normalisation (:mod:`sci_oracle.harness.outputs`: subclasses become exact ``Fraction``,
    caps apply) and wall-time limit (a ``SIGALRM`` watchdog in the main thread). It *trusts*
    the code: the algorithm can reach the hidden input by introspection."""

    def __init__(self, algorithm: Any, *, timeout: float = 60.0, seed: int | None = None):
        self.algorithm, self.timeout, self.seed = algorithm, float(timeout), seed

    @property
    def isolation(self) -> dict[str, Any]:
        return {
            "mode": "in-process",
            "trust": "the algorithm's code is trusted: no isolation guarantee",
            "watchdog": "SIGALRM" if _can_alarm() else "unavailable: not the main thread (oracle budgets only)",
        }

    def at(self, seed: int) -> TrustedAlgorithm:
        return TrustedAlgorithm(self.algorithm, timeout=self.timeout, seed=seed)

    def __call__(self, oracle: Oracle) -> Any:
        t0 = time.monotonic()
        try:
            with _watchdog(self.timeout):
                alg = self.algorithm
                if self.seed is not None:
                    alg = alg.at(self.seed) if isinstance(alg, RandomisedAlgorithm) else alg(self.seed)
                elif isinstance(alg, RandomisedAlgorithm):
                    raise ContractError("a randomised algorithm was run without a seed: pass --seeds (seeds=)")
                data = output_data(alg(oracle), oracle.problem, self.seed)
        except _Alarm:
            raise BudgetExceeded(f"wall-time limit timeout={self.timeout:g} s exceeded (in-process watchdog)") from None
        except MemoryError:  # as isolated: running out of memory is a budget exceeded (NH), not a wrong answer
            raise BudgetExceeded("memory exhausted (MemoryError in-process)") from None
        finally:
            note_run(time.monotonic() - t0)
        return _scored(data, oracle.problem)

    def __repr__(self) -> str:
        return f"TrustedAlgorithm({self.algorithm!r})"


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def _watchdog(seconds: float):
    if not _can_alarm():
        yield
        return

    def fire(signum: int, frame: Any) -> None:
        raise _Alarm()

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
