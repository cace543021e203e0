"""Lower the Lark tree to plain data (dicts for pydantic) plus a SourceMap.

Each clause becomes a field of its block's dict. The SourceMap maps pydantic-style paths such as
``("objectives", 0, "target")`` to spans, so a validation error on any field finds its source.
Words that name an enumerated value are checked here against the model's enumerations, with a
"did you mean" for near misses.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from lark import Token, Tree

from slalang.diagnostics import Diagnostic, Level, Related, Span
from slalang.model import (
    STATISTIC,
    STATISTIC_EXAMPLES,
    AggregationMethod,
    AutomatedResponseRule,
    ChannelKind,
    CombinationRule,
    CountName,
    CreditForm,
    DenominatorWord,
    DurationUnit,
    EscalationTier,
    FeeExclusion,
    FormulaVariable,
    Impact,
    Metric,
    MissingDataRule,
    ObjectiveKind,
    Party,
    PauseRule,
    PercentileMethod,
    Remedy,
    RoundingMode,
    SeverityChangeRule,
    SliceRule,
    SupportTargetKind,
    TieBreak,
    Weekday,
    words,
)
from slalang.source import ModelPath, SourceMap
from slalang.syntax.parser import keywords

ParseNode = Tree[Token] | Token
Data = dict[str, Any]

LITERAL_DIGITS = 28

# the grammar's spellings of a duration unit (singular, plural, "ms") -> the model's unit
_DURATION_UNITS = {
    spelling: unit for unit in words(DurationUnit) for spelling in (unit[:-1], unit)
} | {"ms": "milliseconds"}


def _plural(unit: str) -> str:
    return unit if unit.endswith("s") else unit + "s"


class Lowering:
    def __init__(self, file: str | None, text: str) -> None:
        self.text = text
        self.source_map = SourceMap(file)
        self.diagnostics: list[Diagnostic] = []

    # ---- helpers ------------------------------------------------------------------------

    def span_of(self, node: ParseNode) -> Span:
        if isinstance(node, Token):
            return Span(
                file=self.source_map.file,
                line=node.line or 1,
                column=node.column or 1,
                end_line=node.end_line or node.line or 1,
                end_column=node.end_column or node.column or 1,
            )
        meta = node.meta
        return Span(
            file=self.source_map.file,
            line=meta.line,
            column=meta.column,
            end_line=meta.end_line,
            end_column=meta.end_column,
        )

    def mark(self, path: ModelPath, node: ParseNode) -> None:
        self.source_map.spans.setdefault(path, self.span_of(node))

    def error(
        self, node: ParseNode, code: str, name: str, message: str, hints: Iterable[str] = ()
    ) -> None:
        self.diagnostics.append(
            Diagnostic(
                code=code,
                name=name,
                severity=Level.ERROR,
                message=message,
                span=self.span_of(node),
                hints=tuple(hints),
            )
        )

    def word(self, token: Token, enumeration: object, what: str) -> str:
        """The token's word, checked against one of the model's enumerations (`model.words`)."""
        options = words(enumeration)
        value = str(token)
        if value not in options:
            close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else None
            self.error(
                token,
                "SLA010",
                "unknown-word",
                f"'{value}' is not a {what}; expected one of: {', '.join(options)}",
                [hint] if hint else [],
            )
        return value

    def decimal(self, token: Token) -> Decimal:
        text = str(token).rstrip("%")
        if len(text.replace(".", "")) > LITERAL_DIGITS:
            self.error(
                token,
                "SLA012",
                "invalid-literal",
                f"the number {text[:12]}... has more than {LITERAL_DIGITS} digits",
            )
            return Decimal(0)
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the lexer only admits digits
            self.error(token, "SLA012", "invalid-literal", f"'{text}' is not a number")
            return Decimal(0)

    def integer(self, token: Token) -> int:
        value = self.decimal(token)
        if value != value.to_integral_value():
            self.error(token, "SLA012", "invalid-literal", f"expected a whole number, not {value}")
        return int(value)

    def string(self, token: Token) -> str:
        raw = str(token)[1:-1]
        out: list[str] = []
        chars = iter(raw)
        for char in chars:
            if char == "\\":
                escaped = next(chars, "")
                if escaped not in ('"', "\\"):
                    self.error(
                        token,
                        "SLA012",
                        "invalid-literal",
                        f"unknown escape '\\{escaped}' in a string; only \\\" and \\\\ are allowed",
                    )
                out.append(escaped)
            elif unicodedata.category(char) == "Cc":
                self.error(token, "SLA012", "invalid-literal", "a string holds a control character")
                out.append(char)
            else:
                out.append(char)
        return "".join(out)

    def date(self, token: Token) -> date:
        try:
            return date.fromisoformat(str(token))
        except ValueError:
            self.error(token, "SLA012", "invalid-literal", f"{token} is not a calendar date")
            return date(1970, 1, 1)

    def datetime(self, token: Token) -> datetime:
        text = str(token)
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            self.error(token, "SLA012", "invalid-literal", f"{text} is not a valid time")
            return datetime(1970, 1, 1).astimezone()
        if value.tzinfo is None:
            self.error(
                token,
                "SLA012",
                "invalid-literal",
                f"the time {text} has no offset",
                [f"write {text}Z for UTC or add an offset such as {text}+08:00"],
            )
        return value

    def time(self, token: Token) -> time:
        try:
            return time.fromisoformat(str(token))
        except ValueError:
            self.error(token, "SLA012", "invalid-literal", f"{token} is not a time of day")
            return time(0, 0)

    # ---- blocks -------------------------------------------------------------------------

    def block(
        self, tree: Tree[Token], path: ModelPath, handlers: dict[str, tuple[str, bool, Lowerer]]
    ) -> Data:
        """The clauses of the braced block `tree`, each lowered by its handler; the closing brace
        goes to the source map."""
        out: Data = {}
        first_seen: dict[str, Tree[Token]] = {}
        for child in tree.children:
            if not isinstance(child, Tree):
                continue
            key = str(child.data)
            if key not in handlers:
                raise AssertionError(f"no handler for clause {key!r} in {path}")
            name, many, lower = handlers[key]
            if many:
                items = out.setdefault(name, [])
                where: ModelPath = (*path, name, len(items))
                self.mark(where, child)
                items.append(lower(self, child, where))
            else:
                where = (*path, name)
                if name in out:
                    self.diagnostics.append(
                        Diagnostic(
                            code="SLA011",
                            name="duplicate-clause",
                            severity=Level.ERROR,
                            message=f"'{self.clause_words(first_seen[name], child)}' is given twice in this block",
                            span=self.span_of(child),
                            related=(
                                Related(
                                    span=self.span_of(first_seen[name]), message="first given here"
                                ),
                            ),
                        )
                    )
                    continue
                first_seen[name] = child
                self.mark(where, child)
                out[name] = lower(self, child, where)
            self.source_map.statements.append(where)
        self._close_brace(path, tree)
        return out

    def clause_words(self, first: Tree[Token], second: Tree[Token]) -> str:
        """The keywords two clauses start with, e.g. "minimum volume" or "missing data counts as"."""
        parts = []
        pairs = zip(self._words(first), self._words(second), strict=False)
        for left, right in pairs:
            if left != right or left not in keywords():
                break
            parts.append(left)
        return " ".join(parts) or str(first.data)

    def _words(self, tree: Tree[Token]) -> list[str]:
        return self.text[tree.meta.start_pos : tree.meta.end_pos].split()

    def _close_brace(self, path: ModelPath, tree: Tree[Token]) -> None:
        span = self.span_of(tree)
        self.source_map.blocks[path] = Span(
            file=span.file,
            line=span.end_line,
            column=span.end_column - 1,
            end_line=span.end_line,
            end_column=span.end_column,
        )


Lowerer = Callable[[Lowering, Tree[Token], ModelPath], Any]


def _tokens(tree: Tree[Token], kind: str | None = None) -> list[Token]:
    return [c for c in tree.children if isinstance(c, Token) and (kind is None or c.type == kind)]


def _trees(tree: Tree[Token]) -> list[Tree[Token]]:
    return [c for c in tree.children if isinstance(c, Tree)]


def _first_tree(tree: Tree[Token], *names: str) -> Tree[Token] | None:
    for child in _trees(tree):
        if child.data in names:
            return child
    return None


# ---- quantities ---------------------------------------------------------------------------


def lower_quantity(lo: Lowering, node: Tree[Token] | Token, path: ModelPath) -> Data:
    tree = node if isinstance(node, Tree) else Tree("number", [node])
    lo.mark(path, tree)
    kind = tree.data
    tokens = _tokens(tree)
    if kind == "percent":
        return {"type": "percent", "value": lo.decimal(tokens[0])}
    if kind == "number":
        return {"type": "number", "value": lo.decimal(tokens[0])}
    if kind == "duration":
        return {
            "type": "duration",
            "value": lo.decimal(tokens[0]),
            "unit": _DURATION_UNITS[str(tokens[1])],
        }
    if kind == "business_duration":
        return {
            "type": "business_duration",
            "value": lo.decimal(tokens[0]),
            "unit": _plural(str(tokens[1])),
        }
    if kind == "calendar_span":
        return {
            "type": "calendar_span",
            "value": lo.integer(tokens[0]),
            "unit": _plural(str(tokens[1])),
        }
    if kind == "money":
        return {"type": "money", "amount": lo.decimal(tokens[0]), "currency": str(tokens[1])}
    if kind == "units":
        return {"type": "units", "value": lo.decimal(tokens[0])}
    raise AssertionError(f"not a quantity: {kind}")


def _quantity_child(lo: Lowering, tree: Tree[Token], path: ModelPath, index: int = 0) -> Data:
    return lower_quantity(lo, _trees(tree)[index], path)


def _window(lo: Lowering, node: ParseNode, path: ModelPath) -> Any:
    if isinstance(node, Token):
        lo.mark(path, node)
        if node.type == "PERIOD_WORD":
            return "period"
        return {"type": "calendar_span", "value": 1, "unit": _plural(str(node))}
    return lower_quantity(lo, node, path)


# ---- identity and periods -----------------------------------------------------------------


def _string_clause(lo: Lowering, tree: Tree[Token], path: ModelPath) -> str:
    return lo.string(_tokens(tree, "STRING")[0])


def _date_range(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    """A first date and an optional (inclusive) last one: `effective` and a calendar's `closed`."""
    dates = [lo.date(t) for t in _tokens(tree, "DATE")]
    return {"start": dates[0], "end": dates[1] if len(dates) > 1 else None}


