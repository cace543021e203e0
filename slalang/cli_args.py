"""What several `slalang` commands take: shared click options, contract paths, reading contracts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from slalang.files import STDIN, STDIN_NAME, read_bounded, standard_input

if TYPE_CHECKING:
    from slalang.loader import ParseResult

CONTRACT_SUFFIX = ".sla"

Command = TypeVar("Command", bound=Callable[..., Any])

PATHS = click.argument("paths", nargs=-1, required=True)
STDIN_FILENAME = click.option("--stdin-filename", help="The name to show for '-' (standard input).")
ASSUME_TZ = click.option("--assume-tz", help="The zone of times written without an offset.")


def format_option(
    *choices: str, default: str | None = None, description: str | None = None
) -> Callable[[Command], Command]:
    """`--format`, given to the command as `output` (configuration files say `format`)."""
    return click.option(
        "--format",
        "output",
        type=click.Choice(choices),
        default=default,
        show_default=default is not None,
        help=description,
    )


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files as given, and `*.sla` files below directories, sorted; '-' stays as is."""
    from slalang.outcome import UsageFailure  # the commands' modules load on use: start-up time

    out: list[str] = []
    for raw in paths:
        if raw == STDIN:
            out.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(str(p) for p in path.rglob(f"*{CONTRACT_SUFFIX}") if p.is_file())
            if not found:
                raise UsageFailure(f"{raw}: no {CONTRACT_SUFFIX} files in this directory")
            out.extend(found)
        elif path.is_file():
            out.append(raw)
        elif path.exists():
            raise UsageFailure(f"{raw}: not a regular file")
        else:
            raise UsageFailure(f"{raw}: no such file or directory")
    return out


def read_contract(
    path: str, stdin_filename: str | None = None, *, stdin: bool = True
) -> ParseResult:
    """The contract at `path`; '-' is standard input, shown as `stdin_filename`.

    `stdin=False` reads '-' as a file name (what `evaluate` has always done). A file that
    cannot be read is a `UsageFailure`.
    """
    from slalang.loader import MAX_BYTES, load, loads_bytes
    from slalang.outcome import UsageFailure

    try:
        if stdin and path == STDIN:
            data = read_bounded(standard_input(), MAX_BYTES)
            return loads_bytes(data, stdin_filename or STDIN_NAME)
        return load(path)
    except OSError as exc:
        raise UsageFailure(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_contracts(
    paths: Sequence[str], stdin_filename: str | None
) -> list[tuple[str, ParseResult]]:
    """Each contract `paths` name (directories expanded) with its path, all read before any output."""
    return [(path, read_contract(path, stdin_filename)) for path in expand_paths(paths)]
