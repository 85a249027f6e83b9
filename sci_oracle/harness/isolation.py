"""Run the algorithm under test in a separate process, so the hidden input cannot leak to it.

Why (PNAS 2022 SI §2; Bastounis–Hansen–Vlačić Def 9.3): a general algorithm may depend only on
the oracle answers it asked for. In the same Python process an algorithm can break that rule by
introspection (``gc.get_objects()``, stack frames, ``oracle._truth``) and read the exact input that
the adversary keeps hidden; no Python-level wall stops it. So the algorithm runs in a *child
process* and only queries and dyadic answers cross:

- The child is started with ``subprocess`` running a fresh interpreter (like multiprocessing's
  ``spawn``, unlike ``fork``, which would copy the parent's memory, exact inputs included). It
  receives the algorithm (pickled, or a ``module:attr`` spec it imports itself), the array
  names and shapes, and the public :class:`~sci_oracle.families.pnas.ProblemInfo`: never an input.
- The algorithm gets a :class:`ProxyOracle`; each ``read(name, level, index)`` goes to the parent,
  where the real (honest or adversarial) oracle validates it, logs it and answers. A whole-array
  read is one round trip (answers batched per array and level). The adversary stays in the parent.
- Child → parent messages are JSON only, checked field by field: a hostile child cannot make the
  parent unpickle code, and its output is re-certified in exact arithmetic by the parent.
- Each run has a wall-time limit (the parent kills the child) and a memory limit
  (``RLIMIT_AS`` set in the child on Linux). Timeout → NH; crash, memory blow-up, malformed
  output → error with the reason; the next run gets a fresh child.

Caveats: the child may keep state between runs (module globals, files); the barrier's coupling
check reports an algorithm whose output changes on identical answers as "not a general
algorithm" (``unknown``), never as a success. POSIX only (the parent waits with ``select``).
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import re
import select
import signal
import struct
import subprocess
import sys
import time
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.algorithms.base import RandomisedAlgorithm, algorithm_name, exact_output
from sci_oracle.core.errors import (
    AlgorithmError,
    BudgetExceeded,
    InvalidArgument,
    NotIndistinguishable,
    UnexpectedQuery,
)
from sci_oracle.core.exact import ExactReal, Radical, number_to_json, sign
from sci_oracle.core.oracle import DyadicArray, Oracle
from sci_oracle.core.validation import check_int

__all__ = ["MAX_MESSAGE_BYTES", "AlgorithmPayload", "IsolatedAlgorithm", "ProxyOracle"]

MAX_MESSAGE_BYTES = 64 << 20  # a child message larger than this is a protocol violation
_FORWARDED = {"BudgetExceeded": BudgetExceeded, "InvalidArgument": InvalidArgument, "UnexpectedQuery": UnexpectedQuery}


# --------------------------------------------------------------------------- the algorithm, as sent
class AlgorithmPayload:
    """How an algorithm travels to another process: a ``spec`` string that the other side loads
    with :func:`~sci_oracle.algorithms.builtin.load_algorithm`, or pickled bytes (cloudpickle is
    used when installed, for lambdas and closures)."""

    __slots__ = ("data", "kind", "name")

    def __init__(self, kind: str, data: str | bytes, name: str):
        self.kind, self.data, self.name = kind, data, name

    @classmethod
    def of(cls, algorithm: Any) -> AlgorithmPayload:
        if isinstance(algorithm, AlgorithmPayload):
            return algorithm
        if isinstance(algorithm, str):
            return cls("spec", algorithm, algorithm)
        name = algorithm.name if isinstance(algorithm, RandomisedAlgorithm) else algorithm_name(algorithm)
        try:
            data = pickle.dumps(algorithm)
            if b"__main__" not in data:
                return cls("pickle", data, name)
            # defined in a script: the child cannot import __main__ by reference. Send it by value
            # (cloudpickle), or as the script's module-level name, which the child loads itself.
            try:
                import cloudpickle

                return cls("pickle", cloudpickle.dumps(algorithm), name)
            except ImportError:
                pass
            main = sys.modules.get("__main__")
            path = getattr(main, "__file__", None)
            found = [k for k, v in vars(main).items() if v is algorithm and not k.startswith("_")] if main else []
            if path and path.endswith(".py") and found:
                return cls("spec", f"{os.path.abspath(path)}:{found[0]}", name)
            raise pickle.PicklingError("it refers to objects defined in __main__")
        except Exception as exc:  # lambdas, closures, local classes, __main__ objects
            try:
                import cloudpickle

                return cls("pickle", cloudpickle.dumps(algorithm), name)
            except Exception:
                raise InvalidArgument(
                    f"algorithm={name} is invalid for an isolated or parallel check: it cannot be pickled ({exc}). "
                    "Define it at module level, pass 'module:attr', install cloudpickle, or use isolated=False "
                    "(no isolation guarantee)"
                ) from None

    def load(self) -> Any:
        if self.kind == "spec":
            from sci_oracle.algorithms.builtin import load_algorithm

            return load_algorithm(self.data)  # type: ignore[arg-type]
        return pickle.loads(self.data)  # type: ignore[arg-type]

    def __reduce__(self):
        return (AlgorithmPayload, (self.kind, self.data, self.name))

    def __repr__(self) -> str:
        return f"AlgorithmPayload({self.kind!r}, {self.name!r})"


# --------------------------------------------------------------------------- framing
# A frame is 1 byte kind (b"J" JSON, b"P" pickle) + 4 bytes big-endian length + payload. The parent
# sends pickles (trusted direction); the child sends JSON, which the parent parses and checks.
def _write_frame(fd: int, kind: bytes, payload: bytes) -> None:
    data = kind + struct.pack(">I", len(payload)) + payload
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes:
    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise _Timeout()
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


class _Timeout(Exception):
    pass


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


def _child_main() -> None:  # pragma: no cover - runs in the child process (covered via subprocesses)
    """The child's loop: load the algorithm, then serve runs until the parent closes the pipe."""
    fdin, fdout = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # the algorithm's prints go to stderr, never into the protocol
    sys.stdout = sys.stderr

    def send(msg: dict[str, Any]) -> None:
        _write_frame(fdout, b"J", json.dumps(msg).encode())

    algorithm: Any = None
    while True:
        try:
            _, data = _read_frame(fdin)
        except EOFError:
            return
        msg = pickle.loads(data)
        if msg["op"] == "load":
            try:
                algorithm = msg["payload"].load()
            except BaseException as exc:
                send({"op": "error", "reason": f"cannot load the algorithm in the child: {type(exc).__name__}: {exc}"})
                continue
            _limit_memory(msg["memory_mb"])
            send({"op": "ready"})
        elif msg["op"] == "run":
            send(_child_run(algorithm, msg, fdin, fdout))