def _currency(lo: Lowering, tree: Tree[Token], path: ModelPath) -> str:
    return str(_tokens(tree, "CURRENCY")[0])


def _titled(lo: Lowering, tree: Tree[Token], ident: Token) -> Data:
    """The `id` (the token `ident`) and the `title` (the first string, if any) of a named part."""
    strings = _tokens(tree, "STRING")
    return {"id": str(ident), "title": lo.string(strings[0]) if strings else None}


def _named_block(items: dict[str, tuple[str, bool, Lowerer]]) -> Lowerer:
    """The lowerer of a block `NAME "title" { ... }` whose clauses are `items`."""

    def lower(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
        out = lo.block(tree, path, items)
        return {**_titled(lo, tree, _tokens(tree, "NAME")[0]), **out}

    return lower


def _fee_base(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    names = _tokens(tree, "NAME")
    out = _titled(lo, tree, names[0])
    if len(names) > 1:
        out["excluding"] = lo.word(names[1], FeeExclusion, "fee exclusion")
    return out


def _period(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    spec = _trees(tree)[0] if tree.data == "period" else tree
    options = _first_tree(spec, "period_options")
    out: Data = {}
    if spec.data == "calendar_period":
        out = {"type": "calendar", "unit": _plural(str(_tokens(spec, "CALENDAR_UNIT")[0]))}
    elif spec.data == "anniversary_period":
        out = {
            "type": "anniversary",
            "unit": _plural(str(_tokens(spec, "CALENDAR_UNIT")[0])),
            "anchor": lo.date(_tokens(spec, "DATE")[0]),
        }
    else:
        out = {"type": "rolling", "length": _quantity_child(lo, spec, (*path, "length"))}
    if options is not None:
        zone = _tokens(options, "STRING")
        if zone:
            lo.mark((*path, "timezone"), zone[0])
            out["timezone"] = lo.string(zone[0])
        out["prorated"] = bool(_tokens(options, "PRORATED"))
    return out


# ---- calendars ----------------------------------------------------------------------------


def _day_range(lo: Lowering, tree: Tree[Token]) -> Data:
    days = [lo.word(t, Weekday, "weekday") for t in _tokens(tree, "NAME")]
    return {"first": days[0], "last": days[1] if len(days) > 1 else None}


def _calendar_open(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    opens, closes = _tokens(tree, "TIME")
    times = [lo.time(opens), "24:00" if closes == "24:00" else lo.time(closes)]
    days = [_day_range(lo, t) for t in _trees(tree)]
    return {"days": days, "start": times[0], "end": times[1]}


def _calendar_closed(lo: Lowering, tree: Tree[Token], path: ModelPath) -> list[Data]:
    return [_date_range(lo, t, path) for t in _trees(tree)]


_CALENDAR_ITEMS: dict[str, tuple[str, bool, Lowerer]] = {
    "timezone": ("timezone", False, _string_clause),
    "calendar_open": ("open", True, _calendar_open),
    "calendar_holidays": ("holidays", False, _string_clause),
    "calendar_closed": ("closed", False, _calendar_closed),
}


_calendar = _named_block(_CALENDAR_ITEMS)


def _service(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    return _titled(lo, tree, _tokens(tree, "NAME")[0])


# ---- conditions ---------------------------------------------------------------------------


def lower_condition(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    lo.mark(path, tree)
    kind = tree.data
    if kind in ("all_of", "any_of"):
        subs = _trees(tree)
        return {
            "type": kind,
            "conditions": [
                lower_condition(lo, c, (*path, "conditions", i)) for i, c in enumerate(subs)
            ],
        }
    if kind == "k_of":
        subs = _trees(tree)
        return {
            "type": "k_of",
            "k": lo.integer(_tokens(tree, "INTEGER")[0]),
            "conditions": [
                lower_condition(lo, c, (*path, "conditions", i)) for i, c in enumerate(subs)
            ],
        }
    if kind == "quorum":
        return {
            "type": "quorum",
            "k": lo.integer(_tokens(tree, "INTEGER")[0]),
            "condition": lower_condition(lo, _trees(tree)[0], (*path, "condition")),
        }
    if kind == "outage_condition":
        names = _first_tree(tree, "name_set")
        return {
            "type": "outage",
            "impacts": [lo.word(t, Impact, "impact") for t in _tokens(names, "NAME")]
            if names is not None
            else [],
        }
    if kind == "metric_condition":
        metric, quantity = _trees(tree)
        return {
            **_metric(lo, metric),
            "type": "metric",
            "comparator": str(_tokens(tree, "COMPARATOR")[0]),
            "threshold": lower_quantity(lo, quantity, (*path, "threshold")),
        }
    if kind == "downtime_ref":
        return {"type": "ref", "name": str(_tokens(tree, "NAME")[0])}
    raise AssertionError(f"not a condition: {kind}")


def _metric(lo: Lowering, tree: Tree[Token]) -> Data:
    tokens = _tokens(tree)
    operation = None
    if len(tokens) >= 3 and tokens[1].type == "DOT":
        operation = str(tokens[0])
        tokens = tokens[2:]
    metric = lo.word(tokens[0], Metric, "metric")
    statistic = _statistic(lo, tokens[1]) if len(tokens) > 1 else None
    return {"operation": operation, "metric": metric, "statistic": statistic}


def _statistic(lo: Lowering, token: Token) -> str:
    if not STATISTIC.match(str(token)):
        lo.error(
            token,
            "SLA010",
            "unknown-word",
            f"'{token}' is not a statistic; expected {STATISTIC_EXAMPLES}",
        )
    return str(token)


def _downtime(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    return {
        **_titled(lo, tree, _tokens(tree, "NAME")[0]),
        "condition": lower_condition(lo, _trees(tree)[0], (*path, "condition")),
    }


# ---- formulas -----------------------------------------------------------------------------

_OPERATORS = {"add": "+", "sub": "-", "mul": "*", "div": "/"}


def _expr(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    lo.mark(path, tree)
    if tree.data == "number":
        return {"type": "constant", "value": lo.decimal(_tokens(tree)[0])}
    if tree.data == "variable":
        token = _tokens(tree)[0]
        return {
            "type": "variable",
            "name": lo.word(token, FormulaVariable, "formula variable"),
        }
    left, right = _trees(tree)
    return {
        "type": "binary",
        "op": _OPERATORS[str(tree.data)],
        "left": _expr(lo, left, (*path, "left")),
        "right": _expr(lo, right, (*path, "right")),
    }


# ---- objectives ---------------------------------------------------------------------------


def _names(lo: Lowering, tree: Tree[Token], path: ModelPath) -> list[str]:
    return [str(t) for t in _tokens(tree, "NAME")]


def _flag(lo: Lowering, tree: Tree[Token], path: ModelPath) -> bool:
    return True


def _only_condition(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    return lower_condition(lo, _trees(tree)[0], path)


def _slice(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Any:
    return "exact" if _tokens(tree, "EXACT") else _quantity_child(lo, tree, path)


def _word_clause(enumeration: object, what: str) -> Lowerer:
    def lower(lo: Lowering, tree: Tree[Token], path: ModelPath) -> str:
        return lo.word(_tokens(tree, "NAME")[-1], enumeration, what)

    return lower


def _only_quantity(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    return _quantity_child(lo, tree, path)


def _minimum_volume(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    nouns = _tokens(tree, "NAME")
    return {
        "count": lo.integer(_tokens(tree, "INTEGER")[0]),
        "noun": str(nouns[0]) if nouns else None,
    }


def _weight(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    return {
        "impact": lo.word(_tokens(tree, "NAME")[0], Impact, "impact"),
        "share": {"type": "percent", "value": lo.decimal(_tokens(tree, "PERCENT")[0])},
    }


def _aggregate(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    per = _trees(tree)
    return {
        "method": lo.word(_tokens(tree, "NAME")[0], AggregationMethod, "aggregation"),
        "per": lower_quantity(lo, per[0], (*path, "per")) if per else None,
    }


def _formula(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    return _expr(lo, _trees(tree)[0], path)


def _denominator(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Any:
    names = _tokens(tree, "NAME")
    if names:
        return lo.word(names[0], DenominatorWord, "denominator")
    return _quantity_child(lo, tree, path)


def _remove_excluded(lo: Lowering, tree: Tree[Token], path: ModelPath) -> list[str]:
    return [lo.word(t, CountName, "count") for t in _tokens(tree, "NAME")]


def _target(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    statistic = _tokens(tree, "NAME")
    return {
        "statistic": _statistic(lo, statistic[0]) if statistic else None,
        "comparator": str(_tokens(tree, "COMPARATOR")[0]),
        "value": _quantity_child(lo, tree, (*path, "value")),
    }


def _exclusion(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    spec = _trees(tree)[0]
    if spec.data == "cause_exclusion":
        return {"type": "cause", "causes": [str(t) for t in _tokens(spec, "NAME")]}
    if spec.data == "flagged_exclusion":
        return {"type": "flagged"}
    out: Data = {"type": "maintenance"}
    notice = _first_tree(spec, "notice")
    if notice is not None:
        out["notice"] = _quantity_child(lo, notice, (*path, "notice"))
    maximum = _first_tree(spec, "maximum")
    if maximum is not None:
        out["maximum"] = _quantity_child(lo, maximum, (*path, "maximum"))
        out["maximum_per"] = _window(lo, maximum.children[-1], (*path, "maximum_per"))
    return out


def _amount_and_base(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    bases = _tokens(tree, "NAME")
    return {
        "amount": lower_quantity(lo, _trees(tree)[0], (*path, "amount")),
        "base": str(bases[0]) if bases else None,
    }


def _bound(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    lo.mark(path, tree)
    if tree.data == "one_sided":
        return {
            "type": "one_sided",
            "comparator": str(_tokens(tree, "COMPARATOR")[0]),
            "value": _quantity_child(lo, tree, (*path, "value")),
        }
    lower_bracket, low, high, upper_bracket = _trees(tree)
    return {
        "type": "interval",
        "lower": lower_quantity(lo, low, (*path, "lower")),
        "upper": lower_quantity(lo, high, (*path, "upper")),
        "lower_closed": str(lower_bracket.children[0]) == "[",
        "upper_closed": str(upper_bracket.children[0]) == "]",
    }


def _tier(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    bound, amount = _trees(tree)
    return {
        "bound": _bound(lo, bound, (*path, "bound")),
        "amount": lower_quantity(lo, amount, (*path, "amount")),
    }


def _tie_break(lo: Lowering, tree: Tree[Token], path: ModelPath) -> str:
    return lo.word(_tokens(tree, "NAME")[0], TieBreak, "tie-break rule")


_TIER_ITEMS: dict[str, tuple[str, bool, Lowerer]] = {
    "tier": ("tiers", True, _tier),
    "tie_break": ("apply", False, _tie_break),
}


def _credit(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    spec = _trees(tree)[0]
    bases = _tokens(spec, "NAME")
    base = str(bases[0]) if bases else None
    if spec.data == "tier_credit":
        out = lo.block(spec, path, _TIER_ITEMS)
        return {
            "type": "tiers",
            "base": base,
            "tiers": out.get("tiers", []),
            "apply": out.get("apply"),
        }
    amount = lower_quantity(lo, _trees(spec)[0], (*path, "amount"))
    if spec.data == "breach_credit":
        return {"type": "per_breach", "amount": amount, "base": base}
    counting = [t for t in _tokens(spec) if t.type in ("STARTED", "COMPLETED")]
    per_period = any(t.type == "PERIOD_WORD" for t in _tokens(spec))
    return {
        "type": "linear",
        "amount": amount,
        "base": base,
        "per": "period" if per_period else lower_quantity(lo, _trees(spec)[1], (*path, "per")),
        "counting": str(counting[0]) if counting else None,
    }


def _cap(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    out = _amount_and_base(lo, tree, path)
    rest = [c for c in tree.children[1:] if not (isinstance(c, Token) and c.type == "NAME")]
    if rest:
        out["per"] = _window(lo, rest[-1], (*path, "per"))
    return out


_OBJECTIVE_ITEMS: dict[str, tuple[str, bool, Lowerer]] = {
    "objective_service": ("services", False, _names),
    "objective_operation": ("operations", False, _names),
    "period": ("period", False, _period),
    "per_scope": ("per_scope", False, _flag),
    "down_when": ("down_when", False, _only_condition),
    "slice": ("slice", False, _slice),
    "partial_slices": ("partial_slices", False, _word_clause(SliceRule, "partial-slice rule")),
    "minimum_run": ("minimum_run", False, _only_quantity),
    "minimum_volume": ("minimum_volume", False, _minimum_volume),
    "missing_data": ("missing_data", False, _word_clause(MissingDataRule, "missing-data rule")),
    "weight": ("weights", True, _weight),
    "aggregate": ("aggregate", False, _aggregate),
    "formula": ("formula", False, _formula),
    "denominator": ("denominator", False, _denominator),
    "remove_excluded": ("remove_excluded", False, _remove_excluded),
    "percentile": ("percentile", False, _word_clause(PercentileMethod, "percentile method")),
    "target": ("target", False, _target),
    "exclude": ("exclusions", True, _exclusion),
    "credit": ("credits", True, _credit),
    "cap": ("caps", True, _cap),
    "quote": ("quotes", True, _string_clause),
}


def _objective(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    names = _tokens(tree, "NAME")
    kind = lo.word(names[0], ObjectiveKind, "kind of objective")
    out = lo.block(tree, path, _OBJECTIVE_ITEMS)
    lo.mark((*path, "kind"), names[0])
    lo.mark((*path, "id"), names[1])
    return {"kind": kind, **_titled(lo, tree, names[1]), **out}


# ---- support ------------------------------------------------------------------------------


def _clock_and_plan(lo: Lowering, child: Tree[Token], path: ModelPath, out: Data) -> None:
    """A support clause's `24x7`, `on CALENDAR` or `for plan "..."`, into `out`."""
    if child.data == "around_the_clock":
        out["clock"] = "24x7"
    elif child.data == "on_calendar":
        lo.mark((*path, "clock"), child)
        out["clock"] = str(_tokens(child, "NAME")[0])
    elif child.data == "plan":
        out["plan"] = lo.string(_tokens(child, "STRING")[0])


def _support_target(kind: str) -> Lowerer:
    def lower(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
        first, *rest = _trees(tree)
        if first.data == "best_effort":
            out: Data = {"kind": kind, "within": None}
        else:
            out = {"kind": kind, "within": lower_quantity(lo, first, (*path, "within"))}
        for child in rest:
            if child.data == "target_share":
                lo.mark((*path, "share"), child)
                share = _tokens(child, "PERCENT")[0]
                out["share"] = {"type": "percent", "value": lo.decimal(share)}
            else:
                _clock_and_plan(lo, child, path, out)
        return out

    return lower


def _escalation(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    tier = _tokens(tree, "NAME")[0]
    lo.mark((*path, "tier"), tier)
    span, *rest = _trees(tree)
    out: Data = {
        "tier": lo.word(tier, EscalationTier, "escalation tier"),
        "within": lower_quantity(lo, span, (*path, "within")),
    }
    for child in rest:
        _clock_and_plan(lo, child, path, out)
    return out


def _channel(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    kind = _tokens(tree, "NAME")[0]
    lo.mark((*path, "kind"), kind)
    strings = _tokens(tree, "STRING")
    out: Data = {
        "kind": lo.word(kind, ChannelKind, "channel"),
        "title": lo.string(strings[0]) if strings else None,
    }
    for child in _trees(tree):
        if child.data == "for_severity":
            lo.mark((*path, "severities"), child)
            out["severities"] = [str(t) for t in _tokens(child, "NAME")]
        else:
            _clock_and_plan(lo, child, path, out)
    return out


_SEVERITY_ITEMS: dict[str, tuple[str, bool, Lowerer]] = {
    "means": ("means", False, _string_clause),
    **{kind: ("targets", True, _support_target(kind)) for kind in words(SupportTargetKind)},
    "escalate": ("escalations", True, _escalation),
    "coverage": ("coverage_on_request", False, _flag),
    "credit": ("credits", True, _credit),
}


_severity = _named_block(_SEVERITY_ITEMS)


def _compliance(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    share = _tokens(tree, "PERCENT")
    return {"share": {"type": "percent", "value": lo.decimal(share[0])} if share else None}


_SUPPORT_ITEMS: dict[str, tuple[str, bool, Lowerer]] = {
    "support_calendar": ("calendar", False, lambda lo, t, p: str(_tokens(t, "NAME")[0])),
    "severity_assignment": ("severity_assigned_by", False, _word_clause(Party, "party")),
    "severity_taken": (
        "severity_taken_as",
        False,
        _word_clause(SeverityChangeRule, "rule for a changed severity"),
    ),
    "automated_responses": (
        "automated_responses",
        False,
        _word_clause(AutomatedResponseRule, "rule for automated responses"),
    ),
    "pauses": ("pauses", False, _word_clause(PauseRule, "pause rule")),
    "channel": ("channels", True, _channel),
    "severity": ("severities", True, _severity),
    "compliance": ("compliance", False, _compliance),
    "credit": ("credits", True, _credit),
    "cap": ("caps", True, _cap),
    "quote": ("quotes", True, _string_clause),
}


def _support(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    return lo.block(tree, path, _SUPPORT_ITEMS)


# ---- compensation -------------------------------------------------------------------------


def _rounding(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    return {
        "mode": lo.word(_tokens(tree, "NAME")[0], RoundingMode, "rounding mode"),
        "precision": lo.decimal(_tokens(tree, "NUMBER")[0]),
    }


def _claim(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    opens, closes = _trees(tree)
    channel = _tokens(tree, "STRING")
    calendar = _tokens(tree, "NAME")
    if calendar:
        lo.mark((*path, "calendar"), calendar[0])
    return {
        "opens": _claim_offset(lo, opens, (*path, "opens")),
        "closes": _claim_offset(lo, closes, (*path, "closes")),
        "calendar": str(calendar[0]) if calendar else None,
        "channel": lo.string(channel[0]) if channel else None,
    }


def _claim_offset(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    lo.mark(path, tree)
    after = _trees(tree)
    return {"after": lower_quantity(lo, after[0], (*path, "after")) if after else None}


_COMPENSATION_ITEMS: dict[str, tuple[str, bool, Lowerer]] = {
    "combine": ("combine", False, _word_clause(CombinationRule, "combination rule")),
    "cap": ("caps", True, _cap),
    "minimum_credit": ("minimum_credit", False, _only_quantity),
    "rounding": ("rounding", False, _rounding),
    "credit_form": ("form", False, _word_clause(CreditForm, "credit form")),
    "claim": ("claim", False, _claim),
    "remedy": ("remedies", True, _word_clause(Remedy, "remedy")),
    "quote": ("quotes", True, _string_clause),
}


def _compensation(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    return lo.block(tree, path, _COMPENSATION_ITEMS)


# ---- examples -----------------------------------------------------------------------------


def lower_value(lo: Lowering, node: ParseNode, path: ModelPath) -> Data:
    if isinstance(node, Token):  # pragma: no cover - every value alternative is aliased
        raise AssertionError(node)
    lo.mark(path, node)
    kind = node.data
    tokens = _tokens(node)
    if kind == "string":
        return {"type": "text", "value": lo.string(tokens[0])}
    if kind == "datetime":
        return {"type": "datetime", "value": lo.datetime(tokens[0])}
    if kind == "date":
        return {"type": "date", "value": lo.date(tokens[0])}
    if kind == "word":
        return {"type": "word", "value": str(tokens[0])}
    if kind == "list":
        return {
            "type": "list",
            "items": [lower_value(lo, c, (*path, "items", i)) for i, c in enumerate(_trees(node))],
        }
    return lower_quantity(lo, node, path)


def _field(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    return {
        "name": str(_tokens(tree, "NAME")[0]),
        "value": lower_value(lo, tree.children[1], (*path, "value")),
    }


_FIELD_ITEMS: dict[str, tuple[str, bool, Lowerer]] = {"field": ("fields", True, _field)}


def _record(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    out = lo.block(tree, path, _FIELD_ITEMS)
    return {
        "kind": str(_tokens(tree, "NAME")[0]),
        "id": lo.string(_tokens(tree, "STRING")[0]),
        "fields": out.get("fields", []),
    }


def _expectation(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    out = lo.block(tree, path, _FIELD_ITEMS)
    return {"subject": str(_tokens(tree, "NAME")[0]), "fields": out.get("fields", [])}


def _example_period(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    month = _tokens(tree, "MONTH")
    if month:
        return {"month": str(month[0])}
    start, end = (lo.date(t) for t in _tokens(tree, "DATE"))
    return {"start": start, "end": end}


_EXAMPLE_ITEMS: dict[str, tuple[str, bool, Lowerer]] = {
    "example_period": ("period", False, _example_period),
    "as_of": ("as_of", False, lambda lo, t, p: lo.datetime(_tokens(t, "DATETIME")[0])),
    "example_fee": ("fee", False, _only_quantity),
    "record": ("records", True, _record),
    "records_file": ("record_files", True, _string_clause),
    "expect": ("expectations", True, _expectation),
}


def _example(lo: Lowering, tree: Tree[Token], path: ModelPath) -> Data:
    out = lo.block(tree, path, _EXAMPLE_ITEMS)
    return {"title": lo.string(_tokens(tree, "STRING")[0]), **out}


# ---- the contract -------------------------------------------------------------------------

_CONTRACT_ITEMS: dict[str, tuple[str, bool, Lowerer]] = {
    "provider": ("provider", False, _string_clause),
    "customer": ("customer", False, _string_clause),
    "effective": ("effective", False, _date_range),
    "timezone": ("timezone", False, _string_clause),
    "currency": ("currency", False, _currency),
    "fee_base": ("fee_bases", True, _fee_base),
    "period": ("period", False, _period),
    "calendar": ("calendars", True, _calendar),
    "service": ("services", True, _service),
    "downtime": ("downtimes", True, _downtime),
    "objective": ("objectives", True, _objective),
    "support": ("support", False, _support),
    "compensation": ("compensation", False, _compensation),
    "example": ("examples", True, _example),
    "quote": ("quotes", True, _string_clause),
}


def lower_contract(
    tree: Tree[Token], file: str | None, text: str
) -> tuple[Data, SourceMap, list[Diagnostic]]:
    lo = Lowering(file, text)
    contract = tree.children[0]
    assert isinstance(contract, Tree)
    strings = _tokens(contract, "STRING")
    lo.mark((), contract)
    lo.mark(("name",), strings[0])
    data: Data = {"name": lo.string(strings[0])}
    if len(strings) > 1:
        lo.mark(("version",), strings[1])
        data["version"] = lo.string(strings[1])
    data.update(lo.block(contract, (), _CONTRACT_ITEMS))
    return data, lo.source_map, lo.diagnostics
