"""The `slalang` command: thin wrappers that parse options, call the library and render.

Each command returns an `Outcome` (slalang.outcome); the group turns it into the exit code, the
same for every command: 0 success, 1 findings, 2 usage error or input that cannot be used.
"""

from __future__ import annotations

import errno
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from slalang import __version__
from slalang.cli_args import (
    ASSUME_TZ,
    PATHS,
    STDIN_FILENAME,
    expand_paths,
    format_option,
    read_contract,
    read_contracts,
)
from slalang.config import RULES_TABLE, ConfigError, default_map, find_config
from slalang.files import STDIN, STDIN_NAME, write_atomic
from slalang.render.escape import visible

if TYPE_CHECKING:
    from slalang.diagnostics import Diagnostic, Suppressed
    from slalang.fmt import Formatting
    from slalang.loader import ParseResult
    from slalang.model import Contract
    from slalang.outcome import Outcome
    from slalang.records import AnyRecord, RecordStream

# Start-up: this module imports only click and light modules. Each command imports what it
# needs (pydantic, the parser, the linter, the evaluator, the importers) when it runs.

RULES_META = "slalang.rules"  # ctx.meta key: (config file, its [tool.slalang.rules] table)


class _LazyChoice(click.Choice[str]):
    """A `click.Choice` whose words come from a module imported when they are first needed."""

    def __init__(self, words: Callable[[], Iterable[str]]) -> None:
        self._words = words
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(self._words())


def _levels() -> list[str]:
    from slalang.diagnostics import Level

    return [s.value for s in Level]


def _schemas() -> list[str]:
    from slalang.schema import SCHEMAS

    return sorted(SCHEMAS)


def _importers() -> list[str]:
    from slalang.importers import IMPORTERS

    return sorted(IMPORTERS)


class Slalang(click.Group):
    """The command group: the one place where a command's `Outcome` becomes the exit code."""

    def invoke(self, ctx: click.Context) -> NoReturn:
        from slalang.outcome import Outcome, UsageFailure

        if sys.stdout is None:  # started with `>&-`: writing must fail, not vanish
            sys.stdout = _ClosedOutput()
        hints: tuple[str, ...] = ()
        try:
            outcome: Outcome = super().invoke(ctx)
            sys.stdout.flush()
        except UsageFailure as failure:
            outcome, hints = Outcome(usage_error=str(failure)), failure.hints
        except OSError as exc:
            outcome = Outcome(usage_error=f"cannot write the output: {exc.strerror or exc}")
            _discard_output()
        if outcome.usage_error is not None:
            click.echo(f"slalang: error: {visible(outcome.usage_error)}", err=True)
            for hint in hints:
                click.echo(f"  hint: {visible(hint)}", err=True)
        ctx.exit(outcome.exit_code)


