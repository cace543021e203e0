"""The `slalang` command: thin wrappers that parse options, call the library and pick an exit code.

Exit codes, the same for every command: 0 success, 1 findings (diagnostics at or above the
threshold, a file `fmt --check` would change), 2 usage error or input that cannot be used.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from slalang import __version__
from slalang.config import RULES_TABLE, ConfigError, default_map, find_config
from slalang.diagnostics import Diagnostic, Severity
from slalang.evaluate.engine import evaluate as evaluate_contract
from slalang.evaluate.examples import run_examples
from slalang.evaluate.inputs import EvaluationError
from slalang.evaluate.options import as_of_instant, files_sha256, period_spec
from slalang.fmt import dumps
from slalang.importers import FORMATS, ImportFailure, import_files, load_mapping, to_json_line
from slalang.lint import SettingsError, all_rules, find_rule, make_settings
from slalang.lint import run as run_lint
from slalang.lint.docs import as_json, markdown, table
from slalang.lint.docs import explain as explain_rule
from slalang.loader import ParseResult, load, loads_bytes
from slalang.records import AnyRecord, RecordStream, iter_records
from slalang.records.errors import UNREADABLE
from slalang.render.diagnostics import render_json, render_pretty, render_text, use_colour
from slalang.render.github import render_github
from slalang.render.report import RENDERERS as REPORT_RENDERERS
from slalang.render.sarif import render_sarif
from slalang.schema import SCHEMAS, schema_text

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
CONTRACT_SUFFIX = ".sla"
STDIN = "-"


class UsageFailure(click.ClickException):
    """A one-line message and exit code 2."""

    exit_code = EXIT_USAGE

    def show(self, file: object = None) -> None:
        click.echo(f"slalang: error: {self.format_message()}", err=True)


def fail(message: str) -> NoReturn:
    raise UsageFailure(message)


@dataclass
class Outcome:
    """What a command found; it alone decides the exit code."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    changed: int = 0

    def exit_code(self, threshold: Severity = Severity.ERROR) -> int:
        failing = any(d.severity.rank >= threshold.rank for d in self.diagnostics)
        return EXIT_FINDINGS if failing or self.changed else EXIT_OK


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files as given, and `*.sla` files below directories, sorted; '-' stays as is."""
    out: list[str] = []
    for raw in paths:
        if raw == STDIN:
            out.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(str(p) for p in path.rglob(f"*{CONTRACT_SUFFIX}") if p.is_file())
            if not found:
                fail(f"{raw}: no {CONTRACT_SUFFIX} files in this directory")
            out.extend(found)
        elif path.is_file():
            out.append(raw)
        elif path.exists():
            fail(f"{raw}: not a regular file")
        else:
            fail(f"{raw}: no such file or directory")
    return out


def read_all(
    paths: Sequence[str], stdin_filename: str | None
) -> Iterator[tuple[ParseResult, bool]]:
    """Each contract's parse result, and whether it came from standard input."""
    for path in expand_paths(paths):
        if path == STDIN:
            yield loads_bytes(sys.stdin.buffer.read(), stdin_filename or "<stdin>"), True
            continue
        try:
            yield load(path), False
        except OSError as exc:
            fail(f"{path}: cannot read: {exc.strerror or exc}")


def emit_diagnostics(
    results: Sequence[ParseResult], diagnostics: list[Diagnostic], output: str | None
) -> None:
    diagnostics = sorted(diagnostics, key=lambda d: d.sort_key)
    chosen = output or ("pretty" if sys.stdout.isatty() else "text")
    if chosen == "json":
        click.echo(render_json(diagnostics, len(results)), nl=False)
    elif chosen == "pretty":
        sources = {r.path or "<stdin>": r.text for r in results}
        text = render_pretty(diagnostics, sources, use_colour(sys.stdout.isatty()))
        click.echo(text, nl=False)
    else:
        click.echo(render_text(diagnostics), nl=False)