def _child_run(algorithm: Any, msg: dict[str, Any], fdin: int, fdout: int) -> dict[str, Any]:  # pragma: no cover
    oracle = ProxyOracle(msg["shapes"], problem=msg["problem"], mode=msg["mode"], fdin=fdin, fdout=fdout)
    try:
        alg = algorithm
        if msg["seed"] is not None:  # a RandomisedAlgorithm, or a factory seed -> algorithm
            alg = algorithm.at(msg["seed"]) if isinstance(algorithm, RandomisedAlgorithm) else algorithm(msg["seed"])
        values = _child_output(alg(oracle), msg["problem"])
        return {"op": "done", "output": [number_to_json(v) for v in values]}
    except _Abort:
        return {"op": "aborted"}
    except BudgetExceeded as exc:
        return {"op": "nh", "reason": str(exc)}
    except InvalidArgument as exc:
        return {"op": "error", "reason": f"InvalidArgument: {exc}"}
    except MemoryError:
        return {"op": "nh", "reason": f"memory limit exceeded (memory_mb={msg['memory_mb']}): MemoryError"}
    except RecursionError as exc:
        return {"op": "error", "reason": f"RecursionError: {exc}"}
    except BaseException as exc:  # the algorithm under test may raise anything, SystemExit included
        return {"op": "error", "reason": f"{type(exc).__name__}: {exc}"}


def _child_output(out: Any, problem: Any) -> tuple[Any, ...]:  # pragma: no cover - child only
    """The output as exact numbers. A trained predictor (a network with ``evaluate`` or a callable;
    training families) cannot cross as an object: it is evaluated here at the public test input
    ``problem.y_test``, as the family's ``convert`` would, and crosses as that vector."""
    y_test = getattr(problem, "y_test", None)
    if y_test is not None and (hasattr(out, "evaluate") or callable(out)):
        y = np.array(y_test, dtype=object)
        out = out.evaluate(y, backend="exact") if hasattr(out, "evaluate") else out(y)
    return exact_output(out, None)


