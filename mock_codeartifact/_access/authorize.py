"""The access decision for one call: caller (account and principal) against
the resource's owner and the resource policies that apply.

- The **owner** of a domain, of its package groups and of a repository that
  does not exist yet is the domain owner. A repository (and its packages) has
  two: its administrator account (the account that created it; "by default,
  only the repository owner has access") and the domain owner (whose domain
  policy governs every resource of the domain anyway).
- **Policies that apply**: the domain policy, for every resource of the
  domain; for a repository and its packages also the repository policy.
- A caller of an owning account is **allowed unless** a policy that applies
  explicitly denies it (identity policies are not modelled: they are taken to
  allow).
- A caller of **another account needs an Allow** in one of those policies and
  no Deny.
- **Explicit Deny always wins.**
- Put{Domain,Repository}PermissionsPolicy by a caller of the owning account
  ignores the policy it replaces, so nobody locks themselves out.
- CreateDomain, ListDomains and ListRepositories act in the caller's own
  account: always allowed.
- A domain that does not exist is not checked (the operation then answers
  ResourceNotFoundException, as no policy can exist for it); a repository that
  does not exist is checked against the domain policy alone.

Fast path: when the caller owns the domain and neither the domain nor the
repositories the request names have a policy, the call is allowed after a few
dictionary look-ups, without building ARNs or parsing anything.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote

from .._backend import arns
from .._call import Call
from ..errors import AccessDeniedException
from .actions import OPERATIONS, Check, OperationAccess

if TYPE_CHECKING:
    from .._backend.registry import Registry
    from .._backend.state import Domain, Policy


__all__ = ["authorize_call", "authorize_repository_access", "default_principal", "denied"]


def default_principal(account_id: str, region: str | None = None) -> str:
    """The principal of a caller whose access key has no registered principal:
    the account itself (``arn:aws:iam::{account}:root``)."""
    return f"arn:{arns.partition(region or '')}:iam::{account_id}:root"


def denied(principal_arn: str, action: str, resource_arn: str, explicit: bool) -> AccessDeniedException:
    """The service's AccessDeniedException, in AWS's usual message form."""
    reason = (
        "with an explicit deny in a resource-based policy"
        if explicit
        else f"because no resource-based policy allows the {action} action"
    )
    return AccessDeniedException(
        f"User: {principal_arn} is not authorized to perform: {action} on resource: {resource_arn} {reason}"
    )


class _Target(NamedTuple):
    """One resource an action is checked on."""

    arn: str
    #: Accounts that own it (the first is the domain owner).
    owners: tuple[str, ...]
    #: The policies that apply: the domain's, then the repository's.
    policies: tuple[Policy | None, ...]
    #: The resource's own policy (what Put*PermissionsPolicy replaces).
    own: Policy | None
    tags: dict[str, str] | None = None


# -- entry points ----------------------------------------------------------------


def authorize_call(registry: Registry, call: Call) -> None:
    """Raise AccessDeniedException unless ``call``'s caller may make it."""
    access = OPERATIONS.get(call.operation)
    if access is None or access.scope == "account":
        return
    params = call.params
    caller = call.account_id
    if access.scope == "arn":
        _authorize_arn(registry, call, access.checks[0])
        return
    owner = params.get("domainOwner") or caller
    holder = registry.find(owner, call.region)
    if holder is None:
        return
    domain = holder.domains.get(params.get("domain"))  # type: ignore[arg-type]
    if domain is None:
        return
    if owner == caller and domain.policy is None and not _repository_policy(domain, params, access):
        return  # the fast path: nothing can deny the owner
    principal = call.principal_arn or default_principal(caller, call.region)
    for check in access.checks:
        if check.if_tagged and not params.get("tags"):
            continue
        for target in _targets(check, domain, params, call.region):
            _decide(registry, principal, caller, call.region, check, target, params)