SEVERITY_CHOICE = click.Choice([s.value for s in Severity])
LINT_FORMAT_CHOICE = click.Choice(["pretty", "text", "json", "sarif", "github"])
RULES_META = "slalang.rules"  # ctx.meta key: (config file, its [tool.slalang.rules] table)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="slalang")
@click.pass_context
def main(ctx: click.Context) -> None:
    """slalang: SLA contracts as code. Lint, format and evaluate .sla files."""
    try:
        found = find_config(Path.cwd())
    except ConfigError as exc:
        fail(str(exc))
    if found is not None:
        source, section = found
        ctx.meta[RULES_META] = (source, section.get(RULES_TABLE, {}))
        commands = {
            name: {
                flag.lstrip("-"): param.name
                for param in command.params
                if isinstance(param, click.Option) and param.name
                for flag in param.opts
                if flag.startswith("--")
            }
            for name, command in main.commands.items()
        }
        try:
            defaults = default_map(section, commands, source)
        except ConfigError as exc:
            fail(str(exc))
        for name, command in main.commands.items():
            for param in command.params:
                value = defaults[name].get(param.name or "")
                if getattr(param, "multiple", False) and isinstance(value, str):
                    defaults[name][param.name or ""] = (value,)  # `ignore = "SLA2,SLA3"`
        ctx.default_map = defaults


def _selectors(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output",
    type=LINT_FORMAT_CHOICE,
    help="Output format (default: pretty on a terminal, else text).",
)
@click.option(
    "--fail-on",
    type=SEVERITY_CHOICE,
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Run only these rules: codes, prefixes (SLA1) or names, comma-separated.",
)
@click.option(
    "--ignore", multiple=True, metavar="RULES", help="Skip these rules (same forms as --select)."
)
@click.option("--stdin-filename", help="The name to show for '-' (standard input).")
@click.pass_context
def lint(
    ctx: click.Context,
    paths: tuple[str, ...],
    output: str | None,
    fail_on: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    stdin_filename: str | None,
) -> None:
    """Check contracts: syntax, validity and the lint rules. PATH may be a directory or '-'."""
    source, config = ctx.meta.get(RULES_META, (None, {}))
    try:
        settings = make_settings(_selectors(select), _selectors(ignore), config)
    except SettingsError as exc:
        fail(f"{source}: {exc}" if str(exc).startswith("rules") else str(exc))
    results = [result for result, _ in read_all(paths, stdin_filename)]
    reports = [run_lint(result, settings) for result in results]
    outcome = Outcome([d for report in reports for d in report.diagnostics])
    ordered = sorted(outcome.diagnostics, key=lambda d: d.sort_key)
    if output == "sarif":
        click.echo(render_sarif(ordered, all_rules(), __version__, Path.cwd()), nl=False)
    elif output == "github":
        click.echo(render_github(ordered), nl=False)
    else:
        emit_diagnostics(results, ordered, output)
    counts = ", ".join(f"{sum(d.severity is s for d in ordered)} {s.value}" for s in Severity)
    suppressed = sum(report.suppressed for report in reports)
    click.echo(
        f"{len(results)} file(s) checked, {len(ordered)} finding(s) ({counts}), "
        f"{suppressed} suppressed",
        err=True,
    )
    sys.exit(outcome.exit_code(Severity(fail_on)))