def _limit_memory(memory_mb: int | None) -> None:  # pragma: no cover - child only
    """Cap the child's address space at what is mapped now (interpreter, numpy, the algorithm's
    modules) plus ``memory_mb``, so the limit is about what the algorithm allocates."""
    if memory_mb is None:
        return
    try:
        import resource

        base = 0
        try:
            with open("/proc/self/statm") as f:
                base = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
        limit = base + memory_mb * (1 << 20)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


# --------------------------------------------------------------------------- parent side
class _Child:
    """One child process and its pipes (parent side). Restarted after a timeout or a crash."""

    def __init__(self, payload: AlgorithmPayload, memory_mb: int | None):
        self.payload, self.memory_mb = payload, memory_mb
        self.proc: subprocess.Popen | None = None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def ensure(self, timeout: float) -> None:
        if self.alive():
            return
        env = dict(os.environ)
        env["SCI_ORACLE_CHILD_PATH"] = json.dumps([p for p in sys.path if p])
        code = (
            "import json, os, sys; sys.path[:0] = json.loads(os.environ['SCI_ORACLE_CHILD_PATH']); "
            "from sci_oracle.harness.isolation import _child_main; _child_main()"
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True
        )
        self.send({"op": "load", "payload": self.payload, "memory_mb": self.memory_mb})
        reply = self.recv(time.monotonic() + max(timeout, 120.0))  # imports (torch...) may take a while
        if reply.get("op") != "ready":
            reason = str(reply.get("reason", reply))
            self.kill()
            raise InvalidArgument(f"algorithm={self.payload.name} is invalid: {reason}")

    def send(self, msg: dict[str, Any]) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):  # the child died; the next recv reports how
            _write_frame(self.proc.stdin.fileno(), b"P", pickle.dumps(msg))  # type: ignore[union-attr]

    def recv(self, deadline: float) -> dict[str, Any]:
        try:
            kind, data = _read_frame(self.proc.stdout.fileno(), deadline)  # type: ignore[union-attr]
        except EOFError:
            rc = self.proc.wait()  # type: ignore[union-attr]
            self.proc = None
            raise AlgorithmError(f"the child process died ({_exit_status(rc)})") from None
        except _ProtocolError as exc:
            self.kill()
            raise AlgorithmError(f"protocol violation by the child: {exc}") from None
        if kind != b"J":
            self.kill()
            raise AlgorithmError("protocol violation by the child: a non-JSON message")
        try:
            msg = json.loads(data)
        except ValueError:
            self.kill()
            raise AlgorithmError("protocol violation by the child: malformed JSON") from None
        if not isinstance(msg, dict):
            self.kill()
            raise AlgorithmError("protocol violation by the child: expected a JSON object")
        return msg

    def kill(self) -> None:
        if self.proc is not None:
            try:
                self.proc.kill()
                self.proc.wait(timeout=10)
            except Exception:  # pragma: no cover
                pass
            for stream in (self.proc.stdin, self.proc.stdout):
                with contextlib.suppress(Exception):
                    stream.close()  # type: ignore[union-attr]
        self.proc = None

    def close(self) -> None:
        if self.proc is not None:
            try:
                self.proc.stdin.close()  # type: ignore[union-attr]
                self.proc.wait(timeout=5)
            except Exception:
                pass
            self.kill()


def _exit_status(rc: int) -> str:
    if rc < 0:
        try:
            return f"killed by signal {signal.Signals(-rc).name}"
        except ValueError:  # pragma: no cover
            return f"killed by signal {-rc}"
    return f"exit code {rc}"


