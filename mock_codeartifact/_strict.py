"""Strict mode: a fault a test injected but never triggered is a failure.

A test that sets up ``faults.throttle("CopyPackageVersions")`` and then never
makes that call tests less than it claims (a misspelt parameter in ``when``,
a code path not taken). With ``mock_codeartifact(strict=True)`` or
``@pytest.mark.codeartifact(strict=True)`` the mock fails when it stops.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._faults import Fault

__all__ = ["UnfiredFaultsError", "unfired_faults"]


class UnfiredFaultsError(AssertionError):
    """Faults were injected that no call triggered (strict mode)."""

    def __init__(self, faults: list[Fault]) -> None:
        self.faults = faults
        lines = [f"{len(faults)} injected fault(s) never fired (strict mode):"]
        lines += [f"  - {_describe(fault)}" for fault in faults]
        super().__init__("\n".join(lines))


def unfired_faults(plugins: Iterable[object]) -> list[Fault]:
    """Faults of the :class:`Faults` plugins among ``plugins`` that fired on no call."""
    from ._faults import Faults

    return [fault for plugin in plugins if isinstance(plugin, Faults) for fault in plugin.faults if not fault.fired]


def _describe(fault: Fault) -> str:
    where = "" if fault.when is None else f" when {fault.when!r}"
    return f"{fault.kind} {fault.operation}{where}"
