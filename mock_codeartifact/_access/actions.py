"""Which IAM action each operation needs, and on which resource.

From the Service Authorization Reference ("Actions, resources, and condition
keys for AWS CodeArtifact") and the user guide's policy pages:

- domain operations are checked on the domain ARN, repository operations on
  the repository ARN, package and version operations on the package ARN
  (``package/{domain}/{repository}/{format}/{namespace}/{package}``), package
  group operations on the group's ARN;
- CreateRepository needs ``codeartifact:CreateRepository`` granted by the
  *domain* policy ("on the domain resource"); it is checked on the ARN the new
  repository will have, so a statement can name repository patterns; with
  ``tags`` it also needs ``codeartifact:TagResource`` (user guide, domain
  policies). CreatePackageGroup alike;
- an upstream named in CreateRepository/UpdateRepository needs
  ``codeartifact:AssociateWithDownstreamRepository`` on that upstream;
- CopyPackageVersions needs ``codeartifact:ReadFromRepository`` on the source
  repository and ``codeartifact:CopyPackageVersions`` on the destination
  repository (the copy page of the user guide);
- TagResource, UntagResource, ListTagsForResource: the resource named by
  ``resourceArn``;
- CreateDomain, ListDomains, ListRepositories name no resource: they act in
  the caller's own account, where no resource policy applies.

Kinds of resource (``Check.resource``):

``domain``          the domain ARN; the domain policy applies
``repository``      ``Check.param`` names the repository; domain and repository policies apply
``package``         the package in ``repository``; domain and repository policies apply
``group``           the package group ``packageGroup``; the domain policy applies
``new-repository``  the ARN ``repository`` will get; the domain policy applies
``new-group``       the ARN ``packageGroup`` will get; the domain policy applies
``upstreams``       every repository of ``upstreams``; domain and repository policies apply
``arn``             the resource ``resourceArn`` names
"""

from __future__ import annotations

from typing import NamedTuple

PREFIX = "codeartifact:"


class Check(NamedTuple):
    action: str
    resource: str
    #: The parameter naming the repository (repository kinds).
    param: str = "repository"
    #: Only when the request carries ``tags``.
    if_tagged: bool = False
    #: Put*PermissionsPolicy: for a caller of the owning account the policy
    #: being replaced is ignored, so nobody locks themselves out.
    anti_lockout: bool = False


class OperationAccess(NamedTuple):
    checks: tuple[Check, ...]
    #: "account" (no resource policy applies), "domain" (addressed by
    #: domain/domainOwner) or "arn" (addressed by resourceArn).
    scope: str
    #: Parameters naming repositories whose policies may apply (fast path).
    repository_params: tuple[str, ...] = ()
    #: Whether ``upstreams`` names repositories whose policies may apply.
    upstreams: bool = False


def _domain(operation: str, anti_lockout: bool = False) -> OperationAccess:
    return OperationAccess((Check(PREFIX + operation, "domain", anti_lockout=anti_lockout),), "domain")


def _repository(operation: str, anti_lockout: bool = False) -> OperationAccess:
    return OperationAccess(
        (Check(PREFIX + operation, "repository", anti_lockout=anti_lockout),), "domain", ("repository",)
    )


def _package(operation: str) -> OperationAccess:
    return OperationAccess((Check(PREFIX + operation, "package"),), "domain", ("repository",))


def _group(operation: str) -> OperationAccess:
    return OperationAccess((Check(PREFIX + operation, "group"),), "domain")


def _arn(operation: str) -> OperationAccess:
    return OperationAccess((Check(PREFIX + operation, "arn"),), "arn")


_ACCOUNT = OperationAccess((), "account")
_UPSTREAMS = Check(PREFIX + "AssociateWithDownstreamRepository", "upstreams")