class IsolatedAlgorithm:
    """A callable ``f(oracle) -> output`` that runs ``algorithm`` in a child process and answers
    its queries from ``oracle`` in this process (see the module docstring for the guarantees).

    ``timeout`` (seconds of wall time per run) and ``memory_mb`` (extra address space for the
    child; None for no cap) are enforced per run. A timeout raises :class:`BudgetExceeded` (so
    :func:`~sci_oracle.algorithms.base.run` records NH); a crash, a memory blow-up or a malformed
    message raises :class:`AlgorithmError` (recorded as an error). Use it as a context manager, or
    call :meth:`close`, to stop the child. ``at(seed)`` gives the run of a randomised algorithm for
    one seed, sharing the same child.

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
        self.payload = AlgorithmPayload.of(algorithm)
        self.timeout, self.memory_mb, self.seed = float(timeout), memory_mb, seed
        self._child = _child or _Child(self.payload, memory_mb)

    @property
    def name(self) -> str:
        return self.payload.name + ("" if self.seed is None else f"[seed={self.seed}]")

    def at(self, seed: int) -> IsolatedAlgorithm:
        return IsolatedAlgorithm(
            self.payload, timeout=self.timeout, memory_mb=self.memory_mb, seed=seed, _child=self._child
        )

    def __call__(self, oracle: Oracle) -> tuple[Any, ...]:
        child = self._child
        child.ensure(self.timeout)
        deadline = time.monotonic() + self.timeout
        child.send(
            {
                "op": "run",
                "seed": self.seed,
                "shapes": {n: oracle.shape(n) for n in oracle.names},
                "problem": oracle.problem,
                "mode": oracle.mode,
                "memory_mb": self.memory_mb,
            }
        )
        while True:
            try:
                msg = child.recv(deadline)
            except _Timeout:
                child.kill()
                raise BudgetExceeded(
                    f"wall-time limit timeout={self.timeout:g} s exceeded; the child was killed"
                ) from None
            op = msg.get("op")
            if op == "read":
                name, level, index = _parse_read(msg, child)
                try:
                    value = oracle.read(name, level, index)
                except NotIndistinguishable:  # the adversary's own failure: abandon the run, re-raise here
                    self._abort(child)
                    raise
                except (BudgetExceeded, InvalidArgument, UnexpectedQuery) as exc:
                    child.send({"op": "raise", "type": type(exc).__name__, "message": str(exc)})
                    continue
                child.send({"op": "answer", "value": value})
            elif op == "done":
                output = msg.get("output")
                if not isinstance(output, list):
                    raise AlgorithmError("protocol violation by the child: output is not a list")
                try:
                    values = _decode_output(output)
                    y_test = getattr(oracle.problem, "y_test", None)
                    return values if y_test is None else _PredictorAtTest(values, y_test)
                except (InvalidArgument, ValueError, TypeError, ZeroDivisionError, KeyError, RecursionError) as exc:
                    raise AlgorithmError(f"malformed output from the child: {exc}") from None
            elif op == "nh":
                raise BudgetExceeded(str(msg.get("reason", "")))
            elif op == "error":
                raise AlgorithmError(str(msg.get("reason", "")))
            else:
                child.kill()
                raise AlgorithmError(f"protocol violation by the child: unexpected message op={op!r}")

    def _abort(self, child: _Child) -> None:
        child.send({"op": "abort"})
        try:
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
        raise AlgorithmError(f"protocol violation by the child: malformed read {msg!r:.200}")
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


_RATIONAL = re.compile(r"-?[0-9]{1,20000}(/[0-9]{1,20000})?")


def _decode_output(items: list[Any]) -> tuple[Any, ...]:
    """Exact numbers from the child's JSON, parsed strictly: rationals must read ``p`` or ``p/q``
    (no decimal exponents, which could make the parent build 10^(10^9)), radicands must be > 0,
    and radicals are rebuilt here, once per serialised id (nothing from the child is trusted to
    name a radical of this process)."""
    memo: dict[str, Radical] = {}
    return tuple(_decode_number(v, memo, 0) for v in items)


def _decode_number(d: Any, memo: dict[str, Radical], depth: int) -> Any:
    if isinstance(d, str):
        if not _RATIONAL.fullmatch(d):
            raise InvalidArgument(f"{d!r:.50} is not an exact rational 'p' or 'p/q'")
        return Fraction(d)
    if depth > 32 or not isinstance(d, dict) or set(d) != {"a", "b", "r", "id"} or not str(d["id"]).isdigit():
        raise InvalidArgument(f"{d!r:.80} is not a serialised exact number")
    rank = str(d["id"])
    if rank not in memo:
        radicand = _decode_number(d["r"], memo, depth + 1)
        if sign(radicand) <= 0:
            raise InvalidArgument("a radicand is not > 0")
        memo[rank] = Radical(radicand)
    a, b = _decode_number(d["a"], memo, depth + 1), _decode_number(d["b"], memo, depth + 1)
    return a + b * ExactReal(Fraction(0), Fraction(1), memo[rank])