class _ClosedOutput(io.TextIOBase):
    """Standard output of a process started without one: every write is an error."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _discard_output() -> None:
    """After a failed write, send what is still buffered nowhere (no second error at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        sys.stdout = _ClosedOutput()


@click.group(cls=Slalang, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="slalang")
@click.pass_context
def main(ctx: click.Context) -> None:
    """slalang: SLA contracts as code. Lint, format and evaluate .sla files."""
    from slalang.outcome import UsageFailure

    try:
        found = find_config(Path.cwd())
    except ConfigError as exc:
        raise UsageFailure(str(exc)) from None
    if found is None:
        return
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
        raise UsageFailure(str(exc)) from None
    for name, command in main.commands.items():
        for param in command.params:
            value = defaults[name].get(param.name or "")
            if getattr(param, "multiple", False) and isinstance(value, str):
                defaults[name][param.name or ""] = (value,)  # `ignore = "SLA2,SLA3"`
    ctx.default_map = defaults


def _selectors(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _by_position(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: d.sort_key)


@main.command()
@PATHS
@format_option(
    "pretty",
    "text",
    "json",
    "sarif",
    "github",
    description="Output format (default: pretty on a terminal, else text).",
)
@click.option(
    "--fail-on",
    type=_LazyChoice(_levels),
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
@click.option(
    "--show-suppressed",
    is_flag=True,
    help="Also show the findings that suppressions hid, with their reasons, in pretty, text"
    " and sarif (json always lists them).",
)
@STDIN_FILENAME
@click.pass_context
def lint(
    ctx: click.Context,
    paths: tuple[str, ...],
    output: str | None,
    fail_on: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    show_suppressed: bool,
    stdin_filename: str | None,
) -> Outcome:
    """Check contracts: syntax, validity and the lint rules. PATH may be a directory or '-'."""
    from slalang.diagnostics import Level
    from slalang.lint import SettingsError, make_settings
    from slalang.lint import run as run_lint
    from slalang.lint.settings import RulesTableError
    from slalang.outcome import Outcome, UsageFailure

    source, config = ctx.meta.get(RULES_META, (None, {}))
    try:
        settings = make_settings(_selectors(select), _selectors(ignore), config)
    except RulesTableError as exc:
        raise UsageFailure(f"{source}: {exc}") from None
    except SettingsError as exc:
        raise UsageFailure(str(exc)) from None
    results = [result for _, result in read_contracts(paths, stdin_filename)]
    reports = [run_lint(result, settings) for result in results]
    found = _by_position([d for report in reports for d in report.diagnostics])
    hidden = sorted(
        (x for report in reports for x in report.suppressed), key=lambda x: x.diagnostic.sort_key
    )
    _render_findings(results, found, output, hidden, show_suppressed)
    counts = ", ".join(f"{sum(d.severity is s for d in found)} {s.value}" for s in Level)
    suppressed = sum(report.suppressed_count for report in reports)
    click.echo(
        f"{len(results)} file(s) checked, {len(found)} finding(s) ({counts}), "
        f"{suppressed} suppressed",
        err=True,
    )
    return Outcome(found, threshold=Level(fail_on))


def _render_findings(
    results: Sequence[ParseResult],
    diagnostics: list[Diagnostic],
    output: str | None,
    suppressed: list[Suppressed],
    show_suppressed: bool,
) -> None:
    """Lint findings (sorted) on stdout in the chosen format; pretty on a terminal, else text.
    Suppressed findings: always in json, with `show_suppressed` in pretty, text and sarif."""
    from slalang.render.diagnostics import render_json, render_pretty, render_text, use_colour

    chosen = output or ("pretty" if sys.stdout.isatty() else "text")
    shown = suppressed if show_suppressed else []
    if chosen == "sarif":
        from slalang.lint import all_rules
        from slalang.render.sarif import render_sarif

        text = render_sarif(diagnostics, all_rules(), __version__, Path.cwd(), shown)
    elif chosen == "github":
        from slalang.render.github import render_github

        text = render_github(diagnostics)
    elif chosen == "json":
        text = render_json(diagnostics, len(results), suppressed)
    elif chosen == "pretty":
        sources = {r.path or STDIN_NAME: r.text for r in results}
        colour = use_colour(sys.stdout.isatty())
        text = render_pretty(diagnostics, sources, colour, suppressed=shown)
    else:
        text = render_text(diagnostics, suppressed=shown)
    click.echo(text, nl=False)


@main.command()
@format_option(
    "table",
    "json",
    "markdown",
    default="table",
    description="markdown is docs/rules.md (every code).",
)
@click.option("--all", "every", is_flag=True, help="Also list the codes that are not lint rules.")
def rules(output: str, every: bool) -> Outcome:
    """List the lint rules (with --all, every diagnostic code)."""
    from slalang.lint.docs import listing
    from slalang.outcome import Outcome

    click.echo(listing(output, every), nl=False)
    return Outcome()


@main.command()
@click.argument("rule")
def explain(rule: str) -> Outcome:
    """Print the documentation of a code (SLA014, SLA101) or lint rule name."""
    from slalang.lint.docs import explain_code
    from slalang.outcome import Outcome, UsageFailure

    text = explain_code(rule)
    if text is None:
        raise UsageFailure(
            f"'{rule}' is not a code or lint rule name; 'slalang rules --all' lists them"
        )
    click.echo(text, nl=False)
    return Outcome()


@main.command()
@PATHS
@click.option(
    "--check", is_flag=True, help="Change nothing; exit 1 if a file would be reformatted."
)
@click.option(
    "--diff", "show_diff", is_flag=True, help="Print a unified diff instead of writing files."
)
@STDIN_FILENAME
def fmt(
    paths: tuple[str, ...], check: bool, show_diff: bool, stdin_filename: str | None
) -> Outcome:
    """Rewrite contracts in canonical form, keeping every comment. '-' writes to stdout."""
    from slalang.fmt import reformat
    from slalang.outcome import Outcome
    from slalang.render.diagnostics import render_text

    sources = read_contracts(paths, stdin_filename)
    problems: list[Diagnostic] = []
    changed = 0
    for path, result in sources:
        found = result.diagnostics + result.format_problems
        if result.contract is None or found:
            problems.extend(found)
            continue
        formatting = reformat(result.contract, result.text, result.comments, result.normalised)
        changed += formatting.changed
        _apply(formatting, path, result.path or STDIN_NAME, check, show_diff)
    if problems:
        click.echo(render_text(_by_position(problems)), err=True, nl=False)
    verb = "would be reformatted" if (check or show_diff) else "reformatted"
    click.echo(f"{changed} file(s) {verb}, {len(sources) - changed} unchanged", err=True)
    return Outcome(problems, would_reformat=changed if check else 0)


def _apply(formatting: Formatting, path: str, name: str, check: bool, show_diff: bool) -> None:
    """Show the diff, report the file, or write the canonical text (to stdout for '-')."""
    from slalang.outcome import UsageFailure

    if show_diff:
        if formatting.changed:
            click.echo(formatting.diff(name), nl=False)
    elif check:
        if formatting.changed:
            click.echo(f"would reformat {visible(name)}", err=True)
    elif path == STDIN:
        click.echo(formatting.formatted, nl=False)
    elif formatting.changed:
        try:
            write_atomic(path, formatting.formatted)
        except OSError as exc:
            raise UsageFailure(f"{name}: cannot write: {exc.strerror or exc}; unchanged") from None
        click.echo(f"reformatted {visible(name)}", err=True)


@main.command()
@click.argument("path")
@format_option("json", default="json")
@STDIN_FILENAME
def parse(path: str, output: str, stdin_filename: str | None) -> Outcome:
    """Print the contract model of PATH as JSON."""
    from slalang.outcome import Outcome
    from slalang.render.diagnostics import render_text

    [(_, result)] = read_contracts([path], stdin_filename)
    if result.contract is None:
        click.echo(render_text(result.diagnostics), err=True, nl=False)
        return Outcome(result.diagnostics)
    click.echo(json.dumps(result.contract.model_dump(mode="json"), indent=2))
    return Outcome()


@main.command()
@click.argument("name", type=_LazyChoice(_schemas))
def schema(name: str) -> Outcome:
    """Print the JSON Schema of NAME: records (slalang.records/v1), contract, report, or the
    results of diff, compare and render (document)."""
    from slalang.outcome import Outcome
    from slalang.schema import schema_text

    click.echo(schema_text(name))
    return Outcome()


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
@format_option("text", "json", "markdown", default="text")
@click.option("--fail-on-breach", is_flag=True, help="Exit 1 when an objective is missed.")
@click.option("--skip-invalid", is_flag=True, help="Evaluate without invalid records; list them.")
@ASSUME_TZ
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
) -> Outcome:
    """Evaluate CONTRACT on incident RECORDS (JSON Lines, JSON or CSV files, or '-')."""
    from slalang.evaluate.engine import evaluate as evaluate_contract
    from slalang.evaluate.inputs import EvaluationError
    from slalang.evaluate.options import as_of_instant, period_spec
    from slalang.outcome import Outcome, UsageFailure
    from slalang.records import iter_records
    from slalang.render.report import RENDERERS as REPORT_RENDERERS

    model = _evaluable(contract)
    try:
        spec = period_spec(model, period, start, end)
        moment = None if as_of is None else as_of_instant(model, as_of, assume_tz)
        stream = iter_records(list(records), assume_tz=assume_tz, contract=model)
    except ValueError as error:
        raise UsageFailure(str(error)) from None
    try:
        report = evaluate_contract(
            model,
            stream,
            period=spec,
            as_of=moment,
            fee=fee,
            progress=_with_progress,
        )
    except (EvaluationError, ValueError) as error:  # the stream was read on: all invalid listed
        _check_records(stream, skip_invalid)
        raise UsageFailure(str(error)) from None
    _check_records(stream, skip_invalid)
    click.echo(REPORT_RENDERERS[output](report), nl=False)
    return Outcome(breached=fail_on_breach and report.breached)


def _check_records(stream: RecordStream, skip_invalid: bool) -> None:
    """Fail listing the records that cannot be used (all of them, unless --skip-invalid)."""
    from slalang.outcome import UsageFailure
    from slalang.records.errors import UNREADABLE
    from slalang.render.diagnostics import render_text

    unreadable = [d for d in stream.diagnostics if d.code == UNREADABLE]
    if unreadable:
        click.echo(render_text(unreadable), err=True, nl=False)
        raise UsageFailure("an input cannot be read")
    if stream.diagnostics and not skip_invalid:
        click.echo(render_text(stream.diagnostics), err=True, nl=False)
        raise UsageFailure(
            f"{stream.counts.rejected} invalid record(s); fix them or pass --skip-invalid"
        )


def _evaluable(path: str) -> Contract:
    """The contract at `path`, or a usage failure after its diagnostics."""
    from slalang.outcome import UsageFailure
    from slalang.render.diagnostics import render_text

    parsed = read_contract(path, stdin=False)
    if parsed.contract is None:
        click.echo(render_text(parsed.diagnostics), err=True, nl=False)
        raise UsageFailure(f"{path}: the contract has errors")
    return parsed.contract


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
@PATHS
def test_command(paths: tuple[str, ...]) -> Outcome:
    """Run the examples written inside contracts; PATH may be a directory."""
    from slalang.evaluate.examples import run_examples
    from slalang.outcome import Outcome, UsageFailure
    from slalang.render.diagnostics import render_text

    passed = failed = 0
    for path in expand_paths(paths):
        if path == STDIN:
            raise UsageFailure("test reads contract files, not standard input")
        parsed = read_contract(path)
        if parsed.contract is None:
            click.echo(f"ERROR {visible(path)}")
            click.echo(render_text(parsed.diagnostics), nl=False)
            failed += 1
            continue
        for example in run_examples(parsed):
            verdict = "PASS" if example.passed else "FAIL"
            click.echo(f"{verdict} {visible(path)}: {visible(example.title)}")
            for d in example.differences:
                line = f"{d.subject}.{d.field}: expected {d.expected}, got {d.actual}"
                click.echo(f"    {visible(line)}")
            for line in render_text(example.diagnostics).splitlines():
                click.echo(f"    {line}")
            passed += example.passed
            failed += not example.passed
    click.echo(f"{passed + failed} example(s): {passed} passed, {failed} failed", err=True)
    return Outcome(failed_examples=failed)


@main.command("import")
@click.argument("source_format", metavar="FORMAT", type=_LazyChoice(_importers))
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True)
@click.option("--map", "mapping", help="Mapping file (TOML): names and per-format options.")
@ASSUME_TZ
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
) -> Outcome:
    """Convert exports of FORMAT into canonical records: JSON Lines on stdout, notes on stderr.

    INPUT may be '-' (standard input). See docs/importers/ for each format and the mapping file.
    """
    from slalang.importers import ImportFailure, import_files, load_mapping, to_json_line
    from slalang.outcome import Outcome, UsageFailure
    from slalang.zones import iana_zone

    zone = None if assume_tz is None else iana_zone(assume_tz)
    if assume_tz is not None and zone is None:
        raise UsageFailure(f"--assume-tz: {assume_tz!r} is not an IANA time zone")
    try:
        records, notes = import_files(source_format, inputs, load_mapping(mapping), zone, as_kind)
        lines = "".join(to_json_line(record) + "\n" for record in records)
    except ImportFailure as failure:
        raise UsageFailure(str(failure), failure.hints) from None
    for note in notes:
        click.echo(f"slalang: note: {visible(note)}", err=True)
    click.echo(lines, nl=False)
    click.echo(f"{len(records)} record(s) from {len(inputs)} input(s)", err=True)
    return Outcome()


