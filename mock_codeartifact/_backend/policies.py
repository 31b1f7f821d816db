"""Resource policies: Put/Get/Delete Domain and Repository PermissionsPolicy."""

from __future__ import annotations

from typing import Any

from ..errors import ConflictException, ResourceNotFoundException, ValidationException
from .base import Operations, operation
from .state import Policy


def _policy_result(arn: str, policy: Policy) -> dict[str, Any]:
    return {"policy": {"resourceArn": arn, "revision": policy.revision, "document": policy.document}}


def _check_document(document: str) -> None:
    """The document must be a policy the mock can evaluate: a JSON object
    with ``Statement``, every statement with ``Effect``, ``Principal`` (or
    ``NotPrincipal``), ``Action`` (or ``NotAction``) and well-formed values."""
    from .._policy_language import PolicyError, parse

    try:
        parse(document)
    except PolicyError as error:
        raise ValidationException(str(error)) from None


def _check_revision(current: Policy | None, expected: str | None, arn: str) -> None:
    """``policyRevision`` is an optimistic lock: the write happens only when it
    names the policy's current revision."""
    if expected is not None and (current is None or current.revision != expected):
        raise ConflictException(
            f"The policy revision '{expected}' does not match the current revision of the policy on {arn}",
            resource_id=arn,
        )


def _missing(arn: str, what: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"No resource policy is attached to {what} {arn}", resource_id=arn, resource_type=what)


class PolicyOperations(Operations):
    def _put_policy(self, resource: Any, document: str, revision: str | None) -> dict[str, Any]:
        _check_document(document)
        _check_revision(resource.policy, revision, resource.arn)
        resource.policy = Policy(document=document, revision=self._random_id())
        return _policy_result(resource.arn, resource.policy)

    @staticmethod
    def _get_policy(resource: Any, what: str) -> dict[str, Any]:
        if resource.policy is None:
            raise _missing(resource.arn, what)
        return _policy_result(resource.arn, resource.policy)

    @staticmethod
    def _delete_policy(resource: Any, revision: str | None, what: str) -> dict[str, Any]:
        if resource.policy is None:
            raise _missing(resource.arn, what)
        _check_revision(resource.policy, revision, resource.arn)
        deleted, resource.policy = resource.policy, None
        return _policy_result(resource.arn, deleted)

    @operation
    def put_domain_permissions_policy(
        self,
        *,
        domain: str,
        policyDocument: str,
        domainOwner: str | None = None,
        policyRevision: str | None = None,
    ) -> dict[str, Any]:
        return self._put_policy(self._domain(domain, domainOwner), policyDocument, policyRevision)

    @operation
    def get_domain_permissions_policy(self, *, domain: str, domainOwner: str | None = None) -> dict[str, Any]:
        return self._get_policy(self._domain(domain, domainOwner), "domain")

    @operation
    def delete_domain_permissions_policy(
        self, *, domain: str, domainOwner: str | None = None, policyRevision: str | None = None
    ) -> dict[str, Any]:
        return self._delete_policy(self._domain(domain, domainOwner), policyRevision, "domain")

    @operation
    def put_repository_permissions_policy(
        self,
        *,
        domain: str,
        repository: str,
        policyDocument: str,
        domainOwner: str | None = None,
        policyRevision: str | None = None,
    ) -> dict[str, Any]:
        repo = self._repository(domain, domainOwner, repository)
        return self._put_policy(repo, policyDocument, policyRevision)

    @operation
    def get_repository_permissions_policy(
        self, *, domain: str, repository: str, domainOwner: str | None = None
    ) -> dict[str, Any]:
        return self._get_policy(self._repository(domain, domainOwner, repository), "repository")

    @operation
    def delete_repository_permissions_policy(
        self,
        *,
        domain: str,
        repository: str,
        domainOwner: str | None = None,
        policyRevision: str | None = None,
    ) -> dict[str, Any]:
        repo = self._repository(domain, domainOwner, repository)
        return self._delete_policy(repo, policyRevision, "repository")
