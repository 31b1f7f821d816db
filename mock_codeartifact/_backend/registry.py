"""All state of one mock: a backend per (account, Region), one lock, one clock."""

from __future__ import annotations

import json
import random
import threading
from typing import TYPE_CHECKING, Any

from .._clock import Clock
from . import Backend
from ._derived_cache import DerivedCache
from .external_connections import EXTERNAL_CONNECTIONS
from .quotas import default_quotas
from .state import Identity, Token
from .tokens import repository_endpoint

if TYPE_CHECKING:
    from .assets import AssetStore
    from .persistence import RegistryState, Snapshot
    from .public_registries import PublicRegistries, PublicRegistry, PublicState

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"


class Registry:
    """Every account's and Region's CodeArtifact state.

    One re-entrant lock guards the whole registry: operations that touch two
    accounts (a domain shared across accounts) stay atomic.
    """

    def __init__(
        self,
        account_id: str = DEFAULT_ACCOUNT_ID,
        region: str = DEFAULT_REGION,
        clock: Clock | None = None,
        seed: Any = None,
    ) -> None:
        self.default_account_id = account_id
        self.default_region = region
        self.clock = clock or Clock()
        self.random = random.Random(seed)
        self.lock = threading.RLock()
        #: Count quotas (adjustable per test, as AWS lets accounts raise them).
        self.quotas = default_quotas()
        #: Authorization tokens by value, for the repository endpoints.
        self.tokens: dict[str, Token] = {}
        #: Who signs with which access key id (see :meth:`add_identity`).
        self.identities: dict[str, Identity] = {}
        self._backends: dict[tuple[str, str], Backend] = {}
        #: The largest request body the HTTP door accepts (413 beyond it);
        #: None: the asset-size quota, ``quotas["asset_size_bytes"]``.
        self.max_request_bytes: int | None = None
        #: Builds GetRepositoryEndpoint URLs; the HTTP server points it at itself.
        self.endpoint_url = repository_endpoint
        self._public: PublicRegistries | None = None
        #: What the endpoints derive from the state (packuments, manifests),
        #: bounded by bytes (``derived_cache.max_bytes``); dropped by ``reset()``.
        self.derived_cache = DerivedCache()

    def public_registry(self, name: str) -> PublicRegistry:
        """The simulated public registry behind an external connection
        (``"public:pypi"``): seed it with ``publish_package(...)``."""
        with self.lock:
            if self._public is None:
                self._public = self._public_registries(None)
            return self._public.get(name)

    def _public_registries(self, state: PublicState | None) -> PublicRegistries:
        """The public registries with ``state`` (None: empty). They publish
        through a backend of their own account, outside the table of backends
        (so in no API listing). Imported here: most mocks never reach one."""
        from .public_registries import PUBLIC_OWNER, PublicRegistries

        backend = Backend(self, PUBLIC_OWNER, "public")
        if state is None:
            state = PublicRegistries.empty(self.clock.now())
        return PublicRegistries(backend, EXTERNAL_CONNECTIONS, state)

    def public_store(self) -> AssetStore | None:
        """The asset store of the public registries (None until one is used)."""
        return self._public.assets if self._public is not None else None

    def backend(self, account_id: str | None = None, region: str | None = None) -> Backend:
        key = (account_id or self.default_account_id, region or self.default_region)
        found = self._backends.get(key)
        if found is not None:
            return found
        with self.lock:
            found = self._backends.get(key)
            if found is None:
                found = self._backends[key] = Backend(self, *key)
            return found

    def find(self, account_id: str, region: str) -> Backend | None:
        """The backend of an account and Region if it holds any state; looking
        something up never creates one."""
        return self._backends.get((account_id, region))

    def backends(self, region: str | None = None) -> list[Backend]:
        """Existing backends, optionally of one Region."""
        return [b for (_, r), b in sorted(self._backends.items()) if region is None or r == region]

    def add_identity(self, access_key_id: str, account_id: str, principal_arn: str | None = None) -> None:
        """Clients signing with ``access_key_id`` act as ``account_id`` (and as
        ``principal_arn`` in resource policies)."""
        identity = Identity(account_id, principal_arn)
        with self.lock:
            self.identities[access_key_id] = identity

    def identity(self, access_key_id: str | None) -> Identity | None:
        """The identity registered for ``access_key_id``, if any."""
        return self.identities.get(access_key_id or "")

    def token(self, value: str) -> Token | None:
        """The authorization token issued with ``value``, if any (expired or
        not: :func:`mock_codeartifact._access.tokens.check_token` decides)."""
        return self.tokens.get(value)

    def drop_expired_tokens(self) -> None:
        """Forget every token that has expired by the registry's clock."""
        with self.lock:
            now = self.clock.now()
            for value in [v for v, token in self.tokens.items() if token.expiration <= now]:
                del self.tokens[value]

    def request_id(self) -> str:
        """A version-4 UUID from the registry's (seedable) random source."""
        bits = self.random.getrandbits(128) & ~(0xF000 << 64) & ~(0xC000 << 48) | (0x4000 << 64) | (0x8000 << 48)
        text = f"{bits:032x}"
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

    # -- the whole state: saved and put back, exported and imported -----------------
    # The registry gathers and adopts its own state; ``persistence`` copies
    # the records and turns them into the JSON document and back (imported
    # when first needed: a mock that never saves its state never loads it).
    def snapshot(self) -> Snapshot:
        """A deep copy of all state (backends, tokens, identities, quotas, clock,
        random source) that :meth:`restore` puts back, as often as wanted."""
        from . import persistence

        with self.lock:
            return persistence.copy_state(self._state())

    def restore(self, saved: Snapshot) -> None:
        """Make the state exactly what ``saved`` (from :meth:`snapshot` of this
        or any registry) holds."""
        from . import persistence

        if not isinstance(saved, persistence.Snapshot):
            raise TypeError(f"restore() takes a Snapshot, not {type(saved).__name__}")
        state = persistence.copy_state(saved)  # a snapshot is never changed: copied without the lock
        with self.lock:
            self._adopt(state)

    def to_document(self, embed_assets: bool = True) -> dict[str, Any]:
        """All state as plain JSON-ready data (asset blobs in base64, or, when
        ``embed_assets`` is false, named where a data directory keeps them)."""
        from . import persistence

        with self.lock:
            return persistence.state_document(self._state(), embed_assets)

    def export_json(self, indent: int | None = None, embed_assets: bool = True) -> str:
        """All state as a JSON document (asset blobs in base64; see :meth:`to_document`)."""
        return json.dumps(self.to_document(embed_assets), indent=indent, sort_keys=False)

    def import_json(self, text: str | bytes | dict[str, Any]) -> None:
        """Replace all state with a document of :meth:`export_json` (its text,
        or the parsed dict). The whole document is read first: a defective one
        raises and changes nothing."""
        from . import persistence

        state = persistence.state_from_document(text)
        with self.lock:
            self._adopt(state)

    def _state(self) -> RegistryState:
        """All state as its records, not copied (call with the lock held)."""
        from .persistence import RegistryState

        return RegistryState(
            backends={key: backend.domains for key, backend in self._backends.items()},
            tokens=self.tokens,
            quotas=self.quotas,
            random_state=self.random.getstate(),
            clock_state=self.clock.state(),
            public=None if self._public is None else self._public.state(),
            identities=self.identities,
        )

    def _adopt(self, state: RegistryState) -> None:
        """Make ``state`` (records no registry holds yet: a copy, or read from a
        document) all of this registry's state (call with the lock held).
        Backend objects the registry already has are kept (refilled), so
        references to them (the ``codeartifact_backend`` fixture) stay valid."""
        existing = dict(self._backends)
        self._backends.clear()
        for key, domains in state.backends.items():
            backend = existing.get(key)
            if backend is None:
                backend = Backend(self, *key)
            backend.domains = domains
            self._backends[key] = backend
        self.tokens.clear()
        self.tokens.update(state.tokens)
        self.identities.clear()
        self.identities.update(state.identities)
        self.quotas.clear()
        self.quotas.update(state.quotas)
        if state.random_state is not None:
            self.random.setstate(state.random_state)
        if state.clock_state is not None:
            self.clock.set_state(state.clock_state)
        self._public = None if state.public is None else self._public_registries(state.public)

    def reset(self) -> None:
        """Forget all state (identities, quotas, clock and random source are kept)."""
        with self.lock:
            self._backends.clear()
            self.tokens.clear()
            self._public = None
            self.derived_cache.clear()

    def __repr__(self) -> str:
        return f"<Registry default={self.default_account_id}/{self.default_region} backends={len(self._backends)}>"
