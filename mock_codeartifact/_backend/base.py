"""What every operation of the backend shares, and how an operation is marked.

:class:`AccountContext` is one caller account's view in one Region: the
registry (lock, clock, quotas, randomness), the account's domains and the
lookups every operation starts with (domain, repository). Each resource's
operations are a small class deriving from :class:`Operations`, which holds
that context as ``ctx`` and names, in its constructor, every other operation
class it uses; :class:`~mock_codeartifact._backend.Backend` (the facade) is the
context itself plus the table of operations.
"""

from __future__ import annotations

import base64
import functools
import random
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .._clock import Clock
from ..errors import ResourceNotFoundException
from ._derived_cache import DerivedCache
from .state import Domain, Repository, Token

if TYPE_CHECKING:
    from .assets import AssetStore
    from .public_registries import PublicRegistry

F = TypeVar("F", bound=Callable[..., Any])


def operation(method: F) -> F:
    """Mark a backend method as the implementation of the API operation it is
    named after, and make it atomic: the registry lock is held throughout, so
    concurrent callers see each operation whole or not at all."""

    @functools.wraps(method)
    def atomic(self: Operations, *args: Any, **kwargs: Any) -> Any:
        with self._registry.lock:
            return method(self, *args, **kwargs)

    atomic.is_operation = True  # type: ignore[attr-defined]
    return atomic  # type: ignore[return-value]


def operation_outside_lock(method: F) -> F:
    """Mark a backend method as an operation that takes the registry lock
    itself: only around its reads and its state change, so the heavy part
    (hashing or parsing an upload) never holds up other callers. The method
    re-checks, under the lock, everything it decided before taking it."""
    method.is_operation = True  # type: ignore[attr-defined]
    return method


class SharedState(Protocol):
    """What operations use of the state every account shares: the
    :class:`~mock_codeartifact._backend.registry.Registry` is one. A Protocol,
    so the operations never import the registry that builds them (the
    registry sits above the operations; see docs/architecture.md)."""

    @property
    def lock(self) -> AbstractContextManager[Any]: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def random(self) -> random.Random: ...
    @property
    def quotas(self) -> dict[str, int]: ...
    @property
    def tokens(self) -> dict[str, Token]: ...
    @property
    def derived_cache(self) -> DerivedCache: ...
    @property
    def endpoint_url(self) -> Callable[[str, str, str, str, str, str], str]: ...

    def backend(self, account_id: str | None = None, region: str | None = None) -> AccountContext: ...
    def find(self, account_id: str, region: str) -> AccountContext | None: ...
    def backends(self, region: str | None = None) -> Sequence[AccountContext]: ...
    def public_registry(self, name: str) -> PublicRegistry: ...
    def public_store(self) -> AssetStore | None: ...


class AccountContext:
    """The view of CodeArtifact of one caller account in one Region."""

    def __init__(self, registry: SharedState, account_id: str, region: str) -> None:
        self._registry = registry
        self.account_id = account_id
        self.region = region
        #: Domains owned by this account in this Region, by name.
        self.domains: dict[str, Domain] = {}

    def __repr__(self) -> str:
        return f"<Backend account={self.account_id} region={self.region} domains={sorted(self.domains)}>"

    # -- identity, time, randomness ---------------------------------------
    def _now(self) -> Any:
        return self._registry.clock.now()

    def _random_id(self, nbytes: int = 32) -> str:
        """Base64 text of random bytes, like the service's revisions (44 chars)."""
        return base64.b64encode(self._registry.random.randbytes(nbytes)).decode("ascii")

    def _owner_backend(self, owner: str | None) -> AccountContext:
        if not owner or owner == self.account_id:
            return self
        return self._registry.backend(owner, self.region)

    # -- lookups ------------------------------------------------------------
    def _searched(self, owner: str) -> str:
        """Appended to AWS's not-found text: the scope that was searched, so a
        client in another Region than the seeded state shows the mismatch
        (AWS's message ends before it; docs/behaviour.md)."""
        return f" (searched Region '{self.region}', account '{owner}')"

    def _domain(self, domain: str, domain_owner: str | None = None) -> Domain:
        owner = domain_owner or self.account_id
        backend = self if owner == self.account_id else self._registry.find(owner, self.region)
        found = backend.domains.get(domain) if backend is not None else None
        if found is None:
            raise ResourceNotFoundException(
                f"Domain not found. Domain '{domain}' owned by account '{owner}' does not exist"
                + self._searched(owner),
                resource_id=domain,
                resource_type="domain",
            )
        return found

    def _still_there(self, repo: Repository) -> None:
        """Raise ResourceNotFoundException when ``repo`` (looked up before the
        lock was taken) has been deleted since, or its domain has (a domain or
        repository created again under the same name is another resource)."""
        domain = repo.domain
        holder = self._registry.find(domain.owner, domain.region)
        if (
            holder is None
            or holder.domains.get(domain.name) is not domain
            or domain.repositories.get(repo.name) is not repo
        ):
            raise ResourceNotFoundException(
                f"Repository not found. Repository '{repo.name}' in domain '{domain.name}' does not exist",
                resource_id=repo.name,
                resource_type="repository",
            )

    def _repository(self, domain: str, domain_owner: str | None, repository: str) -> Repository:
        found = self._domain(domain, domain_owner).repositories.get(repository)
        if found is None:
            raise ResourceNotFoundException(
                f"Repository not found. Repository '{repository}' in domain '{domain}' does not exist"
                + self._searched(domain_owner or self.account_id),
                resource_id=repository,
                resource_type="repository",
            )
        return found


class Operations:
    """The operations of one resource, over the account's context ``ctx``.

    The context's state and lookups are reached under the names the
    operations have always used (``self._registry``, ``self._repository(...)``),
    each forwarded explicitly below; anything else an operation needs from
    another resource is an object passed to its constructor."""

    def __init__(self, ctx: AccountContext) -> None:
        self.ctx = ctx

    @property
    def _registry(self) -> SharedState:
        return self.ctx._registry

    @property
    def account_id(self) -> str:
        return self.ctx.account_id

    @property
    def region(self) -> str:
        return self.ctx.region

    @property
    def domains(self) -> dict[str, Domain]:
        return self.ctx.domains

    def _now(self) -> Any:
        return self.ctx._now()

    def _random_id(self, nbytes: int = 32) -> str:
        return self.ctx._random_id(nbytes)

    def _owner_backend(self, owner: str | None) -> AccountContext:
        return self.ctx._owner_backend(owner)

    def _domain(self, domain: str, domain_owner: str | None = None) -> Domain:
        return self.ctx._domain(domain, domain_owner)

    def _still_there(self, repo: Repository) -> None:
        self.ctx._still_there(repo)

    def _repository(self, domain: str, domain_owner: str | None, repository: str) -> Repository:
        return self.ctx._repository(domain, domain_owner, repository)
