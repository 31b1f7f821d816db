"""Package groups: Create/Describe/Update/DeletePackageGroup, ListPackageGroups,
ListSubPackageGroups, GetAssociatedPackageGroup, ListAssociatedPackages,
ListAllowedRepositoriesForGroup, UpdatePackageGroupOriginConfiguration.

Groups live on their domain (``Domain.package_groups``, keyed by pattern);
the tree they form (parent, effective mode, a package's group) is read
through :mod:`.group_tree`, which :mod:`.admission` reads too. Nothing derived
is stored, so creating or deleting a group re-parents and re-associates at
once (the service does so eventually).
"""

from __future__ import annotations

from typing import Any

from ..errors import ConflictException, ResourceNotFoundException, ValidationException
from . import arns
from . import group_patterns as gp
from .base import Operations, operation
from .group_tree import (
    associated_group, effective_mode, group_coordinates, package_groups_of, parent_group, parsed_groups,
)
from .pagination import page_result, paginate
from .state import RESTRICTION_TYPES, Domain, PackageGroup
from .tags import tag_dict

MODES = ("ALLOW", "ALLOW_SPECIFIC_REPOSITORIES", "BLOCK", "INHERIT")


def _pattern(text: str) -> gp.GroupPattern:
    """The validated pattern, or the service's ValidationException."""
    try:
        return gp.validate(text)
    except gp.PatternError as error:
        raise ValidationException(str(error)) from None


def _stored_coordinates(fmt: str, namespace: str | None, name: str) -> tuple[str, str, str]:
    """A stored package's coordinates as group matching sees them (stored
    names are trusted; only normalised again, which changes nothing for
    names the service stored itself)."""
    try:
        plugin = gp.format_of(fmt)
    except KeyError:
        return fmt, namespace or "", name
    return fmt, (plugin.normalize_namespace(namespace) if namespace else "") or "", plugin.normalize_name(name)


def _restriction_type(value: str) -> str:
    if value not in RESTRICTION_TYPES:
        raise ValidationException(
            f"'{value}' is not an origin restriction type; expected one of {', '.join(RESTRICTION_TYPES)}"
        )
    return value