@main.command("lsp")
def lsp_command() -> Outcome:
    """Run the language server over stdio (needs the extra: pip install 'slalang[lsp]')."""
    from slalang.outcome import Outcome, UsageFailure

    try:
        from slalang.lsp.server import server
    except ImportError as exc:
        raise UsageFailure(
            f"the language server needs the 'lsp' extra ({exc.name} is missing): "
            "pip install 'slalang[lsp]'"
        ) from None
    server.start_io()
    return Outcome()


# ---- for buyers: diff, compare, render (imports inside the commands keep start-up light) ---------


def _contract_of(path: str) -> Contract:
    """The contract at `path` ('-' is standard input), or a usage failure after its diagnostics."""
    from slalang.outcome import UsageFailure
    from slalang.render.diagnostics import render_text

    parsed = read_contract(path)
    if parsed.contract is None:
        click.echo(render_text(parsed.diagnostics), err=True, nl=False)
        raise UsageFailure(f"{path}: the contract has errors")
    return parsed.contract


@main.command("diff")
@click.argument("old")
@click.argument("new")
@format_option("text", "json", "markdown", default="text")
@click.option(
    "--fail-on",
    type=click.Choice(["worse"]),
    help="Exit 1 when a change is worse for the buyer (a CI check on contract repositories).",
)
def diff_command(old: str, new: str, output: str, fail_on: str | None) -> Outcome:
    """What changed from OLD to NEW for the buyer: each change better, worse or neutral."""
    from slalang.diff import diff
    from slalang.outcome import Outcome, UsageFailure
    from slalang.render.buyers import DIFF_RENDERERS

    if old == STDIN and new == STDIN:
        raise UsageFailure("only one of OLD and NEW can be '-'")
    result = diff(_contract_of(old), _contract_of(new))
    click.echo(DIFF_RENDERERS[output](result), nl=False)
    return Outcome(breached=fail_on == "worse" and result.count("worse") > 0)


