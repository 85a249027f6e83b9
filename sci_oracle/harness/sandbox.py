"""The operating-system layers around the isolated child (Linux; detected at run time, never assumed).

Why (PNAS 2022 SI §2; Bastounis–Hansen–Vlačić Def 9.3): the barrier judges an algorithm only by what
it does with oracle answers. A separate interpreter (:mod:`sci_oracle.harness.isolation`) hides the
input from Python introspection, but a child running as the same user can still read or write the
parent through ``/proc/<ppid>/mem``, signal it, or leave a grandchild behind that edits the report.
So each layer below is applied *before* the user's module is loaded, and each one that is in force,
or the reason it is not, is recorded as ``isolation: {...}`` in the report:

- ``dumpable``: the parent calls ``prctl(PR_SET_DUMPABLE, 0)``: it cannot be ptraced, and its
  ``/proc/<pid>/mem`` is closed to processes of the same uid;
- ``session``: the child leads its own session and process group; the parent kills the whole group
  (and any process still carrying the run's token in its environment) at timeout and at the end;
- ``no_new_privs`` and ``rlimits`` (address space, CPU, file size, open files, processes, core);
- ``uid``: run as root, the child drops to uid/gid 65534 (``nobody``), so it can neither signal nor
  read the root parent nor write the parent's files; paths it needs and cannot read any more are
  reached through directory descriptors opened before the drop, and a ``FILE.py`` source is read by
  the parent as bytes (:mod:`sci_oracle.harness.specs`);
- ``namespaces``: new network namespace (no network) and mount namespace with the whole file system
  read-only except the child's private temporary directory: as root directly, otherwise inside an
  unprivileged user namespace where the kernel allows one;
- ``seccomp``: through ``pyseccomp`` (libseccomp) when installed: ``ptrace``,
  ``process_vm_readv/writev``, signals to any other process (``kill``, ``tgkill`` but to itself;
  ``tkill``, ``pidfd_*``), leaving the process group (``setsid``,
  ``setpgid``), new sockets, namespace and mount changes all fail with ``EPERM``.

The parent re-reads ``/proc/<child>/status`` (uid, NoNewPrivs, Seccomp) after the child reports its
layers, so the record does not rest on the child's word (it is sent before user code runs anyway).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import signal
import sys
from typing import Any

__all__ = [
    "NOBODY",
    "apply_child_layers",
    "harden_parent",
    "kill_group",
    "parent_view",
    "sweep_token",
    "tighten_memory",
]

NOBODY = 65534
_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE, _PR_SET_NO_NEW_PRIVS = 1, 4, 38
_CLONE_NEWNS, _CLONE_NEWUSER, _CLONE_NEWNET = 0x00020000, 0x10000000, 0x40000000
_MS_RDONLY, _MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 1, 32, 4096, 16384, 1 << 18
_SYS_MOUNT_SETATTR, _AT_RECURSIVE, _MOUNT_ATTR_RDONLY = 442, 0x8000, 1

_libc: Any = None


def _lib() -> Any:
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return _libc


def _call(fn: str, *args: Any) -> None:
    if getattr(_lib(), fn)(*args) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"{fn}: {os.strerror(e)}")


# --------------------------------------------------------------------------- parent side
def harden_parent() -> str:
    """``PR_SET_DUMPABLE=0`` on this (the verdict-deciding) process; returns what happened."""
    if not sys.platform.startswith("linux"):
        return f"unavailable: {sys.platform} has no prctl"
    try:
        _call("prctl", _PR_SET_DUMPABLE, 0, 0, 0, 0)
        return "on"
    except OSError as exc:  # pragma: no cover - prctl(DUMPABLE) does not fail on Linux
        return f"unavailable: {exc}"


def kill_group(pgid: int) -> None:
    """SIGKILL the child's whole process group (grandchildren included)."""
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        os.killpg(pgid, signal.SIGKILL)


def sweep_token(token: str) -> int:
    """SIGKILL every process whose environment carries ``token`` (descendants that left the group
    where seccomp could not stop them). Returns how many were killed."""
    needle = f"SCI_ORACLE_SANDBOX_TOKEN={token}".encode()
    killed = 0
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return 0
    for pid in pids:
        if pid == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                env = f.read(1 << 16)
        except OSError:
            continue
        if needle in env.split(b"\0"):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                killed += 1
    return killed


def parent_view(pid: int) -> dict[str, Any]:
    """What ``/proc/<pid>/status`` says about the child's uid, no_new_privs and seccomp mode."""
    out: dict[str, Any] = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, val = line.partition(":")
                if key in ("Uid", "NoNewPrivs", "Seccomp"):
                    out[key] = val.split()[0] if key == "Uid" else val.strip()
    except OSError as exc:
        out["error"] = str(exc)
    return out