def authorize_repository_access(
    registry: Registry,
    account_id: str,
    domain: str,
    domain_owner: str | None,
    repository: str,
    action: str,
    *,
    principal_arn: str | None = None,
    region: str | None = None,
    package: tuple[str, str | None, str] | None = None,
) -> None:
    """The check of the repository endpoints (package managers).

    ``action`` is ``codeartifact:ReadFromRepository`` (checked on the
    repository) or ``codeartifact:PublishPackageVersion`` /
    ``codeartifact:PutPackageMetadata`` (checked on the package when
    ``package=(format, namespace, name)`` is given, else on the repository).
    Same rules as the API: owners are allowed unless denied, other accounts
    need an Allow in the domain or repository policy. A missing domain or
    repository is not checked (answer 404 as usual). Raises
    :class:`~mock_codeartifact.errors.AccessDeniedException`.
    """
    region = region or registry.default_region
    owner = domain_owner or account_id
    holder = registry.find(owner, region)
    found = holder.domains.get(domain) if holder is not None else None
    if found is None or repository not in found.repositories:
        return
    repo = found.repositories[repository]
    if owner == account_id and found.policy is None and repo.policy is None:
        return
    principal = principal_arn or default_principal(account_id, region)
    if package is None:
        params: dict[str, Any] = {"repository": repository}
        check = Check(action, "repository")
    else:
        fmt, namespace, name = package
        params = {"repository": repository, "format": fmt, "namespace": namespace, "package": name}
        check = Check(action, "package")
    for target in _targets(check, found, params, region):
        _decide(registry, principal, account_id, region, check, target, params)


# -- resources --------------------------------------------------------------------


def _repository_policy(domain: Domain, params: dict[str, Any], access: OperationAccess) -> bool:
    """Whether a repository the request names has a policy."""
    repositories = domain.repositories
    for name in access.repository_params:
        repo = repositories.get(params.get(name))  # type: ignore[arg-type]
        if repo is not None and repo.policy is not None:
            return True
    if access.upstreams:
        for entry in params.get("upstreams") or ():
            repo = repositories.get(entry.get("repositoryName"))
            if repo is not None and repo.policy is not None:
                return True
    return False


def _repository_target(domain: Domain, name: str, region: str, arn: str | None = None) -> _Target:
    repo = domain.repositories.get(name)
    if repo is None:
        arn = arn or arns.repository_arn(region, domain.owner, domain.name, name)
        return _Target(arn, (domain.owner,), (domain.policy,), None)
    owners = (domain.owner,) if repo.administrator_account == domain.owner else (
        domain.owner, repo.administrator_account
    )
    return _Target(arn or repo.arn, owners, (domain.policy, repo.policy), repo.policy, repo.tags)


def _package_name(fmt: str, package: str) -> str:
    """The name as the service stores it (NuGet and Swift normalise API input)."""
    try:
        from .._formats import get_format

        plugin = get_format(fmt)
    except (KeyError, ValueError):
        return package
    return plugin.normalize_name(package) if plugin.normalizes_api_input else package


def _targets(check: Check, domain: Domain, params: dict[str, Any], region: str) -> list[_Target]:
    kind = check.resource
    if kind == "domain":
        return [_Target(domain.arn, (domain.owner,), (domain.policy,), domain.policy, domain.tags)]
    if kind == "repository":
        name = params.get(check.param)
        return [_repository_target(domain, name, region)] if name else []
    if kind == "package":
        name, fmt, package = params.get(check.param), params.get("format"), params.get("package")
        if not (name and fmt and package):
            return []
        arn = arns.package_arn(
            region, domain.owner, domain.name, name, fmt, params.get("namespace"), _package_name(fmt, package)
        )
        target = _repository_target(domain, name, region, arn)
        return [_Target(arn, target.owners, target.policies, target.own)]  # packages carry no tags
    if kind == "new-repository":
        name = params.get("repository")
        arn = arns.repository_arn(region, domain.owner, domain.name, name or "")
        return [_Target(arn, (domain.owner,), (domain.policy,), None)]
    if kind in ("group", "new-group"):
        pattern = params.get("packageGroup") or ""
        arn = arns.package_group_arn(region, domain.owner, domain.name, pattern)
        group = domain.package_groups.get(pattern) if kind == "group" else None
        return [_Target(arn, (domain.owner,), (domain.policy,), None, group.tags if group else None)]
    if kind == "upstreams":
        names = [entry.get("repositoryName") for entry in params.get("upstreams") or ()]
        return [_repository_target(domain, name, region) for name in names if name]
    raise AssertionError(f"unknown resource kind {kind!r}")