#: Operation name -> what it needs.
OPERATIONS: dict[str, OperationAccess] = {
    # account level
    "CreateDomain": _ACCOUNT,
    "ListDomains": _ACCOUNT,
    "ListRepositories": _ACCOUNT,
    # domain
    "DeleteDomain": _domain("DeleteDomain"),
    "DescribeDomain": _domain("DescribeDomain"),
    "GetAuthorizationToken": _domain("GetAuthorizationToken"),
    "ListRepositoriesInDomain": _domain("ListRepositoriesInDomain"),
    "ListPackageGroups": _domain("ListPackageGroups"),
    "PutDomainPermissionsPolicy": _domain("PutDomainPermissionsPolicy", anti_lockout=True),
    "GetDomainPermissionsPolicy": _domain("GetDomainPermissionsPolicy"),
    "DeleteDomainPermissionsPolicy": _domain("DeleteDomainPermissionsPolicy"),
    # The group a package belongs to is only known once matched: the domain.
    "GetAssociatedPackageGroup": _domain("GetAssociatedPackageGroup"),
    # repositories
    "CreateRepository": OperationAccess(
        (
            Check(PREFIX + "CreateRepository", "new-repository"),
            Check(PREFIX + "TagResource", "new-repository", if_tagged=True),
            _UPSTREAMS,
        ),
        "domain",
        ("repository",),
        upstreams=True,
    ),
    "UpdateRepository": OperationAccess(
        (Check(PREFIX + "UpdateRepository", "repository"), _UPSTREAMS), "domain", ("repository",), upstreams=True
    ),
    "DescribeRepository": _repository("DescribeRepository"),
    "DeleteRepository": _repository("DeleteRepository"),
    "AssociateExternalConnection": _repository("AssociateExternalConnection"),
    "DisassociateExternalConnection": _repository("DisassociateExternalConnection"),
    "GetRepositoryEndpoint": _repository("GetRepositoryEndpoint"),
    "ListPackages": _repository("ListPackages"),
    "PutRepositoryPermissionsPolicy": _repository("PutRepositoryPermissionsPolicy", anti_lockout=True),
    "GetRepositoryPermissionsPolicy": _repository("GetRepositoryPermissionsPolicy"),
    "DeleteRepositoryPermissionsPolicy": _repository("DeleteRepositoryPermissionsPolicy"),
    # packages and versions
    "DeletePackage": _package("DeletePackage"),
    "DescribePackage": _package("DescribePackage"),
    "PutPackageOriginConfiguration": _package("PutPackageOriginConfiguration"),
    "ListPackageVersions": _package("ListPackageVersions"),
    "DescribePackageVersion": _package("DescribePackageVersion"),
    "UpdatePackageVersionsStatus": _package("UpdatePackageVersionsStatus"),
    "DisposePackageVersions": _package("DisposePackageVersions"),
    "DeletePackageVersions": _package("DeletePackageVersions"),
    "ListPackageVersionAssets": _package("ListPackageVersionAssets"),
    "GetPackageVersionAsset": _package("GetPackageVersionAsset"),
    "GetPackageVersionReadme": _package("GetPackageVersionReadme"),
    "ListPackageVersionDependencies": _package("ListPackageVersionDependencies"),
    "PublishPackageVersion": _package("PublishPackageVersion"),
    "CopyPackageVersions": OperationAccess(
        (
            Check(PREFIX + "ReadFromRepository", "repository", param="sourceRepository"),
            Check(PREFIX + "CopyPackageVersions", "repository", param="destinationRepository"),
        ),
        "domain",
        ("sourceRepository", "destinationRepository"),
    ),
    # package groups
    "CreatePackageGroup": OperationAccess(
        (
            Check(PREFIX + "CreatePackageGroup", "new-group"),
            Check(PREFIX + "TagResource", "new-group", if_tagged=True),
        ),
        "domain",
    ),
    "DescribePackageGroup": _group("DescribePackageGroup"),
    "UpdatePackageGroup": _group("UpdatePackageGroup"),
    "UpdatePackageGroupOriginConfiguration": _group("UpdatePackageGroupOriginConfiguration"),
    "DeletePackageGroup": _group("DeletePackageGroup"),
    "ListSubPackageGroups": _group("ListSubPackageGroups"),
    "ListAssociatedPackages": _group("ListAssociatedPackages"),
    "ListAllowedRepositoriesForGroup": _group("ListAllowedRepositoriesForGroup"),
    # tags
    "TagResource": _arn("TagResource"),
    "UntagResource": _arn("UntagResource"),
    "ListTagsForResource": _arn("ListTagsForResource"),
}

#: The actions of the repository endpoints (package managers), for
#: :func:`~mock_codeartifact._access.authorize.authorize_repository_access`.
READ_FROM_REPOSITORY = PREFIX + "ReadFromRepository"
PUBLISH_PACKAGE_VERSION = PREFIX + "PublishPackageVersion"
PUT_PACKAGE_METADATA = PREFIX + "PutPackageMetadata"
