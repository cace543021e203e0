"""Files and standard streams, read within a bound and written whole or not at all.

`read_bounded` reads at most `limit + 1` bytes, so a huge file, a pipe or a device such as
/dev/zero costs no more than the limit. `write_atomic` writes a sibling temporary file, syncs it
and renames it over the target, keeping the target's mode (and owner, where allowed): a full
disk, a signal or a crash leaves the old file intact. `standard_input` refuses a closed stdin.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

STDIN = "-"  # the path that names standard input
STDIN_NAME = "<stdin>"  # how standard input is shown where no name is given


class ClosedStream(OSError):
    """A standard stream that the process was started without."""


def standard_input() -> BinaryIO:
    """The binary standard input; `ClosedStream` when the process has none (`<&-`)."""
    if sys.stdin is None or sys.stdin.closed:
        raise ClosedStream("standard input is closed")
    return sys.stdin.buffer


def read_bounded(source: str | Path | BinaryIO, limit: int) -> bytes:
    """At most `limit + 1` bytes of a path or an open binary stream (more means: too large)."""
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            return handle.read(limit + 1)
    return source.read(limit + 1)


def _new_file_mode() -> int:
    """The mode `open()` would give a new file: 0o666 less the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str | Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) in one step; on any failure the file is unchanged.

    A symbolic link is followed: the file it points to is replaced and the link stays a link.
    """
    target = Path(os.path.realpath(path))
    status = target.stat() if target.exists() else None  # a new file gets the umask's mode
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _new_file_mode() if status is None else status.st_mode & 0o7777)
        if status is not None and hasattr(os, "chown"):
            with contextlib.suppress(PermissionError):
                os.chown(temporary, status.st_uid, status.st_gid)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
