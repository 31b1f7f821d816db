"""The Backend facade: the account's context plus the operation table, over
one operations class per resource (no mixins)."""

from __future__ import annotations

import inspect
import threading

from mock_codeartifact._backend import Backend, implemented_operations
from mock_codeartifact._backend.base import AccountContext, Operations, operation
from mock_codeartifact._protocol.model import python_name, service_model


def test_the_facade_is_the_context_and_nothing_else():
    assert Backend.__mro__ == (Backend, AccountContext, object)


def test_every_operations_class_derives_from_operations_only(codeartifact_backend):
    for resource in codeartifact_backend._resources.values():
        assert type(resource).__mro__ == (type(resource), Operations, object)
        assert resource.ctx is codeartifact_backend


def test_each_operation_is_its_resource_method_with_its_signature():
    for name in implemented_operations():
        facade = getattr(Backend, name)
        method = facade.__wrapped__
        assert method.__name__ == name and method.__qualname__.endswith("Operations." + name)
        assert inspect.signature(facade) == inspect.signature(method)


def test_the_table_covers_the_model_operations_it_did_before():
    names = {python_name(op) for op in service_model().operation_names}
    assert implemented_operations() <= names
    assert {"create_domain", "copy_package_versions", "publish_package_version"} <= implemented_operations()


def test_operations_hold_the_registry_lock(codeartifact_backend):
    seen = []

    def probe(self: Operations) -> dict[str, object]:
        lock = self._registry.lock
        # Held by this thread: another thread cannot take it meanwhile.
        other = threading.Thread(target=lambda: seen.append(lock.acquire(timeout=0.05)))
        other.start()
        other.join()
        return {}

    operation(probe)(codeartifact_backend._resources["DomainOperations"])
    assert seen == [False]
    # The facade calls the decorated method, so every operation but the one
    # that takes the lock itself (PublishPackageVersion) is atomic.
    atomic = {n for n in implemented_operations() if hasattr(getattr(Backend, n).__wrapped__, "__wrapped__")}
    assert implemented_operations() - atomic == {"publish_package_version"}


def test_seeding_and_the_api_reach_the_same_state(codeartifact_backend, codeartifact_client):
    codeartifact_backend.create_domain(domain="acme")
    assert codeartifact_client.describe_domain(domain="acme")["domain"]["name"] == "acme"
    assert codeartifact_backend.domains["acme"] is codeartifact_backend._resources["DomainOperations"].domains["acme"]