def _authorize_arn(registry: Registry, call: Call, check: Check) -> None:
    """Tag operations: the resource is the one ``resourceArn`` names."""
    arn = call.params.get("resourceArn") or ""
    parsed = arns.parse(arn)
    if parsed is None or not parsed[0] or not parsed[1]:
        return  # not a CodeArtifact ARN: the operation refuses it
    region, owner, kind, rest = parsed
    if region != call.region:
        return  # another Region's resource: the operation does not find it
    holder = registry.find(owner, region)
    domain_name, _, name = rest.partition("/")
    domain = holder.domains.get(domain_name) if holder is not None else None
    if domain is None:
        return
    caller = call.account_id
    if kind == "domain":
        target = _Target(arn, (domain.owner,), (domain.policy,), domain.policy, domain.tags)
    elif kind == "repository":
        if name not in domain.repositories:
            return
        target = _repository_target(domain, name, region, arn)
    elif kind == "package-group":
        group = domain.package_groups.get(unquote(rest[len(domain_name):]))
        target = _Target(arn, (domain.owner,), (domain.policy,), None, group.tags if group else None)
    else:
        return
    if caller in target.owners and not any(target.policies):
        return
    principal = call.principal_arn or default_principal(caller, call.region)
    _decide(registry, principal, caller, region, check, target, call.params)


# -- the decision -------------------------------------------------------------------


def _decide(
    registry: Registry, principal: str, caller: str, region: str, check: Check, target: _Target,
    params: dict[str, Any],
) -> None:
    same_account = caller in target.owners
    policies = target.policies
    if check.anti_lockout and same_account and target.own is not None:
        policies = tuple(p for p in policies if p is not target.own)
    documents = [p.document for p in policies if p is not None]
    if not documents:
        if same_account:
            return
        raise denied(principal, check.action, target.arn, explicit=False)
    # The policy language loads when a policy first has to be read.
    from .policy import ALLOW, DENY, Request, evaluate

    request = Request(
        principal, caller, check.action, target.arn, _context(registry, principal, caller, region, target, params)
    )
    verdict = evaluate(documents, request)
    if verdict == DENY:
        raise denied(principal, check.action, target.arn, explicit=True)
    if verdict != ALLOW and not same_account:
        raise denied(principal, check.action, target.arn, explicit=False)


def _principal_type(principal: str) -> str:
    resource = principal.split(":", 5)[-1]
    if resource == "root":
        return "Account"
    if resource.startswith("assumed-role/"):
        return "AssumedRole"
    if resource.startswith("federated-user/"):
        return "FederatedUser"
    return "User"


def _tags_of(params: dict[str, Any]) -> dict[str, str]:
    return {tag["key"]: tag.get("value") or "" for tag in params.get("tags") or ()}


def _lookup(tags: dict[str, str] | None, key: str) -> list[str] | None:
    if not tags:
        return None
    for name, value in tags.items():
        if name.lower() == key:
            return [value]
    return None


def _context(
    registry: Registry, principal: str, caller: str, region: str, target: _Target, params: dict[str, Any]
) -> Callable[[str], list[str] | None]:
    """The condition keys of this request (names in lower case)."""

    def value(key: str) -> list[str] | None:
        if key == "aws:principalaccount":
            return [caller]
        if key == "aws:principalarn":
            parts = principal.split(":", 5)
            if parts[2:3] == ["sts"] and parts[5].startswith("assumed-role/"):
                return [f"arn:{parts[1]}:iam::{parts[4]}:role/{parts[5].split('/')[1]}"]
            return [principal]
        if key == "aws:principaltype":
            return [_principal_type(principal)]
        if key == "aws:username":
            resource = principal.split(":", 5)[-1]
            return [resource.rsplit("/", 1)[1]] if resource.startswith("user/") else None
        if key == "aws:resourceaccount":
            return [target.owners[0]]
        if key == "aws:requestedregion":
            return [region]
        if key == "aws:securetransport":
            return ["true"]
        if key in ("aws:principalisawsservice", "aws:viaawsservice"):
            return ["false"]
        if key.startswith("aws:resourcetag/"):
            return _lookup(target.tags, key[len("aws:resourcetag/"):])
        if key.startswith("aws:requesttag/"):
            return _lookup(_tags_of(params), key[len("aws:requesttag/"):])
        if key == "aws:tagkeys":
            keys = list(_tags_of(params)) or list(params.get("tagKeys") or ())
            return keys or None
        if key in ("aws:currenttime", "aws:epochtime"):
            now = registry.clock.now()
            if now.tzinfo is None:
                now = now.replace(tzinfo=_dt.timezone.utc)
            if key == "aws:epochtime":
                return [str(int(now.timestamp()))]
            return [now.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")]
        return None  # aws:PrincipalOrgID and every other key: not in the request

    return value
