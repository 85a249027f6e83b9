"""The one resolver of user algorithm specs: ``MODULE:FUNCTION``, ``FILE.py:FUNCTION``.

Why a single resolver (PNAS 2022 SI §2; Bastounis–Hansen–Vlačić Def 9.3): an algorithm may depend
only on the oracle answers it asked for, and the process that decides verdicts must hold the hidden
inputs untouched. Importing the user's module there lets module-level code rewrite the harness, so
resolution is split in two:

- :func:`parse_spec` is *syntax only* and safe in the parent: it never imports, executes or calls
  anything the user wrote. It splits the spec, classifies it (built-in name, module, file) and makes
  a file path absolute.
- The parent may read a ``.py`` file's source, or a package's, as **bytes** (reading is not
  running), so that a child that dropped to an unprivileged uid needs no read access to the user's
  directory. That read is data handling under rules (:func:`read_user_file`), because the parent
  may be root: only regular files inside the package directory, opened with ``O_NOFOLLOW`` and
  ``O_NONBLOCK`` (no symbolic link out, no FIFO, no device), owned like the package directory or
  readable by anyone (never a file the sandboxed child could not have read itself), a total size
  cap and a deadline that starts before the first read.
- :func:`load_spec` runs *only in the sandboxed child* (:mod:`sci_oracle.harness.isolation`): it
  imports the module (or compiles the source bytes handed over by the parent) and returns the
  named object. Its errors are :class:`~sci_oracle.core.errors.InvalidArgument` naming the
  parameter; the child sends them back as a ``load`` reply, which the CLI turns into exit code 2.

Accepted forms: ``name`` (a built-in, see :mod:`sci_oracle.algorithms.builtin`),
``pkg.module:attr``, ``path/to/file.py:attr``, ``./file.py:attr``, paths with spaces, and
Windows-style drive letters (the *last* colon separates the attribute).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from dataclasses import dataclass
from typing import Any

from sci_oracle.core.errors import InvalidArgument

__all__ = [
    "MAX_BUNDLE_FILES",
    "MAX_SOURCE_BYTES",
    "AlgorithmSpec",
    "install_bundle",
    "load_spec",
    "parse_spec",
    "read_user_file",
    "source_bundle",
]

MAX_SOURCE_BYTES = 16 << 20  # source bytes of one spec in all (file or package): it is sent over a pipe
MAX_BUNDLE_FILES = 2000  # .py files of one package
MAX_SCANNED = 20_000  # directory entries looked at while collecting a package (a huge tree is refused)
READ_TIMEOUT = 60.0  # seconds for reading a spec's source when the caller gives no deadline
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

    def read_source(self, deadline: float | None = None) -> bytes:
        """The ``.py`` file's bytes, read in the parent *without executing them* under the rules of
        :func:`read_user_file` (the file itself must not be a symbolic link), so the child can
        compile them even when it cannot open the file itself. Errors name the param."""
        if self.kind != FILE:
            raise InvalidArgument(f"{self.param}={self.text!r}: only a FILE.py:FUNCTION spec has a source file")
        folder, name = os.path.split(self.target)
        dir_fd = self._open_folder(folder)
        try:
            owner = os.fstat(dir_fd).st_uid
            return read_user_file(dir_fd, name, self, owner, _deadline(deadline), MAX_SOURCE_BYTES, self.target)
        finally:
            os.close(dir_fd)

    def inside_package(self) -> bool:
        """The file lies in the package directory ``cwd`` or below it (judged on the path's text)."""
        base = os.path.abspath(self.cwd or os.getcwd())
        return os.path.commonpath([base, self.target]) == base

    def _open_folder(self, folder: str) -> int:
        """A descriptor of the file's directory, every component below the package directory
        (or below ``/`` for a file outside it) opened with ``O_NOFOLLOW``: a symbolic link to a
        directory (``lib -> /root/private``) is refused, never followed by a root parent. The
        package directory itself is the user's working directory, taken as it is."""
        where = f"{self.param}={self.text!r} is invalid"
        base = os.path.abspath(self.cwd or os.getcwd()) if self.inside_package() else os.sep
        try:
            fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as exc:
            raise InvalidArgument(f"{where}: cannot read the directory {base} ({exc.strerror})") from None
        walked = base
        for part in [p for p in os.path.relpath(folder, base).split(os.sep) if p not in ("", ".")]:
            walked = os.path.join(walked, part)
            try:
                nxt = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=fd)
            except OSError as exc:
                linked = _lstat(part, fd)
                os.close(fd)
                if linked is not None and stat.S_ISLNK(linked.st_mode):
                    raise InvalidArgument(
                        f"{where}: {walked} is a symbolic link; the sandbox ships only regular files reached "
                        "without a link (name the real path instead)"
                    ) from None
                if isinstance(exc, FileNotFoundError):
                    raise InvalidArgument(f"{where}: file {self.target} does not exist") from None
                raise InvalidArgument(f"{where}: cannot read {walked} ({exc.strerror})") from None
            os.close(fd)
            fd = nxt
        return fd

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


def _deadline(deadline: float | None) -> float:
    return time.monotonic() + READ_TIMEOUT if deadline is None else deadline


