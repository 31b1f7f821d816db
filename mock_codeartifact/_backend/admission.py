"""The admission decision: may a version of a package enter a repository?

One place for the rule that publishing (the API's PublishPackageVersion, a
package manager's upload, seeding is exempt), copying (CopyPackageVersions),
retention (keeping a version found in an upstream repository) and ingestion
(keeping a version fetched through an external connection) all ask, and for
the words of its refusals. Two controls must both allow it
[UG:package-origin-controls, UG:package-group-origin-controls]:

- the package's own origin controls in that repository (``publish`` for a
  publish or copy, ``upstream`` for retention and ingestion), and
- the effective mode of the package group the package belongs to, for the
  restriction type of the way the version arrives (``PUBLISH``,
  ``INTERNAL_UPSTREAM`` or ``EXTERNAL_UPSTREAM``); a package only weakly
  associated with its group is refused whatever the mode.

AWS documents neither the error code nor the message of a refusal
(reference: codeartifact-behavior.md, "Exact error code/message for a blocked
publish: UNKNOWN"): a refused publish is an ``AccessDeniedException`` and a
refused copy a per-version ``NOT_ALLOWED`` (docs/behaviour.md), both worded
here. Call these with the registry lock held.
"""

from __future__ import annotations

from ..errors import AccessDeniedException
from . import group_patterns as gp
from .group_tree import associated_group, effective_mode, group_coordinates, parsed_groups
from .state import RESTRICTION_TYPES, Domain, Repository

#: The restriction type a version arriving by each way is checked against.
PUBLISH, INTERNAL_UPSTREAM, EXTERNAL_UPSTREAM = "PUBLISH", "INTERNAL_UPSTREAM", "EXTERNAL_UPSTREAM"


def group_refusal(
    domain: Domain, fmt: str, namespace: str | None, package: str, repository: str, restriction: str
) -> str | None:
    """Whether the package groups of ``domain`` let a version of the package
    enter ``repository`` by ``restriction`` (``PUBLISH``,
    ``EXTERNAL_UPSTREAM`` or ``INTERNAL_UPSTREAM``): None when allowed,
    else a short reason. Uses the effective mode of the package's group;
    a package only weakly associated with its group is refused whatever
    the mode."""
    if restriction not in RESTRICTION_TYPES:
        raise ValueError(f"restriction must be one of {RESTRICTION_TYPES}, got {restriction!r}")
    fmt, namespace_key, name = group_coordinates(fmt, namespace, package)
    group, how = associated_group(parsed_groups(domain), fmt, namespace_key, name)
    path = gp.package_path(fmt, namespace_key, name)
    if how == gp.WEAK:
        return (
            f"package {path} is only weakly associated with package group {group.pattern} "
            "(a variation of its pattern), so every origin is blocked"
        )
    mode, source = effective_mode(domain, group, restriction)
    inherited = "" if source is group else f" (inherited from {source.pattern})"
    if mode == "BLOCK":
        return f"package group {group.pattern} blocks {restriction} for {path}{inherited}"
    if mode == "ALLOW_SPECIFIC_REPOSITORIES" and repository not in source.allowed_repositories[restriction]:
        return (
            f"package group {group.pattern} allows {restriction} for {path} only to specific "
            f"repositories{inherited}, and '{repository}' is not one of them"
        )
    return None


def publish_refusal(repo: Repository, fmt: str, namespace: str | None, package: str) -> str | None:
    """Why a new version of the package may not be published (or copied)
    into ``repo``, or None when it may."""
    held = repo.packages.get((fmt, namespace or "", package))
    if held is not None and held.publish == "BLOCK":
        return f"the package's origin configuration in repository {repo.name} blocks publishing (publish=BLOCK)"
    return group_refusal(repo.domain, fmt, namespace, package, repo.name, PUBLISH)


def retention_refusal(
    repo: Repository, fmt: str, namespace: str | None, package: str, restriction: str
) -> str | None:
    """Why a version found elsewhere (an upstream repository:
    ``INTERNAL_UPSTREAM``; an external connection: ``EXTERNAL_UPSTREAM``) may
    not be kept in ``repo``, or None when it may."""
    held = repo.packages.get((fmt, namespace or "", package))
    if held is not None and held.upstream == "BLOCK":
        return f"the package's origin configuration in repository {repo.name} blocks upstream versions (upstream=BLOCK)"
    return group_refusal(repo.domain, fmt, namespace, package, repo.name, restriction)


def may_retain(repo: Repository, fmt: str, namespace: str | None, package: str, restriction: str) -> bool:
    """Whether a version found elsewhere may be kept in ``repo`` (retention or
    ingestion; see :func:`retention_refusal`)."""
    return retention_refusal(repo, fmt, namespace, package, restriction) is None


def check_publish(repo: Repository, fmt: str, namespace: str | None, package: str, version: str) -> None:
    """Raise the service's AccessDeniedException when a version may not be
    published into ``repo``."""
    reason = publish_refusal(repo, fmt, namespace, package)
    if reason is not None:
        raise AccessDeniedException(f"Publishing {package} {version} to repository {repo.name} is blocked: {reason}")


def copy_refused(version: str, repository: str, reason: str) -> str:
    """The per-version ``NOT_ALLOWED`` message of a copy into ``repository``
    that :func:`publish_refusal` refused (a copy adds versions directly, so
    it needs what a publish needs)."""
    return f"Version {version} cannot be copied to repository {repository}: {reason}"


__all__ = [
    "EXTERNAL_UPSTREAM", "INTERNAL_UPSTREAM", "PUBLISH", "check_publish", "copy_refused", "group_refusal",
    "may_retain", "publish_refusal", "retention_refusal",
]
