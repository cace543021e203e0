"""The mapping file (TOML): source names to the contract's names, and per-format options.

    [services]        "API Requests" = "api"      # components, services, jobs -> contract services
    [severities]      P1 = "S1"                   # priorities -> contract severities
    [impacts]         P1 = "major_outage"         # statuses or priorities -> canonical impacts
    [options]         unmapped_services = "drop"  # default "error"
    [statuspage] [pagerduty] [opsgenie] [jira] [servicenow] [zendesk] [prometheus]

A table that is absent passes names through unchanged; a table that is present must name every
value met, else the record is an error (or, for services with `unmapped_services = "drop"`, it is
dropped and counted on standard error).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from slalang.config import read_toml
from slalang.importers.failure import ImportFailure
from slalang.model import Impact
from slalang.records.errors import location

V = TypeVar("V")


class _Table(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Options(_Table):
    unmapped_services: Literal["error", "drop"] = "error"
    date_format: str | None = None  # strptime format for times that are not ISO 8601 (CSV exports)


class OpsgenieOptions(_Table):
    service_field: str = "entity"


class JiraOptions(_Table):
    first_response_sla: str = "Time to first response"
    pause_statuses: tuple[str, ...] = ("Waiting for customer",)


class ServiceNowOptions(_Table):
    first_response_field: str | None = None
    service_field: str = "business_service"


class PrometheusOptions(_Table):
    service_label: str = "job"
    scope_labels: tuple[str, ...] = ()
    step: str | None = Field(default=None, pattern=r"^0*[1-9]\d{0,8}(ms|s|m|h)$")  # more than 0
    up_at_least: str = Field(default="1", pattern=r"^\d{1,12}(\.\d{1,12})?$")
    impact: Impact = "major_outage"


class MappingFile(_Table):
    services: dict[str, str] | None = None
    severities: dict[str, str] | None = None
    impacts: dict[str, Impact] | None = None
    options: Options = Options()
    opsgenie: OpsgenieOptions = OpsgenieOptions()
    jira: JiraOptions = JiraOptions()
    servicenow: ServiceNowOptions = ServiceNowOptions()
    prometheus: PrometheusOptions = PrometheusOptions()


@dataclass(frozen=True)
class Mapping:
    """A validated mapping file and where it came from (lookups name it in their errors)."""

    file: MappingFile = field(default_factory=MappingFile)
    source: str = "the mapping (no --map given)"

    @property
    def services(self) -> dict[str, str] | None:
        return self.file.services

    @property
    def options(self) -> Options:
        return self.file.options

    def service(self, names: tuple[str, ...], record: str, file: str) -> str | None:
        """The contract service for the first of `names` the table knows; None: drop the record."""
        if self.services is None:
            return names[0]
        for name in names:
            if name in self.services:
                return self.services[name]
        if self.options.unmapped_services == "drop":
            return None
        raise ImportFailure(
            file,
            record,
            f"{names[0]!r} has no entry in [services] of {self.source}",
            (
                f'add "{names[0]}" = "<contract service>" under [services], or '
                'unmapped_services = "drop" under [options] to leave such records out',
            ),
        )

    def severity(self, raw: str, record: str, file: str) -> str:
        """The contract severity of the source priority `raw`."""
        table = self.file.severities
        return (
            raw if table is None else _lookup(table, "severities", raw, record, file, self.source)
        )

    def impact(self, raw: str, record: str, file: str) -> Impact:
        """The canonical impact of the source priority `raw` (the [impacts] table is required)."""
        if self.file.impacts is None:
            raise ImportFailure(
                file,
                record,
                f"no [impacts] table in {self.source} to give {raw!r} an impact",
                (f'add [impacts] with "{raw}" = "major_outage" (or another impact)',),
            )
        return _lookup(self.file.impacts, "impacts", raw, record, file, self.source)


def _lookup(table: dict[str, V], name: str, raw: str, record: str, file: str, source: str) -> V:
    if raw in table:
        return table[raw]
    raise ImportFailure(
        file,
        record,
        f"{raw!r} has no entry in [{name}] of {source}",
        (f'add "{raw}" = "<...>" under [{name}]',),
    )


def load_mapping(path: str | None) -> Mapping:
    """The mapping in the TOML file `path` (defaults without one)."""
    if path is None:
        return Mapping()
    try:
        data = read_toml(path)
    except OSError as exc:
        raise ImportFailure(path, None, f"cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ImportFailure(path, None, str(exc)) from None
    try:
        return Mapping(MappingFile.model_validate(data), path)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = location(first["loc"])
        what = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise ImportFailure(path, None, f"{where}: {what}") from None