def read_user_file(
    dir_fd: int, name: str, spec: AlgorithmSpec, owner: int, deadline: float, room: int, shown: str | None = None
) -> bytes:
    """The bytes of the regular file ``name`` in the directory ``dir_fd``, read for the sandboxed
    child by a parent that may be root, so only what the child could have read itself:

    - opened with ``O_NOFOLLOW | O_NONBLOCK``: a symbolic link (to ``/proc/self/environ``, to a
      root-only file) is refused, and a FIFO cannot block the open; ``fstat`` must then say
      *regular file* (no FIFO, device or socket);
    - as root, the file must be owned by ``owner`` (the package directory's owner) or readable by
      anyone: a hard link to another user's private file is refused;
    - at most ``room`` bytes, and not after ``deadline`` (``time.monotonic()``).

    Errors are InvalidArgument naming the spec's parameter and the file (``shown``, default ``name``)."""
    where = f"{spec.param}={spec.text!r} is invalid"
    shown = shown or name
    if time.monotonic() > deadline:
        raise InvalidArgument(f"{where}: reading its source took longer than the timeout (a huge or slow tree?)")
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(name, flags, dir_fd=dir_fd)
    except FileNotFoundError:
        raise InvalidArgument(f"{where}: file {shown} does not exist") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InvalidArgument(
                f"{where}: {shown} is a symbolic link; the sandbox ships only regular files inside the package "
                "directory (name the link's target instead)"
            ) from None
        raise InvalidArgument(f"{where}: cannot read {shown} ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file (a FIFO, device or socket)"
            raise InvalidArgument(f"{where}: {shown} is {kind}")
        if os.geteuid() == 0 and st.st_uid != owner and not st.st_mode & stat.S_IROTH:
            raise InvalidArgument(
                f"{where}: {shown} belongs to uid {st.st_uid}, not to the owner of its directory, and only its "
                "owner may read it: the sandboxed child could not read it itself, so it is not shipped"
            )
        if st.st_size > room:
            raise InvalidArgument(f"{where}: its source exceeds the cap of MAX_SOURCE_BYTES={MAX_SOURCE_BYTES} bytes")
        chunks, got = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, room + 1 - got))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            got += len(chunk)
            if got > room:  # it grew while being read
                raise InvalidArgument(
                    f"{where}: its source exceeds the cap of MAX_SOURCE_BYTES={MAX_SOURCE_BYTES} bytes"
                )
            if time.monotonic() > deadline:
                raise InvalidArgument(f"{where}: reading its source took longer than the timeout")
    finally:
        os.close(fd)


def source_bundle(spec: AlgorithmSpec, deadline: float | None = None) -> dict[str, tuple[str, bytes, bool]]:
    """For a ``MODULE:FUNCTION`` found in the current directory: its sources as bytes, read here
    *without executing anything* (a package: every ``.py`` under it, through directory descriptors
    that never follow a symbolic link), keyed by module name, as ``(path, source, is_package)``,
    each file read by :func:`read_user_file`. The child imports them from memory, so it needs no
    read access to a private directory after dropping root. Empty when the module is not in
    ``spec.cwd``. At most MAX_BUNDLE_FILES files and MAX_SOURCE_BYTES bytes in all."""
    if spec.kind != MODULE:
        return {}
    end = _deadline(deadline)
    top = spec.target.split(".")[0]
    out: dict[str, tuple[str, bytes, bool]] = {}
    total = 0
    where = f"{spec.param}={spec.text!r} is invalid"

    def add(dir_fd: int, owner: int, module: str, fn: str, path: str, is_package: bool) -> None:
        nonlocal total
        if len(out) >= MAX_BUNDLE_FILES:
            raise InvalidArgument(f"{where}: package {top} has more than MAX_BUNDLE_FILES={MAX_BUNDLE_FILES} files")
        data = read_user_file(dir_fd, fn, spec, owner, end, MAX_SOURCE_BYTES - total, os.path.relpath(path, spec.cwd))
        total += len(data)
        out[module] = (path, data, is_package)

    try:
        cwd_fd = os.open(spec.cwd or ".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise InvalidArgument(f"{where}: cannot read the directory {spec.cwd} ({exc.strerror})") from None
    try:
        top_st = _lstat(top, cwd_fd)
        if top_st is not None and stat.S_ISLNK(top_st.st_mode):
            raise InvalidArgument(
                f"{where}: {top} in {spec.cwd} is a symbolic link; the sandbox ships only regular files inside the "
                "package directory"
            )
        if top_st is not None and stat.S_ISDIR(top_st.st_mode) and _lstat(os.path.join(top, "__init__.py"), cwd_fd):
            scanned = 0
            # fwalk: directory descriptors, and symbolic links to directories are never followed
            for root, dirs, files, root_fd in os.fwalk(top, dir_fd=cwd_fd, follow_symlinks=False):
                scanned += len(dirs) + len(files)
                if scanned > MAX_SCANNED:
                    raise InvalidArgument(f"{where}: package {top} holds more than {MAX_SCANNED} directory entries")
                owner = os.fstat(root_fd).st_uid
                dirs[:] = sorted(
                    d for d in dirs if _IDENT.fullmatch(d) and _lstat(os.path.join(d, "__init__.py"), root_fd)
                )
                rel = root.replace(os.sep, ".")
                for fn in sorted(files):
                    if fn == "__init__.py":
                        add(root_fd, owner, rel, fn, os.path.join(spec.cwd, root, fn), True)
                    elif fn.endswith(".py") and _IDENT.fullmatch(fn[:-3]):
                        add(root_fd, owner, f"{rel}.{fn[:-3]}", fn, os.path.join(spec.cwd, root, fn), False)
        elif _lstat(top + ".py", cwd_fd) is not None:
            add(cwd_fd, os.fstat(cwd_fd).st_uid, top, top + ".py", os.path.join(spec.cwd, top + ".py"), False)
    except OSError as exc:
        raise InvalidArgument(f"{where}: cannot read its source ({exc.strerror or exc})") from None
    finally:
        os.close(cwd_fd)
    return out


def _lstat(path: str, dir_fd: int) -> os.stat_result | None:
    try:
        return os.stat(path, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        return None


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
