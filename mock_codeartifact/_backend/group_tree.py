"""The package-group tree of a domain, as plain functions of its records:
its groups (the root ``/*`` included), a group's parent, the effective mode
of a restriction type, the group a package belongs to. Read by the package
group operations, by :mod:`.admission` and by tagging.

Nothing derived is stored: a group's parent is the most specific other group
whose pattern contains its own, and a package's group is the most specific
group matching it, so creating or deleting a group re-parents and
re-associates at once.
"""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import unquote

from ..errors import ValidationException
from . import group_patterns as gp
from .state import RESTRICTION_TYPES, Domain, PackageGroup, Repository

#: A group record, or None for a group only previewed (ListAssociatedPackages).
_Group = TypeVar("_Group", PackageGroup, "PackageGroup | None")


def group_coordinates(fmt: str, namespace: str | None, package: str) -> tuple[str, str, str]:
    """A package's coordinates as group matching sees them, or the service's
    ValidationException (unknown format, namespace rules)."""
    try:
        return gp.normalized_coordinates(fmt, namespace, package)
    except KeyError as error:
        raise ValidationException(str(error.args[0])) from None
    except ValueError as error:
        raise ValidationException(str(error)) from None


def package_groups_of(domain: Domain) -> dict[str, PackageGroup]:
    """The domain's groups; the root ``/*`` (every origin allowed) is
    there from the domain's creation."""
    groups = domain.package_groups
    if gp.ROOT not in groups:
        groups[gp.ROOT] = PackageGroup(
            gp.ROOT, domain.created_time, restrictions=dict.fromkeys(RESTRICTION_TYPES, "ALLOW")
        )
    return groups


def parent_group(domain: Domain, group: PackageGroup) -> PackageGroup | None:
    """The most specific other group whose pattern contains this one's."""
    inner = gp.parse(group.pattern)
    best: tuple[tuple[int, int], PackageGroup] | None = None
    for other in package_groups_of(domain).values():
        outer = gp.parse(other.pattern)
        if gp.contains(outer, inner) and (best is None or outer.specificity > best[0]):
            best = (outer.specificity, other)
    return best[1] if best else None


def effective_mode(domain: Domain, group: PackageGroup, kind: str) -> tuple[str, PackageGroup]:
    """The effective mode of one restriction type and the group it comes
    from: the group's own mode, or the first non-INHERIT ancestor's."""
    source: PackageGroup | None = group
    while source is not None and source.restrictions[kind] == "INHERIT":
        source = parent_group(domain, source)
    if source is None:  # unreachable: the root never inherits
        return "ALLOW", package_groups_of(domain)[gp.ROOT]
    return source.restrictions[kind], source


def associated_group(
    groups: list[tuple[gp.GroupPattern, _Group]], fmt: str, namespace: str, name: str
) -> tuple[_Group, str]:
    """The group a package belongs to and how (STRONG/WEAK): the most
    specific matching pattern; a strong match wins over an equally specific
    weak one."""
    best: tuple[tuple[tuple[int, int], bool, str], _Group, str] | None = None
    for pattern, group in groups:
        how = gp.match(pattern, fmt, namespace, name)
        if how is None:
            continue
        key = (pattern.specificity, how == gp.STRONG, pattern.text)
        if best is None or key > best[0]:
            best = (key, group, how)
    assert best is not None, "the root group matches every package"
    return best[1], best[2]


def forget_repository(repo: Repository) -> None:
    """A deleted repository leaves every allowed-repository list."""
    for group in repo.domain.package_groups.values():
        for names in group.allowed_repositories.values():
            names.discard(repo.name)


def parsed_groups(domain: Domain) -> list[tuple[gp.GroupPattern, PackageGroup]]:
    return [(gp.parse(g.pattern), g) for g in package_groups_of(domain).values()]


def tagged_package_group(domains: dict[str, Any], rest: str) -> PackageGroup | None:
    """The package group a tagging ARN's resource part (``domain/encoded-pattern``) names."""
    domain_name, slash, encoded = rest.partition("/")
    domain = domains.get(domain_name)
    if domain is None or not slash:
        return None
    return package_groups_of(domain).get("/" + unquote(encoded))