@main.command()
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="markdown is docs/rules.md.",
)
def rules(output: str) -> None:
    """List the lint rules."""
    render = {"table": table, "json": as_json, "markdown": markdown}[output]
    click.echo(render(all_rules()), nl=False)


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print the documentation of one lint rule, given by code (SLA101) or name."""
    found = find_rule(rule)
    if found is None:
        fail(f"'{rule}' is not a lint rule code or name; 'slalang rules' lists them")
    click.echo(explain_rule(found), nl=False)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--check", is_flag=True, help="Change nothing; exit 1 if a file would be reformatted."
)
@click.option(
    "--diff", "show_diff", is_flag=True, help="Print a unified diff instead of writing files."
)
@click.option("--stdin-filename", help="The name to show for '-' (standard input).")
def fmt(paths: tuple[str, ...], check: bool, show_diff: bool, stdin_filename: str | None) -> None:
    """Rewrite contracts in canonical form, keeping every comment. '-' writes to stdout."""
    sources = list(read_all(paths, stdin_filename))
    outcome = Outcome()
    for result, is_stdin in sources:
        name = result.path or "<stdin>"
        problems = result.diagnostics + result.format_problems
        if result.contract is None or problems:
            outcome.diagnostics.extend(problems)
            continue
        formatted = dumps(result.contract, result.comments)
        if formatted == result.text and not result.normalised:
            if is_stdin and not (check or show_diff):
                click.echo(formatted, nl=False)
            continue
        outcome.changed += 1
        if show_diff:
            diff = difflib.unified_diff(
                result.text.splitlines(keepends=True),
                formatted.splitlines(keepends=True),
                f"{name} (original)",
                f"{name} (formatted)",
            )
            click.echo("".join(diff), nl=False)
        elif check:
            click.echo(f"would reformat {name}", err=True)
        elif is_stdin:
            click.echo(formatted, nl=False)
        else:
            Path(name).write_text(formatted, encoding="utf-8")
            click.echo(f"reformatted {name}", err=True)
    if outcome.diagnostics:
        click.echo(
            render_text(sorted(outcome.diagnostics, key=lambda d: d.sort_key)), err=True, nl=False
        )
    unchanged = len(sources) - outcome.changed
    verb = "would be reformatted" if (check or show_diff) else "reformatted"
    click.echo(f"{outcome.changed} file(s) {verb}, {unchanged} unchanged", err=True)
    if outcome.diagnostics:
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_FINDINGS if check and outcome.changed else EXIT_OK)


@main.command()
@click.argument("path")
@click.option("--format", "output", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--stdin-filename", help="The name to show for '-' (standard input).")
def parse(path: str, output: str, stdin_filename: str | None) -> None:
    """Print the contract model of PATH as JSON."""
    ((result, _),) = list(read_all([path], stdin_filename))
    if result.contract is None:
        click.echo(render_text(result.diagnostics), err=True, nl=False)
        sys.exit(EXIT_FINDINGS)
    click.echo(json.dumps(result.contract.model_dump(mode="json"), indent=2))


@main.command()
@click.argument("name", type=click.Choice(sorted(SCHEMAS)))
def schema(name: str) -> None:
    """Print the JSON Schema of NAME: records (slalang.records/v1), contract or report."""
    click.echo(schema_text(name))


@main.command("evaluate")
@click.argument("contract")
@click.argument("records", nargs=-1, required=True)
@click.option("--period", help="The period to evaluate, e.g. 2026-10 (in the contract's zone).")
@click.option("--from", "start", help="Start of a range: a month (2026-08), a date or a time.")
@click.option(
    "--to", "end", help="End of a range: a month (inclusive), a date or a time (exclusive)."
)
@click.option("--as-of", help="The evaluation time: clips ongoing outages, judges open tickets.")
@click.option("--fee", help="The fee base where no fee record matches, e.g. '20000 CNY'.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option("--fail-on-breach", is_flag=True, help="Exit 1 when an objective is missed.")
@click.option("--skip-invalid", is_flag=True, help="Evaluate without invalid records; list them.")
@click.option("--assume-tz", help="The zone of times written without an offset.")
def evaluate_command(
    contract: str,
    records: tuple[str, ...],
    period: str | None,
    start: str | None,
    end: str | None,
    as_of: str | None,
    fee: str | None,
    output: str,
    fail_on_breach: bool,
    skip_invalid: bool,
    assume_tz: str | None,
) -> None:
    """Evaluate CONTRACT on incident RECORDS (JSON Lines, JSON or CSV files, or '-')."""
    parsed = _load_contract(contract)
    assert parsed.contract is not None
    try:
        spec = period_spec(parsed.contract, period, start, end)
        moment = None if as_of is None else as_of_instant(parsed.contract, as_of, assume_tz)
        stream = iter_records(list(records), assume_tz=assume_tz, contract=parsed.contract)
    except ValueError as error:
        fail(str(error))
    try:
        report = evaluate_contract(
            parsed.contract,
            stream,
            period=spec,
            as_of=moment,
            fee=fee,
            inputs_sha256=files_sha256(records),
            progress=_with_progress,
        )
    except (EvaluationError, ValueError) as error:  # the stream was read on: all invalid listed
        _fail_on_invalid_records(stream, skip_invalid)
        fail(str(error))
    _fail_on_invalid_records(stream, skip_invalid)
    click.echo(REPORT_RENDERERS[output](report), nl=False)
    sys.exit(EXIT_FINDINGS if fail_on_breach and report.breached else EXIT_OK)


def _fail_on_invalid_records(stream: RecordStream, skip_invalid: bool) -> None:
    """Exit 2 listing the records that cannot be used (all of them, unless --skip-invalid)."""
    unreadable = [d for d in stream.diagnostics if d.code == UNREADABLE]
    if unreadable:
        click.echo(render_text(unreadable), err=True, nl=False)
        fail("an input cannot be read")
    if stream.diagnostics and not skip_invalid:
        click.echo(render_text(stream.diagnostics), err=True, nl=False)
        fail(f"{stream.counts.rejected} invalid record(s); fix them or pass --skip-invalid")


def _load_contract(path: str) -> ParseResult:
    """A contract that can be evaluated, or exit 2 with its diagnostics."""
    try:
        parsed = load(path)
    except OSError as exc:
        fail(f"{path}: cannot read: {exc.strerror or exc}")
    if parsed.contract is None:
        click.echo(render_text(parsed.diagnostics), err=True, nl=False)
        fail(f"{path}: the contract has errors")
    return parsed


def _with_progress(records: Iterator[AnyRecord]) -> Iterator[AnyRecord]:
    """The records, with a running count on stderr when it is a terminal.

    A plain loop, not `yield from`: if evaluation stops early, `records` stays open to be read on.
    """
    if not sys.stderr.isatty():
        for record in records:
            yield record
        return
    count = 0
    for count, record in enumerate(records, 1):
        if count % 250_000 == 0:
            click.echo(f"\rslalang: {count:,} records read", err=True, nl=False)
        yield record
    if count >= 250_000:
        click.echo(f"\rslalang: {count:,} records read", err=True)


@main.command("test")
@click.argument("paths", nargs=-1, required=True)
def test_command(paths: tuple[str, ...]) -> None:
    """Run the examples written inside contracts; PATH may be a directory."""
    passed = failed = 0
    for path in expand_paths(paths):
        if path == STDIN:
            fail("test reads contract files, not standard input")
        try:
            parsed = load(path)
        except OSError as exc:
            fail(f"{path}: cannot read: {exc.strerror or exc}")
        if parsed.contract is None:
            click.echo(f"ERROR {path}")
            click.echo(render_text(parsed.diagnostics), nl=False)
            failed += 1
            continue
        for outcome in run_examples(parsed):
            click.echo(f"{'PASS' if outcome.passed else 'FAIL'} {path}: {outcome.title}")
            for d in outcome.differences:
                click.echo(f"    {d.subject}.{d.field}: expected {d.expected}, got {d.actual}")
            for line in render_text(outcome.diagnostics).splitlines():
                click.echo(f"    {line}")
            passed += outcome.passed
            failed += not outcome.passed
    click.echo(f"{passed + failed} example(s): {passed} passed, {failed} failed", err=True)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@main.command("import")
@click.argument("source_format", metavar="FORMAT", type=click.Choice(sorted(FORMATS)))
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True)
@click.option("--map", "mapping", help="Mapping file (TOML): names and per-format options.")
@click.option("--assume-tz", help="The zone of times written without an offset.")
@click.option(
    "--as",
    "as_kind",
    type=click.Choice(["ticket", "outage"]),
    help="pagerduty and opsgenie: write tickets (the default) or outages.",
)
def import_command(
    source_format: str,
    inputs: tuple[str, ...],
    mapping: str | None,
    assume_tz: str | None,
    as_kind: str | None,
) -> None:
    """Convert exports of FORMAT into canonical records: JSON Lines on stdout, notes on stderr.

    INPUT may be '-' (standard input). See docs/importers/ for each format and the mapping file.
    """
    try:
        zone = None if assume_tz is None else ZoneInfo(assume_tz)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        fail(f"--assume-tz: {assume_tz!r} is not an IANA time zone")
    try:
        records, notes = import_files(source_format, inputs, load_mapping(mapping), zone, as_kind)
    except ImportFailure as failure:
        fail(str(failure) + "".join(f"\n  hint: {hint}" for hint in failure.hints))
    for note in notes:
        click.echo(f"slalang: note: {note}", err=True)
    click.echo("".join(to_json_line(record) + "\n" for record in records), nl=False)
    click.echo(f"{len(records)} record(s) from {len(inputs)} input(s)", err=True)
