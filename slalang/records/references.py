"""Checks of a record against a contract: services and ticket severities must be defined there."""

from __future__ import annotations

from slalang.model import Contract
from slalang.records.errors import UNKNOWN_SERVICE, UNKNOWN_SEVERITY, Problem, suggest
from slalang.records.model import AnyRecord, Ticket


class ContractCheck:
    """Names a contract defines. A contract without services (or without support) checks none."""

    __slots__ = ("services", "severities")

    def __init__(self, contract: Contract) -> None:
        self.services = tuple(service.id for service in contract.services)
        support = contract.support
        self.severities = tuple(s.id for s in support.severities) if support else ()

    def __call__(self, record: AnyRecord) -> list[Problem]:
        """What `record` names that the contract does not define."""
        found: list[Problem] = []
        service = getattr(record, "service", None)
        if self.services and service is not None and service not in self.services:
            found.append(_unknown(UNKNOWN_SERVICE, "service", service, self.services))
        if self.severities and isinstance(record, Ticket):
            if record.severity not in self.severities:
                found.append(
                    _unknown(UNKNOWN_SEVERITY, "severity", record.severity, self.severities)
                )
            for index, change in enumerate(record.severity_history):
                if change.severity not in self.severities:
                    where = f"severity_history[{index}].severity"
                    found.append(
                        _unknown(UNKNOWN_SEVERITY, where, change.severity, self.severities)
                    )
        return found


def _unknown(code: str, where: str, name: str, known: tuple[str, ...]) -> Problem:
    what = "service" if code == UNKNOWN_SERVICE else "severity"
    message = f"{where}: {name!r} is not a {what} of the contract; it defines: {', '.join(known)}"
    return Problem(code, message, where.split("[")[0], suggest(name, known))
