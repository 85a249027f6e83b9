"""The one resolver of user algorithm specs: ``MODULE:FUNCTION``, ``FILE.py:FUNCTION``.

Why a single resolver (PNAS 2022 SI §2; Bastounis–Hansen–Vlačić Def 9.3): an algorithm may depend
only on the oracle answers it asked for, and the process that decides verdicts must hold the hidden
inputs untouched. Importing the user's module there lets module-level code rewrite the harness, so
resolution is split in two:

- :func:`parse_spec` is *syntax only* and safe in the parent: it never imports, executes or calls
  anything the user wrote. It splits the spec, classifies it (built-in name, module, file) and makes
  a file path absolute. A ``.py`` file's source may be read as bytes (reading is not running).
- :func:`load_spec` runs *only in the sandboxed child* (:mod:`sci_oracle.harness.isolation`): it
  imports the module (or compiles the source bytes handed over by the parent, so a child that has
  dropped to an unprivileged uid needs no read access to the user's directory) and returns the
  named object. Its errors are :class:`~sci_oracle.core.errors.InvalidArgument` naming the
  parameter; the child sends them back as a ``load`` reply, which the CLI turns into exit code 2.

Accepted forms: ``name`` (a built-in, see :mod:`sci_oracle.algorithms.builtin`),
``pkg.module:attr``, ``path/to/file.py:attr``, ``./file.py:attr``, paths with spaces, and
Windows-style drive letters (the *last* colon separates the attribute).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from sci_oracle.core.errors import InvalidArgument

__all__ = ["MAX_SOURCE_BYTES", "AlgorithmSpec", "install_bundle", "load_spec", "parse_spec", "source_bundle"]

MAX_SOURCE_BYTES = 16 << 20  # a user source file larger than this is refused (it is sent over a pipe)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BUILTIN = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")

BUILTIN, MODULE, FILE = "builtin", "module", "file"


@dataclass(frozen=True)
class AlgorithmSpec:
    """A parsed spec: plain data, safe to pickle to the child and to print.

    ``kind`` is ``"builtin"``, ``"module"`` or ``"file"``; ``target`` the built-in name, the dotted
    module name or the absolute ``.py`` path; ``attr`` the attribute (None for a built-in);
    ``text`` the spec as the user wrote it; ``cwd`` the directory a module is imported from.
    """

    kind: str
    target: str
    attr: str | None
    text: str
    param: str = "algorithm"
    cwd: str = ""

    def read_source(self) -> bytes:
        """The ``.py`` file's bytes, read in the parent *without executing them*, so the child can
        compile them even when it cannot open the file itself (uid 65534). Errors name the param."""
        if self.kind != FILE:
            raise InvalidArgument(f"{self.param}={self.text!r}: only a FILE.py:FUNCTION spec has a source file")
        try:
            size = os.path.getsize(self.target)
            if size > MAX_SOURCE_BYTES:
                raise InvalidArgument(
                    f"{self.param}={self.text!r} is invalid: {self.target} has {size} bytes, "
                    f"more than the cap of {MAX_SOURCE_BYTES}"
                )
            with open(self.target, "rb") as f:
                return f.read(MAX_SOURCE_BYTES + 1)
        except FileNotFoundError:
            raise InvalidArgument(f"{self.param}={self.text!r} is invalid: file {self.target} does not exist") from None
        except IsADirectoryError:
            raise InvalidArgument(f"{self.param}={self.text!r} is invalid: {self.target} is a directory") from None
        except OSError as exc:
            raise InvalidArgument(f"{self.param}={self.text!r} is invalid: cannot read {self.target} ({exc})") from None

    def __str__(self) -> str:
        return self.text


def parse_spec(text: Any, *, param: str = "algorithm", cwd: str | None = None) -> AlgorithmSpec:
    """Classify ``text`` without importing or running anything (parent-safe).

    >>> parse_spec("zero").kind, parse_spec("pkg.mod:solve").target
    ('builtin', 'pkg.mod')
    >>> s = parse_spec("my dir/solver v2.py:solve", cwd="/home/u")
    >>> s.kind, s.target, s.attr
    ('file', '/home/u/my dir/solver v2.py', 'solve')
    """
    if not isinstance(text, str):
        raise InvalidArgument(f"{param}={text!r} is invalid: expected a string MODULE:FUNCTION or FILE.py:FUNCTION")
    if not text.strip() or "\x00" in text or len(text) > 4096:
        raise InvalidArgument(
            f"{param}={text!r:.80} is invalid: expected a non-empty MODULE:FUNCTION or FILE.py:FUNCTION "
            "(at most 4096 characters, no NUL)"
        )
    base = os.path.abspath(cwd if cwd is not None else os.getcwd())
    if ":" not in text:
        if _BUILTIN.fullmatch(text):
            return AlgorithmSpec(BUILTIN, text, None, text, param, base)
        if text.endswith(".py"):
            raise InvalidArgument(f"{param}={text!r} is invalid: name the function too, as {text}:FUNCTION")
        raise InvalidArgument(
            f"{param}={text!r} is invalid: expected a built-in name, MODULE:FUNCTION or FILE.py:FUNCTION"
        )
    target, _, attr = text.rpartition(":")
    if not _IDENT.fullmatch(attr):
        raise InvalidArgument(
            f"{param}={text!r} is invalid: {attr!r} after the last ':' must be a Python identifier (the FUNCTION)"
        )
    if target.endswith(".py") or "/" in target or os.sep in target:
        if not target.endswith(".py"):
            raise InvalidArgument(f"{param}={text!r} is invalid: a file path must end in .py (FILE.py:FUNCTION)")
        return AlgorithmSpec(FILE, os.path.normpath(os.path.join(base, target)), attr, text, param, base)
    if not _MODULE.fullmatch(target):
        raise InvalidArgument(
            f"{param}={text!r} is invalid: {target!r} is neither a dotted module name nor a path ending in .py"
        )
    return AlgorithmSpec(MODULE, target, attr, text, param, base)


MAX_BUNDLE_FILES = 2000


def source_bundle(spec: AlgorithmSpec) -> dict[str, tuple[str, bytes, bool]]:
    """For a ``MODULE:FUNCTION`` found in the current directory: its sources as bytes, read here
    *without executing anything* (a package: every ``.py`` under it), keyed by module name, as
    ``(path, source, is_package)``. The child imports them from memory, so it needs no read access
    to a private directory after dropping root. Empty when the module is not in ``spec.cwd``."""
    if spec.kind != MODULE:
        return {}
    top = spec.target.split(".")[0]
    base = os.path.join(spec.cwd, top)
    out: dict[str, tuple[str, bytes, bool]] = {}
    total = 0

    def add(name: str, path: str, is_package: bool) -> None:
        nonlocal total
        if len(out) >= MAX_BUNDLE_FILES or total > MAX_SOURCE_BYTES:
            raise InvalidArgument(
                f"{spec.param}={spec.text!r} is invalid: package {top} exceeds {MAX_BUNDLE_FILES} files or "
                f"{MAX_SOURCE_BYTES} bytes of source"
            )
        with open(path, "rb") as f:
            data = f.read(MAX_SOURCE_BYTES + 1)
        total += len(data)
        out[name] = (path, data, is_package)

    try:
        if os.path.isfile(os.path.join(base, "__init__.py")):
            for root, dirs, files in os.walk(base):
                dirs[:] = sorted(
                    d for d in dirs if _IDENT.fullmatch(d) and os.path.isfile(os.path.join(root, d, "__init__.py"))
                )
                rel = os.path.relpath(root, spec.cwd).replace(os.sep, ".")
                for fn in sorted(files):
                    if fn == "__init__.py":
                        add(rel, os.path.join(root, fn), True)
                    elif fn.endswith(".py") and _IDENT.fullmatch(fn[:-3]):
                        add(f"{rel}.{fn[:-3]}", os.path.join(root, fn), False)
        elif os.path.isfile(base + ".py"):
            add(top, base + ".py", False)
    except OSError as exc:
        raise InvalidArgument(f"{spec.param}={spec.text!r} is invalid: cannot read its source ({exc})") from None
    return out


def install_bundle(bundle: dict[str, tuple[str, bytes, bool]]) -> None:
    """Child only: serve the modules of :func:`source_bundle` from memory, ahead of the file system."""
    import importlib.abc
    import importlib.util
    import sys

    if not bundle:
        return

    class _Bundle(importlib.abc.MetaPathFinder, importlib.abc.Loader):
        def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
            if fullname not in bundle:
                return None
            origin, _, is_package = bundle[fullname]
            spec = importlib.util.spec_from_loader(fullname, self, origin=origin, is_package=is_package)
            if spec is not None:
                spec.has_location = True
            return spec

        def create_module(self, spec: Any) -> None:
            return None

        def exec_module(self, module: Any) -> None:
            origin, source, _ = bundle[module.__name__]
            module.__file__ = origin
            _remember_source(origin, source)
            exec(compile(source, origin, "exec"), module.__dict__)

    sys.meta_path.insert(0, _Bundle())


def _remember_source(path: str, source: bytes) -> None:
    """Child only: the source as shipped, for the lines of the user's frames in a traceback (the
    child may not be able to read the file itself)."""
    import linecache

    text = source.decode("utf-8", "replace")
    linecache.cache[path] = (len(text), None, text.splitlines(True), path)


def load_spec(spec: AlgorithmSpec | str, *, source: bytes | None = None) -> Any:
    """The object a spec names. **Child only**: this executes the user's module.

    ``source`` is the ``.py`` file's bytes as read by the parent (:meth:`AlgorithmSpec.read_source`);
    without it the file is read here. Built-in names resolve through
    :func:`sci_oracle.algorithms.builtin.builtin`.
    """
    import difflib
    import importlib
    import sys
    import types

    if isinstance(spec, str):
        spec = parse_spec(spec)
    if spec.kind == BUILTIN:
        from sci_oracle.algorithms.builtin import builtin

        return builtin(spec.target)
    if spec.kind == FILE:
        code_bytes = source if source is not None else spec.read_source()
        name = re.sub(r"\W", "_", os.path.splitext(os.path.basename(spec.target))[0]) or "user_module"
        module = types.ModuleType(name)
        module.__file__ = spec.target
        sys.modules[name] = module  # dataclasses and pickling look the module up by name
        _remember_source(spec.target, code_bytes)
        try:
            code = compile(code_bytes, spec.target, "exec")
        except SyntaxError as exc:
            raise InvalidArgument(
                f"{spec.param}={spec.text!r} is invalid: {spec.target} does not compile ({exc})"
            ) from None
        exec(code, module.__dict__)
        where = spec.target
    else:
        if spec.cwd and spec.cwd not in sys.path:
            sys.path.insert(0, spec.cwd)
        try:
            module = importlib.import_module(spec.target)
        except ImportError as exc:
            raise InvalidArgument(
                f"{spec.param}={spec.text!r} is invalid: cannot import {spec.target!r} ({exc})"
            ) from None
        where = spec.target
    if not hasattr(module, spec.attr):  # type: ignore[arg-type]
        close = difflib.get_close_matches(spec.attr, [n for n in dir(module) if not n.startswith("_")], n=1)  # type: ignore[arg-type]
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise InvalidArgument(f"{spec.param}={spec.text!r} is invalid: {where} has no attribute {spec.attr!r}{hint}")
    return getattr(module, spec.attr)  # type: ignore[arg-type]