@main.command("compare")
@click.argument("contracts", metavar="A B [C ...]", nargs=-1, required=True)
@format_option("text", "json", "markdown", default="text")
@click.option("--fee", help="A fee, e.g. '20000 CNY': every credit in money, caps applied to all.")
@click.option(
    "--reference", help="A date (2026-09-01): the period of downtime and per-time credits."
)
@click.option(
    "--opened",
    multiple=True,
    metavar="TIME",
    help="Also a ticket opened at TIME (with an offset, e.g. 2026-03-08T01:30:00-08:00).",
)
def compare_command(
    contracts: tuple[str, ...],
    output: str,
    fee: str | None,
    reference: str | None,
    opened: tuple[str, ...],
) -> Outcome:
    """Compare contracts side by side: downtime, credit curves, exposure, support, dominance."""
    from datetime import date, datetime

    from slalang.compare import compare
    from slalang.evaluate.inputs import EvaluationError as FeeError
    from slalang.outcome import Outcome, UsageFailure
    from slalang.render.buyers import COMPARE_RENDERERS

    if sum(path == STDIN for path in contracts) > 1:
        raise UsageFailure("only one contract can be '-'")
    try:
        day = None if reference is None else date.fromisoformat(reference)
        moments = [(f"opened {text}", datetime.fromisoformat(text)) for text in opened]
    except ValueError as error:
        raise UsageFailure(f"--reference/--opened: {error}") from None
    models = [_contract_of(path) for path in contracts]
    try:
        result = compare(*models, fee=fee, reference=day, opened=moments)
    except (FeeError, ValueError) as error:
        raise UsageFailure(str(error)) from None
    click.echo(COMPARE_RENDERERS[output](result), nl=False)
    return Outcome()


@main.command("render")
@click.argument("contract")
@format_option("markdown", "html", default="markdown")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option("-o", "--output-file", "output_file", help="Write the document to FILE.")
def render_command(contract: str, output: str, lang: str, output_file: str | None) -> Outcome:
    """A document to read: every clause in plain words, tables, charts and review notes."""
    from slalang.document import render
    from slalang.outcome import Outcome, UsageFailure
    from slalang.render.diagnostics import render_text

    parsed = read_contract(contract)
    if parsed.contract is None:
        click.echo(render_text(parsed.diagnostics), err=True, nl=False)
        raise UsageFailure(f"{contract}: the contract has errors")
    text = render(parsed, output, lang).text  # type: ignore[arg-type]
    if output_file is None:
        click.echo(text, nl=False)
        return Outcome()
    try:
        write_atomic(output_file, text)
    except OSError as exc:
        raise UsageFailure(f"{output_file}: cannot write: {exc.strerror or exc}") from None
    click.echo(f"wrote {visible(output_file)}", err=True)
    return Outcome()