class PackageGroupOperations(Operations):
    # -- the domain's groups (the tree functions above, under the names the
    # operations below use) ----------------------------------------------------
    _package_groups = staticmethod(package_groups_of)
    _parent = staticmethod(parent_group)
    _effective = staticmethod(effective_mode)
    _associated = staticmethod(associated_group)
    _parsed_groups = staticmethod(parsed_groups)

    def _package_group(self, domain: Domain, pattern: str) -> PackageGroup:
        groups = self._package_groups(domain)
        found = groups.get(pattern)
        if found is None:
            _pattern(pattern)  # a malformed pattern says so rather than "not found"
            raise ResourceNotFoundException(
                f"Package group not found. Package group '{pattern}' does not exist in domain '{domain.name}'",
                resource_id=pattern,
            )
        return found

    def _children(self, domain: Domain, group: PackageGroup) -> list[PackageGroup]:
        outer = gp.parse(group.pattern)
        below = [g for g in self._package_groups(domain).values() if gp.contains(outer, gp.parse(g.pattern))]
        return [g for g in below if self._parent(domain, g) is group]

    # -- results ----------------------------------------------------------------
    @staticmethod
    def _reference(domain: Domain, group: PackageGroup) -> dict[str, str]:
        return {"arn": arns.package_group_arn(domain.region, domain.owner, domain.name, group.pattern),
                "pattern": group.pattern}

    def _group_description(self, domain: Domain, group: PackageGroup) -> dict[str, Any]:
        description: dict[str, Any] = {
            **self._reference(domain, group),
            "domainName": domain.name,
            "domainOwner": domain.owner,
            "createdTime": group.created_time,
        }
        if group.contact_info is not None:
            description["contactInfo"] = group.contact_info
        if group.description is not None:
            description["description"] = group.description
        restrictions: dict[str, Any] = {}
        for kind in RESTRICTION_TYPES:
            mode = group.restrictions[kind]
            effective, source = self._effective(domain, group, kind)
            shown: dict[str, Any] = {"mode": mode, "effectiveMode": effective}
            if mode == "INHERIT":
                shown["inheritedFrom"] = self._reference(domain, source)
            shown["repositoriesCount"] = len(group.allowed_repositories[kind])
            restrictions[kind] = shown
        description["originConfiguration"] = {"restrictions": restrictions}
        parent = self._parent(domain, group)
        if parent is not None:
            description["parent"] = self._reference(domain, parent)
        return description

    # -- operations -------------------------------------------------------------------
    @operation
    def create_package_group(
        self,
        *,
        domain: str,
        packageGroup: str,
        domainOwner: str | None = None,
        contactInfo: str | None = None,
        description: str | None = None,
        tags: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        record = self._domain(domain, domainOwner)
        groups = self._package_groups(record)
        _pattern(packageGroup)
        if packageGroup in groups:
            raise ConflictException(
                f"Package group '{packageGroup}' already exists in domain '{domain}'", resource_id=packageGroup
            )
        new_tags = tag_dict(tags or [], self._registry.quotas["tags_per_resource"], packageGroup, None)
        group = groups[packageGroup] = PackageGroup(
            packageGroup, self._now(), contact_info=contactInfo, description=description, tags=new_tags
        )
        return {"packageGroup": self._group_description(record, group)}

    @operation
    def describe_package_group(
        self, *, domain: str, packageGroup: str, domainOwner: str | None = None
    ) -> dict[str, Any]:
        record = self._domain(domain, domainOwner)
        return {"packageGroup": self._group_description(record, self._package_group(record, packageGroup))}

    @operation
    def update_package_group(
        self,
        *,
        domain: str,
        packageGroup: str,
        domainOwner: str | None = None,
        contactInfo: str | None = None,
        description: str | None = None,
    ) -> dict[str, Any]:
        record = self._domain(domain, domainOwner)
        group = self._package_group(record, packageGroup)
        # Omitted members stay; the pattern is the group's identity and never changes.
        if contactInfo is not None:
            group.contact_info = contactInfo
        if description is not None:
            group.description = description
        return {"packageGroup": self._group_description(record, group)}

    @operation
    def delete_package_group(
        self, *, domain: str, packageGroup: str, domainOwner: str | None = None
    ) -> dict[str, Any]:
        record = self._domain(domain, domainOwner)
        group = self._package_group(record, packageGroup)
        if group.pattern == gp.ROOT:
            raise ValidationException(f"The root package group '{gp.ROOT}' of domain '{domain}' cannot be deleted")
        # Described before it goes (with its parent); its children then find
        # their new parent by themselves, and its packages their new group.
        description = self._group_description(record, group)
        del record.package_groups[group.pattern]
        return {"packageGroup": description}

    @operation
    def list_package_groups(
        self,
        *,
        domain: str,
        domainOwner: str | None = None,
        maxResults: int | None = None,
        nextToken: str | None = None,
        prefix: str | None = None,
    ) -> dict[str, Any]:
        record = self._domain(domain, domainOwner)
        found = sorted(p for p in self._package_groups(record) if not prefix or p.startswith(prefix))
        page, token = paginate(found, lambda p: p, maxResults, nextToken)
        groups = record.package_groups
        return page_result("packageGroups", [self._group_description(record, groups[p]) for p in page], token)

    @operation
    def list_sub_package_groups(
        self,
        *,
        domain: str,
        packageGroup: str,
        domainOwner: str | None = None,
        maxResults: int | None = None,
        nextToken: str | None = None,
    ) -> dict[str, Any]:
        record = self._domain(domain, domainOwner)
        group = self._package_group(record, packageGroup)
        found = sorted(self._children(record, group), key=lambda g: g.pattern)
        page, token = paginate(found, lambda g: g.pattern, maxResults, nextToken)
        return page_result("packageGroups", [self._group_description(record, g) for g in page], token)

    @operation
    def get_associated_package_group(
        self,
        *,
        domain: str,
        format: str,
        package: str,
        domainOwner: str | None = None,
        namespace: str | None = None,
    ) -> dict[str, Any]:
        record = self._domain(domain, domainOwner)
        fmt, namespace_key, name = group_coordinates(format, namespace, package)
        # The package need not exist anywhere: this is pattern matching only.
        group, how = self._associated(self._parsed_groups(record), fmt, namespace_key, name)
        return {"packageGroup": self._group_description(record, group), "associationType": how}

    @operation
    def list_associated_packages(
        self,
        *,
        domain: str,
        packageGroup: str,
        domainOwner: str | None = None,
        maxResults: int | None = None,
        nextToken: str | None = None,
        preview: bool | None = None,
    ) -> dict[str, Any]:
        record = self._domain(domain, domainOwner)
        candidates: list[tuple[gp.GroupPattern, PackageGroup | None]] = list(self._parsed_groups(record))
        if preview and packageGroup not in record.package_groups:
            # Which packages the group would hold if it existed.
            candidates.append((_pattern(packageGroup), None))
            target: PackageGroup | None = None
        else:
            target = self._package_group(record, packageGroup)
        associated: dict[tuple[str, str, str], str] = {}
        for repo in record.repositories.values():
            for key, package in repo.packages.items():
                if key in associated:
                    continue
                coordinates = _stored_coordinates(package.format, package.namespace, package.name)
                group, how = self._associated(candidates, *coordinates)
                if group is target:
                    associated[key] = how
        ordered = sorted(associated)
        page, token = paginate(ordered, lambda k: k, maxResults, nextToken)
        packages = []
        for fmt, namespace, name in page:
            item: dict[str, Any] = {"format": fmt}
            if namespace:
                item["namespace"] = namespace
            item["package"] = name
            item["associationType"] = associated[(fmt, namespace, name)]
            packages.append(item)
        return page_result("packages", packages, token)

    @operation
    def list_allowed_repositories_for_group(
        self,
        *,
        domain: str,
        packageGroup: str,
        originRestrictionType: str,
        domainOwner: str | None = None,
        maxResults: int | None = None,
        nextToken: str | None = None,
    ) -> dict[str, Any]:
        record = self._domain(domain, domainOwner)
        group = self._package_group(record, packageGroup)
        names = sorted(group.allowed_repositories[_restriction_type(originRestrictionType)])
        page, token = paginate(names, lambda n: n, maxResults, nextToken)
        return page_result("allowedRepositories", page, token)

    @operation
    def update_package_group_origin_configuration(
        self,
        *,
        domain: str,
        packageGroup: str,
        domainOwner: str | None = None,
        restrictions: dict[str, str] | None = None,
        addAllowedRepositories: list[dict[str, str]] | None = None,
        removeAllowedRepositories: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        record = self._domain(domain, domainOwner)
        group = self._package_group(record, packageGroup)
        # Everything is checked before anything changes.
        modes = dict(restrictions or {})
        for kind, mode in modes.items():
            _restriction_type(kind)
            if mode not in MODES:
                raise ValidationException(
                    f"'{mode}' is not an origin restriction mode; expected one of {', '.join(MODES)}"
                )
            if mode == "INHERIT" and group.pattern == gp.ROOT:
                raise ValidationException(
                    f"The root package group '{gp.ROOT}' has no parent to inherit {kind} from; "
                    "use ALLOW, BLOCK or ALLOW_SPECIFIC_REPOSITORIES"
                )
        changes = {"ADDED": addAllowedRepositories or [], "REMOVED": removeAllowedRepositories or []}
        requested: dict[str, set[tuple[str, str]]] = {"ADDED": set(), "REMOVED": set()}
        for change, entries in changes.items():
            for entry in entries:
                name = entry.get("repositoryName") or ""
                kind = entry.get("originRestrictionType") or ""
                if not name or not kind:
                    raise ValidationException(
                        "Each allowed repository needs both repositoryName and originRestrictionType"
                    )
                _restriction_type(kind)
                self._repository(domain, domainOwner, name)
                requested[change].add((kind, name))
        both = requested["ADDED"] & requested["REMOVED"]
        if both:
            kind, name = min(both)
            raise ValidationException(
                f"Repository '{name}' cannot be both added to and removed from the {kind} allowed repositories"
            )
        group.restrictions.update(modes)
        updates: dict[str, dict[str, list[str]]] = {}
        for change, pairs in requested.items():
            for kind, name in sorted(pairs):
                names = group.allowed_repositories[kind]
                # Only real changes are reported: adding a listed repository or
                # removing an unlisted one changes nothing.
                if (change == "ADDED") != (name in names):
                    (names.add if change == "ADDED" else names.discard)(name)
                    updates.setdefault(kind, {"ADDED": [], "REMOVED": []})[change].append(name)
                else:
                    updates.setdefault(kind, {"ADDED": [], "REMOVED": []})
        return {"packageGroup": self._group_description(record, group), "allowedRepositoryUpdates": updates}