# --------------------------------------------------------------------------- child side
def apply_child_layers(cfg: dict[str, Any]) -> dict[str, Any]:  # pragma: no cover - runs in the child
    """Apply every available layer in the child, before any user code; returns the record.

    ``cfg``: ``memory_mb`` (extra address space, or None), ``cpu_seconds``, ``tmpdir`` (private,
    writable), ``paths`` (sys.path the child needs), ``nproc``, ``seccomp`` (bool).
    """
    rec: dict[str, Any] = {"platform": sys.platform}
    linux = sys.platform.startswith("linux")
    rec["session"] = "on" if os.getsid(0) == os.getpid() else "off: not a session leader"
    root = os.geteuid() == 0
    tmpdir = cfg["tmpdir"]
    keep_fds = _open_path_fds(cfg["paths"]) if root else {}
    rec["namespaces"] = _namespaces(root, tmpdir) if linux and cfg.get("namespaces", True) else "off"
    rec["rlimits"] = _rlimits(cfg)
    if root:
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            rec["uid"] = f"dropped to {NOBODY}:{NOBODY}"
        except OSError as exc:
            rec["uid"] = f"failed to drop root: {exc}"
            raise SystemExit(f"sandbox: cannot drop root privileges: {exc}") from None
    else:
        rec["uid"] = f"unchanged ({os.geteuid()}; not root)"
    _reach_paths(keep_fds)
    rec["parent_death"] = _parent_death(cfg.get("parent_pid"))
    os.chdir(tmpdir)
    os.environ.update(HOME=tmpdir, TMPDIR=tmpdir)
    try:
        _call("prctl", _PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        rec["no_new_privs"] = "on"
    except (OSError, AttributeError) as exc:
        rec["no_new_privs"] = f"unavailable: {exc}"
    rec["seccomp"] = _seccomp() if linux and cfg.get("seccomp", True) else "off"
    return rec


def _parent_death(parent_pid: int | None) -> str:  # pragma: no cover - child only
    """SIGKILL this child if the parent dies abruptly (set after the uid drop, which clears it)."""
    try:
        _call("prctl", _PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError) as exc:
        return f"unavailable: {exc}"
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(0)  # the parent is already gone
    return "on (SIGKILL when the parent dies)"


def _open_path_fds(paths: list[str]) -> dict[str, int]:  # pragma: no cover - child only
    """Directory descriptors for sys.path entries, opened while still root (see _reach_paths)."""
    fds = {}
    for p in paths:
        with contextlib.suppress(OSError):
            fds[p] = os.open(p, os.O_RDONLY | os.O_DIRECTORY)
    return fds


def _reach_paths(fds: dict[str, int]) -> None:  # pragma: no cover - child only
    """After the uid drop: a sys.path entry the child can no longer read (a 0700 home holding the
    interpreter, say) is replaced by ``/proc/self/fd/N`` of its descriptor, in ``sys.path`` and in
    the ``__path__`` of packages already imported; the other descriptors are closed."""
    moved: dict[str, str] = {}
    for p, fd in fds.items():
        if os.access(p, os.R_OK | os.X_OK):
            os.close(fd)
        else:
            moved[p] = f"/proc/self/fd/{fd}"
    if not moved:
        return

    def relocate(entry: str) -> str:
        for old, new in moved.items():
            if entry == old or entry.startswith(old + os.sep):
                return new + entry[len(old) :]
        return entry

    sys.path[:] = [relocate(p) for p in sys.path]
    for mod in list(sys.modules.values()):
        path = getattr(mod, "__path__", None)
        if isinstance(path, list):
            path[:] = [relocate(p) if isinstance(p, str) else p for p in path]
    sys.path_importer_cache.clear()


IMPORT_ALLOWANCE = 4 << 30  # address space for loading the user's module, on top of memory_mb


def _mapped() -> int:
    with contextlib.suppress(OSError, ValueError), open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    return 0


def tighten_memory(memory_mb: int | None) -> int | None:  # pragma: no cover - child only
    """After the load: cap the address space at what is mapped now plus ``memory_mb``, so the
    limit is about what the algorithm allocates (lowering a limit needs no privilege)."""
    if memory_mb is None:
        return None
    try:
        import resource

        limit = _mapped() + (int(memory_mb) << 20)
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        return limit
    except (ImportError, ValueError, OSError):
        return None


def _rlimits(cfg: dict[str, Any]) -> dict[str, Any]:  # pragma: no cover - child only
    try:
        import resource
    except ImportError:
        return {"status": "unavailable: no resource module"}
    out: dict[str, Any] = {}
    limits = {
        "RLIMIT_CPU": cfg.get("cpu_seconds"),
        "RLIMIT_FSIZE": 64 << 20,
        "RLIMIT_NOFILE": 256,
        "RLIMIT_NPROC": cfg.get("nproc"),
        "RLIMIT_CORE": 0,
    }
    if cfg.get("memory_mb") is not None:  # imports (numpy, torch) may map a lot: tightened after the load
        limits["RLIMIT_AS"] = _mapped() + (int(cfg["memory_mb"]) << 20) + IMPORT_ALLOWANCE
    for name, value in limits.items():
        if value is None or not hasattr(resource, name):
            continue
        try:
            resource.setrlimit(getattr(resource, name), (int(value), int(value)))
            out[name[7:].lower()] = int(value)
        except (ValueError, OSError) as exc:
            out[name[7:].lower()] = f"unavailable: {exc}"
    return out


def _namespaces(root: bool, tmpdir: str) -> dict[str, str]:  # pragma: no cover - child only
    """Network and mount namespaces (the file system read-only except ``tmpdir``)."""
    out: dict[str, str] = {}
    lib = _lib()
    if not root:
        uid, gid = os.getuid(), os.getgid()
        try:
            # the maps below are /proc/self files: writable only while dumpable (the parent is not)
            _call("prctl", _PR_SET_DUMPABLE, 1, 0, 0, 0)
            _call("unshare", _CLONE_NEWUSER)
            for path, text in (
                ("/proc/self/setgroups", "deny"),
                ("/proc/self/uid_map", f"{uid} {uid} 1"),
                ("/proc/self/gid_map", f"{gid} {gid} 1"),
            ):
                with open(path, "w") as f:
                    f.write(text)
            out["user"] = "on (unprivileged user namespace)"
        except OSError as exc:
            out["user"] = f"unavailable: {exc}"
            with contextlib.suppress(OSError):
                _call("prctl", _PR_SET_DUMPABLE, 0, 0, 0, 0)
            out["net"] = out["mount"] = "unavailable: needs root or a user namespace"
            return out
    else:
        out["user"] = "not needed (root drops to nobody)"
    try:
        _call("unshare", _CLONE_NEWNET)
        out["net"] = "on (no network)"
    except OSError as exc:
        out["net"] = f"unavailable: {exc}"
    try:
        _call("unshare", _CLONE_NEWNS)
        _call("mount", None, b"/", None, _MS_REC | _MS_PRIVATE, None)
        _call("mount", tmpdir.encode(), tmpdir.encode(), None, _MS_BIND, None)

        class _Attr(ctypes.Structure):
            _fields_ = [
                ("set", ctypes.c_uint64),
                ("clr", ctypes.c_uint64),
                ("prop", ctypes.c_uint64),
                ("userns", ctypes.c_uint64),
            ]

        attr = _Attr(_MOUNT_ATTR_RDONLY, 0, 0, 0)
        res = lib.syscall(_SYS_MOUNT_SETATTR, -100, b"/", _AT_RECURSIVE, ctypes.byref(attr), ctypes.sizeof(attr))
        if res != 0:
            e = ctypes.get_errno()
            raise OSError(e, f"mount_setattr: {os.strerror(e)}")
        _call("mount", None, tmpdir.encode(), None, _MS_REMOUNT | _MS_BIND, None)  # the private dir stays writable
        out["mount"] = "on (file system read-only except the private temporary directory)"
    except OSError as exc:
        out["mount"] = f"unavailable: {exc}"
    if not root:
        with contextlib.suppress(OSError):
            _call("prctl", _PR_SET_DUMPABLE, 0, 0, 0, 0)  # not ptraceable by other processes of the uid
    return out


def _seccomp() -> str:  # pragma: no cover - child only
    try:
        import pyseccomp as sc
    except ImportError:
        try:
            import seccomp as sc  # libseccomp's own bindings
        except ImportError:
            return "unavailable: install pyseccomp (pip install 'sci_oracle[sandbox]') and libseccomp"
    try:
        f = sc.SyscallFilter(defaction=sc.ALLOW)
        deny = sc.ERRNO(errno.EPERM)
        for name in (
            "ptrace",
            "process_vm_readv",
            "process_vm_writev",
            "tkill",
            "pidfd_open",
            "pidfd_getfd",
            "pidfd_send_signal",
            "rt_sigqueueinfo",
            "setsid",
            "setpgid",
            "kcmp",
            "unshare",
            "setns",
            "mount",
            "umount2",
            "pivot_root",
            "bpf",
            "perf_event_open",
            "add_key",
            "keyctl",
            "request_key",
            "mount_setattr",
            "open_tree",
            "move_mount",
            "fsopen",
            "fsmount",
        ):
            with contextlib.suppress(Exception):  # a name this libseccomp does not know
                f.add_rule(deny, name)
        f.add_rule(deny, "kill", sc.Arg(0, sc.NE, os.getpid()))  # only itself
        f.add_rule(deny, "tgkill", sc.Arg(0, sc.NE, os.getpid()))  # only itself (raise, abort)
        f.add_rule(deny, "rt_tgsigqueueinfo", sc.Arg(0, sc.NE, os.getpid()))
        f.add_rule(deny, "socket", sc.Arg(0, sc.NE, 1))  # AF_UNIX only (inside a new net namespace)
        f.load()
        return "on (ptrace, process_vm_*, signals outside the sandbox, setsid/setpgid, sockets, mounts denied)"
    except Exception as exc:
        return f"unavailable: {type(exc).__name__}: {exc}"
