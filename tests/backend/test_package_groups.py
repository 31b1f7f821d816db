"""Package groups through boto3: Create/Describe/Update/DeletePackageGroup,
ListPackageGroups, ListSubPackageGroups, GetAssociatedPackageGroup,
ListAssociatedPackages, ListAllowedRepositoriesForGroup,
UpdatePackageGroupOriginConfiguration, tags on groups, and the origin check
the rest of the backend asks (``admission.group_refusal``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mock_codeartifact._backend.admission import group_refusal
from mock_codeartifact._protocol.model import service_model

ACCOUNT = "123456789012"
REGION = "us-east-1"
DOMAIN = "acme"
T0 = dt.datetime(2024, 5, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
T1 = dt.datetime(2024, 6, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
TYPES = ("EXTERNAL_UPSTREAM", "INTERNAL_UPSTREAM", "PUBLISH")
DESCRIPTION_KEYS = {"arn", "pattern", "domainName", "domainOwner", "createdTime", "originConfiguration", "parent"}


def group_arn(encoded: str, domain: str = DOMAIN) -> str:
    return f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:package-group/{domain}{encoded}"


def ref(pattern: str) -> dict[str, str]:
    encoded = pattern.replace("*", "%2a").replace("$", "%24")
    return {"arn": group_arn(encoded), "pattern": pattern}


def tags(**pairs: str) -> list[dict[str, str]]:
    return [{"key": k, "value": v} for k, v in pairs.items()]


def allowed(repository: str, kind: str) -> dict[str, str]:
    return {"repositoryName": repository, "originRestrictionType": kind}


# -- fixtures --------------------------------------------------------------------------


def groups_state(registry: Any) -> Any:
    """Every package group of every domain, with its tags and allowed lists."""
    shown: dict[str, Any] = {}
    for backend in registry.backends():
        for summary in backend.list_domains(maxResults=1000)["domains"]:
            address = {"domain": summary["name"], "domainOwner": summary["owner"]}
            for group in backend.list_package_groups(**address, maxResults=1000)["packageGroups"]:
                lists = {
                    kind: backend.list_allowed_repositories_for_group(
                        **address, packageGroup=group["pattern"], originRestrictionType=kind, maxResults=1000
                    )["allowedRepositories"]
                    for kind in TYPES
                }
                shown[group["arn"]] = (group, lists, backend.list_tags_for_resource(resourceArn=group["arn"]))
    return shown


@pytest.fixture
def snapshot(snapshot, codeartifact_mock):
    """The shared snapshot plus every package group (so ``fails`` proves a
    failed call changed no group either)."""
    return lambda: (snapshot(), groups_state(codeartifact_mock.registry))


@pytest.fixture
def client(codeartifact_client):
    codeartifact_client.create_domain(domain=DOMAIN)
    for name in ("repo", "other", "third"):
        codeartifact_client.create_repository(domain=DOMAIN, repository=name)
    return codeartifact_client


@pytest.fixture
def create(client):
    def make(*patterns: str, **kwargs: Any) -> list[dict[str, Any]]:
        return [client.create_package_group(domain=DOMAIN, packageGroup=p, **kwargs)["packageGroup"] for p in patterns]

    return make


@pytest.fixture
def describe(client):
    return lambda pattern: client.describe_package_group(domain=DOMAIN, packageGroup=pattern)["packageGroup"]


@pytest.fixture
def set_modes(client):
    def update(pattern: str, **modes: str) -> dict[str, Any]:
        return client.update_package_group_origin_configuration(
            domain=DOMAIN, packageGroup=pattern, restrictions=modes
        )

    return update


@pytest.fixture
def seed(codeartifact_backend):
    def publish(package: str, namespace: str | None = None, fmt: str = "npm", repository: str = "repo") -> None:
        codeartifact_backend.publish_package(
            domain=DOMAIN, repository=repository, format=fmt, namespace=namespace, package=package, version="1.0.0"
        )

    return publish


@pytest.fixture
def allows(codeartifact_backend):
    """``allows(kind, package, namespace=None, repository="repo", fmt="npm")``:
    the backend's enforcement answer (None = allowed, else the reason)."""

    def check(kind: str, package: str, namespace: str | None = None, repository: str = "repo",
              fmt: str = "npm") -> str | None:
        domain = codeartifact_backend.domains[DOMAIN]
        return group_refusal(domain, fmt, namespace, package, repository, kind)

    return check


def associated(client, package: str, namespace: str | None = None, fmt: str = "npm") -> tuple[str, str]:
    params = {"namespace": namespace} if namespace is not None else {}
    result = client.get_associated_package_group(domain=DOMAIN, format=fmt, package=package, **params)
    return result["packageGroup"]["pattern"], result["associationType"]


def patterns(groups: list[dict[str, Any]]) -> list[str]:
    return [g["pattern"] for g in groups]


def restrictions(group: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return group["originConfiguration"]["restrictions"]


# -- the root group ------------------------------------------------------------------------


def test_every_domain_has_the_root_group(client, codeartifact_mock):
    domain = client.describe_domain(domain=DOMAIN)["domain"]
    listed = client.list_package_groups(domain=DOMAIN)
    assert patterns(listed["packageGroups"]) == ["/*"]
    assert "nextToken" not in listed

    root = client.describe_package_group(domain=DOMAIN, packageGroup="/*")["packageGroup"]
    assert root == listed["packageGroups"][0]
    assert set(root) == DESCRIPTION_KEYS - {"parent"}  # no parent, no contact info, no description
    assert root["arn"] == group_arn("/%2a")
    assert (root["domainName"], root["domainOwner"]) == (DOMAIN, ACCOUNT)
    assert root["createdTime"] == domain["createdTime"]
    assert restrictions(root) == {
        kind: {"mode": "ALLOW", "effectiveMode": "ALLOW", "repositoriesCount": 0} for kind in TYPES
    }


def test_the_root_cannot_be_deleted(client, fails):
    fails(lambda: client.delete_package_group(domain=DOMAIN, packageGroup="/*"), "ValidationException", 400)


def test_the_root_cannot_inherit(client, set_modes, fails):
    for kind in TYPES:
        fails(lambda kind=kind: set_modes("/*", **{kind: "INHERIT"}), "ValidationException", 400)


def test_the_root_cannot_be_created_again(client, fails):
    fails(lambda: client.create_package_group(domain=DOMAIN, packageGroup="/*"), "ConflictException", 409,
          resourceId="/*")


# -- create / describe / update ---------------------------------------------------------------


def test_create_returns_the_description(client, codeartifact_mock):
    codeartifact_mock.clock.freeze(T0)
    group = client.create_package_group(
        domain=DOMAIN, packageGroup="/npm/space/ui-kit$", contactInfo="team@example.com", description="UI kit"
    )["packageGroup"]

    assert set(group) == DESCRIPTION_KEYS | {"contactInfo", "description"}
    assert group["arn"] == group_arn("/npm/space/ui-kit%24")
    assert group["pattern"] == "/npm/space/ui-kit$"
    assert (group["domainName"], group["domainOwner"]) == (DOMAIN, ACCOUNT)
    assert group["createdTime"] == T0
    assert (group["contactInfo"], group["description"]) == ("team@example.com", "UI kit")
    assert group["parent"] == ref("/*")
    # new groups inherit every origin restriction
    assert restrictions(group) == {
        kind: {"mode": "INHERIT", "effectiveMode": "ALLOW", "inheritedFrom": ref("/*"), "repositoriesCount": 0}
        for kind in TYPES
    }
    assert client.describe_package_group(domain=DOMAIN, packageGroup="/npm/space/ui-kit$")["packageGroup"] == group


def test_optional_members_are_absent_when_not_given(create):
    (group,) = create("/npm/*")
    assert "contactInfo" not in group and "description" not in group


VALID_PATTERNS = [
    "/npm/*",
    "/maven/com.anycompany~",
    "/npm/space/*",
    "/npm/space/anycompany-ui~",
    "/maven/org.apache.logging.log4j/log4j-core$",
    "/npm//*",
    "/npm//react$",
    "/pypi//requests$",
    "/nuget//newtonsoft.json$",
    "/swift/apple/swift-nio~",
    "/generic/tools/*",
]


@pytest.mark.parametrize("pattern", VALID_PATTERNS)
def test_each_valid_shape_can_be_created(client, create, pattern):
    (group,) = create(pattern)
    assert group["pattern"] == pattern
    assert pattern in patterns(client.list_package_groups(domain=DOMAIN)["packageGroups"])


INVALID_PATTERNS = {
    "npm/*": "must start with '/'",
    "/npm": "must end with a suffix",
    "/npm/space*": "'*' must directly follow a '/'",
    "/npm/space/~": "'~' must follow a word character",
    "/npm/space/foo-~": "letter or digit",
    "/np~": "format cannot be matched by prefix",
    "/npm/space$": "full package coordinate",
    "/npm/a/b/c$": "too many components",
    "/npm/*/foo$": "may only appear once",
    "/python//requests$": "unknown package format 'python'",
    "/pypi/ns/requests$": "pypi packages have no namespace",
    "/maven//log4j-core$": "maven packages always have a namespace",
    "/pypi//My_Pkg$": "use 'my-pkg'",
    "/nuget//Newtonsoft.Json$": "use 'newtonsoft.json'",
    "/swift/Apple/*": "use 'apple'",
}


@pytest.mark.parametrize("pattern", INVALID_PATTERNS)
def test_invalid_patterns_are_refused(client, fails, pattern):
    response = fails(
        lambda: client.create_package_group(domain=DOMAIN, packageGroup=pattern), "ValidationException", 400,
        reason="FIELD_VALIDATION_FAILED",
    )
    assert INVALID_PATTERNS[pattern] in response["Error"]["Message"]


def test_an_existing_pattern_conflicts(create, client, fails):
    create("/npm/space/*")
    fails(lambda: client.create_package_group(domain=DOMAIN, packageGroup="/npm/space/*"), "ConflictException", 409,
          resourceId="/npm/space/*")


def test_patterns_are_case_sensitive_identifiers(create, client):
    create("/npm//AsyncStorage$", "/npm//asyncstorage$")
    assert {"/npm//AsyncStorage$", "/npm//asyncstorage$"} <= set(
        patterns(client.list_package_groups(domain=DOMAIN)["packageGroups"])
    )
    assert associated(client, "AsyncStorage") == ("/npm//AsyncStorage$", "STRONG")
    assert associated(client, "asyncstorage") == ("/npm//asyncstorage$", "STRONG")


def test_describe_unknown_or_malformed_group(client, fails):
    fails(lambda: client.describe_package_group(domain=DOMAIN, packageGroup="/npm/*"), "ResourceNotFoundException",
          404, resourceId="/npm/*")
    fails(lambda: client.describe_package_group(domain=DOMAIN, packageGroup="/npm"), "ValidationException", 400)


def test_update_changes_only_what_is_given(client, create, codeartifact_mock):
    codeartifact_mock.clock.freeze(T0)
    (before,) = create("/npm/*", contactInfo="a@example.com", description="first")
    codeartifact_mock.clock.freeze(T1)

    after = client.update_package_group(domain=DOMAIN, packageGroup="/npm/*", description="second")["packageGroup"]
    assert after == {**before, "description": "second"}  # pattern, time and contact unchanged

    after = client.update_package_group(domain=DOMAIN, packageGroup="/npm/*", contactInfo="b@example.com")
    assert after["packageGroup"]["contactInfo"] == "b@example.com"
    assert after["packageGroup"]["description"] == "second"

    after = client.update_package_group(domain=DOMAIN, packageGroup="/npm/*", contactInfo="", description="")
    assert (after["packageGroup"]["contactInfo"], after["packageGroup"]["description"]) == ("", "")


def test_update_the_root(client):
    root = client.update_package_group(domain=DOMAIN, packageGroup="/*", description="everything")["packageGroup"]
    assert root["description"] == "everything"


def test_update_unknown_group(client, fails):
    fails(lambda: client.update_package_group(domain=DOMAIN, packageGroup="/npm/*", description="x"),
          "ResourceNotFoundException", 404, resourceId="/npm/*")


# -- hierarchy -------------------------------------------------------------------------------------


def test_parent_is_the_most_specific_less_specific_group(create, describe):
    # created leaf first: parents follow as more specific groups appear
    create("/npm/space/pkg$")
    assert describe("/npm/space/pkg$")["parent"] == ref("/*")
    create("/npm/*")
    assert describe("/npm/space/pkg$")["parent"] == ref("/npm/*")
    create("/npm/space/*")
    assert describe("/npm/space/pkg$")["parent"] == ref("/npm/space/*")
    assert describe("/npm/space/*")["parent"] == ref("/npm/*")
    assert describe("/npm/*")["parent"] == ref("/*")


def test_prefix_hierarchy(create, describe):
    create("/maven/com~", "/maven/com.acme~", "/maven/company~", "/maven/com.acme/*", "/maven/com.acme/lib~",
           "/maven/com.acme/lib-core$")
    parents = {
        "/maven/com~": "/*",
        "/maven/company~": "/*",  # 'company' does not start with the word 'com'
        "/maven/com.acme~": "/maven/com~",
        "/maven/com.acme/*": "/maven/com.acme~",
        "/maven/com.acme/lib~": "/maven/com.acme/*",
        "/maven/com.acme/lib-core$": "/maven/com.acme/lib~",
    }
    for pattern, parent in parents.items():
        assert describe(pattern)["parent"]["pattern"] == parent, pattern


def test_list_sub_package_groups_lists_direct_children(client, create):
    create("/npm/*", "/npm/space/*", "/npm/space/pkg$", "/npm//react$", "/pypi//*", "/maven/com~")

    def children(pattern: str) -> list[str]:
        result = client.list_sub_package_groups(domain=DOMAIN, packageGroup=pattern)
        assert "nextToken" not in result
        return patterns(result["packageGroups"])

    assert children("/*") == ["/maven/com~", "/npm/*", "/pypi//*"]
    assert children("/npm/*") == ["/npm//react$", "/npm/space/*"]
    assert children("/npm/space/*") == ["/npm/space/pkg$"]
    assert children("/npm/space/pkg$") == []
    described = client.describe_package_group(domain=DOMAIN, packageGroup="/npm/space/*")["packageGroup"]
    assert client.list_sub_package_groups(domain=DOMAIN, packageGroup="/npm/*")["packageGroups"][1] == described


def test_delete_reparents_children(client, create, describe):
    create("/npm/*", "/npm/space/*", "/npm/space/pkg$", "/npm/space/ui~")
    deleted = client.delete_package_group(domain=DOMAIN, packageGroup="/npm/space/*")["packageGroup"]
    assert deleted["pattern"] == "/npm/space/*" and deleted["parent"] == ref("/npm/*")
    assert describe("/npm/space/pkg$")["parent"] == ref("/npm/*")
    assert describe("/npm/space/ui~")["parent"] == ref("/npm/*")
    subs = client.list_sub_package_groups(domain=DOMAIN, packageGroup="/npm/*")["packageGroups"]
    assert patterns(subs) == ["/npm/space/pkg$", "/npm/space/ui~"]

    client.delete_package_group(domain=DOMAIN, packageGroup="/npm/*")
    assert describe("/npm/space/pkg$")["parent"] == ref("/*")
    assert patterns(client.list_sub_package_groups(domain=DOMAIN, packageGroup="/*")["packageGroups"]) == [
        "/npm/space/pkg$", "/npm/space/ui~",
    ]


def test_delete_changes_inherited_settings_of_children(create, set_modes, describe, client):
    create("/npm/*", "/npm/space/*")
    set_modes("/npm/*", PUBLISH="BLOCK")
    assert restrictions(describe("/npm/space/*"))["PUBLISH"]["effectiveMode"] == "BLOCK"
    client.delete_package_group(domain=DOMAIN, packageGroup="/npm/*")
    publish = restrictions(describe("/npm/space/*"))["PUBLISH"]
    assert (publish["effectiveMode"], publish["inheritedFrom"]) == ("ALLOW", ref("/*"))


def test_delete_returns_the_group_and_removes_it(client, create, fails):
    (group,) = create("/npm/*", description="d")
    assert client.delete_package_group(domain=DOMAIN, packageGroup="/npm/*")["packageGroup"] == group
    fails(lambda: client.describe_package_group(domain=DOMAIN, packageGroup="/npm/*"), "ResourceNotFoundException",
          404)
    fails(lambda: client.delete_package_group(domain=DOMAIN, packageGroup="/npm/*"), "ResourceNotFoundException",
          404, resourceId="/npm/*")
    # the pattern is free again
    create("/npm/*")


def test_delete_never_deletes_packages(client, create, seed):
    seed("pkg", "space")
    create("/npm/space/*")
    client.delete_package_group(domain=DOMAIN, packageGroup="/npm/space/*")
    package = client.describe_package(domain=DOMAIN, repository="repo", format="npm", namespace="space",
                                      package="pkg")["package"]
    assert package["name"] == "pkg"
    assert associated(client, "pkg", "space") == ("/*", "STRONG")


def test_delete_domain_drops_its_groups(client, create):
    create("/npm/*")
    for name in ("repo", "other", "third"):
        client.delete_repository(domain=DOMAIN, repository=name)
    client.delete_domain(domain=DOMAIN)
    client.create_domain(domain=DOMAIN)
    assert patterns(client.list_package_groups(domain=DOMAIN)["packageGroups"]) == ["/*"]


# -- ListPackageGroups ------------------------------------------------------------------------------------


def test_list_package_groups_prefix_and_order(client, create):
    create("/pypi//*", "/npm/space/*", "/npm/*", "/npm//react$")
    listed = client.list_package_groups(domain=DOMAIN)["packageGroups"]
    assert patterns(listed) == ["/*", "/npm/*", "/npm//react$", "/npm/space/*", "/pypi//*"]  # by pattern
    assert patterns(client.list_package_groups(domain=DOMAIN, prefix="/npm/")["packageGroups"]) == [
        "/npm/*", "/npm//react$", "/npm/space/*",
    ]
    assert client.list_package_groups(domain=DOMAIN, prefix="/maven")["packageGroups"] == []
    assert len(client.list_package_groups(domain=DOMAIN, prefix="")["packageGroups"]) == 5


def test_list_package_groups_pagination(client, create):
    names = [f"/npm/scope{i:02d}/*" for i in range(7)]
    create(*names)
    first = client.list_package_groups(domain=DOMAIN, maxResults=3)
    assert patterns(first["packageGroups"]) == ["/*", *names[:2]]
    seen = patterns(first["packageGroups"])
    token = first["nextToken"]
    while token:
        page = client.list_package_groups(domain=DOMAIN, maxResults=3, nextToken=token)
        seen += patterns(page["packageGroups"])
        token = page.get("nextToken")
    assert seen == ["/*", *names]

    paginator = client.get_paginator("list_package_groups")
    pages = list(paginator.paginate(domain=DOMAIN, PaginationConfig={"PageSize": 2}))
    assert len(pages) == 4
    assert [g["pattern"] for p in pages for g in p["packageGroups"]] == ["/*", *names]


def test_list_sub_package_groups_pagination(client, create):
    names = [f"/npm/scope{i:02d}/*" for i in range(5)]
    create("/npm/*", *names)
    paginator = client.get_paginator("list_sub_package_groups")
    pages = list(paginator.paginate(domain=DOMAIN, packageGroup="/npm/*", PaginationConfig={"PageSize": 2}))
    assert [len(p["packageGroups"]) for p in pages] == [2, 2, 1]
    assert [g["pattern"] for p in pages for g in p["packageGroups"]] == names


def test_invalid_token(client, fails):
    fails(lambda: client.list_package_groups(domain=DOMAIN, nextToken="not-a-token"), "ValidationException", 400,
          reason="OTHER")


# -- association --------------------------------------------------------------------------------------------


ASSOCIATIONS = [
    # (format, namespace, package) -> (group, association)
    (("npm", None, "react"), ("/npm//*", "STRONG")),
    (("npm", "space", "anything"), ("/npm/space/*", "STRONG")),
    (("npm", "space", "ui"), ("/npm/space/ui~", "STRONG")),
    (("npm", "space", "ui-kit"), ("/npm/space/ui~", "STRONG")),
    (("npm", "space", "uikit"), ("/npm/space/*", "STRONG")),
    (("npm", "space", "ui-kit-core"), ("/npm/space/ui-kit-core$", "STRONG")),
    (("npm", "space", "ui_kit_core"), ("/npm/space/ui-kit-core$", "WEAK")),
    (("npm", "space", "UI.Kit.Core"), ("/npm/space/ui-kit-core$", "WEAK")),
    (("npm", "Space", "anything"), ("/npm/space/*", "WEAK")),
    (("npm", "other", "react"), ("/npm/*", "STRONG")),
    (("maven", "com.acme", "lib"), ("/maven/com.acme~", "STRONG")),
    (("maven", "com.acme.tools", "lib"), ("/maven/com.acme~", "STRONG")),
    (("maven", "com.acmecorp", "lib"), ("/*", "STRONG")),
    (("pypi", None, "Requests"), ("/pypi//requests$", "STRONG")),  # names are matched normalised
    (("pypi", None, "requests-oauth"), ("/*", "STRONG")),
    (("nuget", None, "Newtonsoft.Json"), ("/nuget//newtonsoft.json$", "STRONG")),
    (("swift", "Apple", "Swift-NIO"), ("/swift/apple/*", "STRONG")),
    (("cargo", None, "serde"), ("/*", "STRONG")),
]


@pytest.fixture
def hierarchy(create):
    create("/npm/*", "/npm//*", "/npm/space/*", "/npm/space/ui~", "/npm/space/ui-kit-core$", "/maven/com.acme~",
           "/pypi//requests$", "/nuget//newtonsoft.json$", "/swift/apple/*")


@pytest.mark.parametrize(("package", "expected"), ASSOCIATIONS, ids=[str(p) for p, _ in ASSOCIATIONS])
def test_association_is_the_most_specific_match(client, hierarchy, package, expected):
    fmt, namespace, name = package
    if fmt not in service_model().shape_for("PackageFormat").enum:
        pytest.skip(f"botocore's model has no {fmt} format")
    assert associated(client, name, namespace, fmt) == expected


def test_association_result_carries_the_group_description(client, hierarchy, describe):
    result = client.get_associated_package_group(domain=DOMAIN, format="npm", namespace="space", package="x")
    assert result["packageGroup"] == describe("/npm/space/*")
    assert result["associationType"] == "STRONG"


def test_association_follows_group_changes(client, create):
    assert associated(client, "pkg", "space") == ("/*", "STRONG")
    create("/npm/*")
    assert associated(client, "pkg", "space") == ("/npm/*", "STRONG")
    create("/npm/space/pkg$")
    assert associated(client, "pkg", "space") == ("/npm/space/pkg$", "STRONG")
    client.delete_package_group(domain=DOMAIN, packageGroup="/npm/space/pkg$")
    assert associated(client, "pkg", "space") == ("/npm/*", "STRONG")


def test_strong_match_wins_over_an_equally_specific_weak_one(client, create):
    create("/npm//foo-bar$", "/npm//foo_bar$")
    assert associated(client, "foo_bar") == ("/npm//foo_bar$", "STRONG")
    assert associated(client, "foo-bar") == ("/npm//foo-bar$", "STRONG")
    assert associated(client, "foo.bar")[1] == "WEAK"


@pytest.mark.parametrize(
    ("fmt", "namespace", "message"),
    [("pypi", "ns", "no namespace"), ("maven", None, "namespace is required")],
)
def test_association_namespace_rules(client, fails, fmt, namespace, message):
    params = {"namespace": namespace} if namespace else {}
    response = fails(
        lambda: client.get_associated_package_group(domain=DOMAIN, format=fmt, package="pkg", **params),
        "ValidationException", 400,
    )
    assert message in response["Error"]["Message"]


# -- ListAssociatedPackages ----------------------------------------------------------------------------


@pytest.fixture
def packages(seed):
    seed("react")
    seed("lodash", repository="other")
    seed("lodash", repository="repo")  # in two repositories: listed once
    seed("ui", "space")
    seed("ui-kit", "space", repository="other")
    seed("uikit", "space")
    seed("ui_kit", "space")  # a variation of /npm/space/ui-kit$
    seed("core", "space")
    seed("requests", fmt="pypi")
    seed("lib", "com.acme", fmt="maven")


def listed_packages(client, pattern: str, **params: Any) -> list[tuple[str, str | None, str, str]]:
    result = client.list_associated_packages(domain=DOMAIN, packageGroup=pattern, **params)
    assert "nextToken" not in result
    return [(p["format"], p.get("namespace"), p["package"], p["associationType"]) for p in result["packages"]]


def test_list_associated_packages(client, create, packages):
    create("/npm/*", "/npm/space/*", "/npm/space/ui~", "/npm/space/ui-kit$")
    assert listed_packages(client, "/npm/*") == [
        ("npm", None, "lodash", "STRONG"),
        ("npm", None, "react", "STRONG"),
    ]
    assert listed_packages(client, "/npm/space/*") == [
        ("npm", "space", "core", "STRONG"),
        ("npm", "space", "uikit", "STRONG"),
    ]
    assert listed_packages(client, "/npm/space/ui~") == [("npm", "space", "ui", "STRONG")]
    assert listed_packages(client, "/npm/space/ui-kit$") == [
        ("npm", "space", "ui-kit", "STRONG"),
        ("npm", "space", "ui_kit", "WEAK"),
    ]
    assert listed_packages(client, "/*") == [
        ("maven", "com.acme", "lib", "STRONG"),
        ("pypi", None, "requests", "STRONG"),
    ]


def test_list_associated_packages_preview(client, create, packages, fails):
    create("/npm/*")
    # the group does not exist: without preview it is not found ...
    fails(lambda: client.list_associated_packages(domain=DOMAIN, packageGroup="/npm/space/ui~"),
          "ResourceNotFoundException", 404, resourceId="/npm/space/ui~")
    # ... with preview, the packages it would take
    preview = listed_packages(client, "/npm/space/ui~", preview=True)
    assert preview == [
        ("npm", "space", "ui", "STRONG"),
        ("npm", "space", "ui-kit", "STRONG"),
        ("npm", "space", "ui_kit", "STRONG"),
    ]
    assert ("npm", "space", "ui", "STRONG") in listed_packages(client, "/npm/*")  # nothing changed
    create("/npm/space/ui~")
    assert listed_packages(client, "/npm/space/ui~") == preview
    assert listed_packages(client, "/npm/space/ui~", preview=True) == preview
    assert ("npm", "space", "ui", "STRONG") not in listed_packages(client, "/npm/*")


def test_list_associated_packages_preview_of_a_malformed_pattern(client, fails):
    fails(lambda: client.list_associated_packages(domain=DOMAIN, packageGroup="/npm/space", preview=True),
          "ValidationException", 400)


def test_list_associated_packages_pagination(client, create, seed):
    names = [f"pkg{i:02d}" for i in range(7)]
    for name in names:
        seed(name, "space")
    create("/npm/space/*")
    paginator = client.get_paginator("list_associated_packages")
    pages = list(paginator.paginate(domain=DOMAIN, packageGroup="/npm/space/*", PaginationConfig={"PageSize": 3}))
    assert [len(p["packages"]) for p in pages] == [3, 3, 1]
    assert [pkg["package"] for p in pages for pkg in p["packages"]] == names


def test_associated_packages_of_an_empty_domain(client):
    assert client.list_associated_packages(domain=DOMAIN, packageGroup="/*")["packages"] == []


# -- origin configuration: modes and inheritance ------------------------------------------------------------


def test_update_origin_configuration_returns_the_group(client, create, set_modes, describe):
    create("/npm/*")
    result = set_modes("/npm/*", PUBLISH="BLOCK", EXTERNAL_UPSTREAM="ALLOW")
    assert result["allowedRepositoryUpdates"] == {}
    group = result["packageGroup"]
    assert group == describe("/npm/*")
    assert restrictions(group) == {
        "PUBLISH": {"mode": "BLOCK", "effectiveMode": "BLOCK", "repositoriesCount": 0},
        "EXTERNAL_UPSTREAM": {"mode": "ALLOW", "effectiveMode": "ALLOW", "repositoriesCount": 0},
        # omitted types keep their mode
        "INTERNAL_UPSTREAM": {"mode": "INHERIT", "effectiveMode": "ALLOW", "inheritedFrom": ref("/*"),
                              "repositoriesCount": 0},
    }
    back = set_modes("/npm/*", PUBLISH="INHERIT")["packageGroup"]
    assert restrictions(back)["PUBLISH"] == {
        "mode": "INHERIT", "effectiveMode": "ALLOW", "inheritedFrom": ref("/*"), "repositoriesCount": 0,
    }


CHAIN = ("/npm/*", "/npm/space/*", "/npm/space/pkg$")


@pytest.mark.parametrize("kind", TYPES)
def test_inheritance_through_three_levels(create, set_modes, describe, allows, kind):
    create(*CHAIN)
    others = [t for t in TYPES if t != kind]

    def effective() -> dict[str, tuple[str, str | None]]:
        out = {}
        for pattern in ("/*", *CHAIN):
            shown = restrictions(describe(pattern))[kind]
            out[pattern] = (shown["effectiveMode"], shown.get("inheritedFrom", {}).get("pattern"))
        return out

    # the root decides for everyone
    set_modes("/*", **{kind: "BLOCK"})
    assert effective() == {
        "/*": ("BLOCK", None),
        "/npm/*": ("BLOCK", "/*"),
        "/npm/space/*": ("BLOCK", "/*"),
        "/npm/space/pkg$": ("BLOCK", "/*"),
    }
    assert "blocks" in allows(kind, "pkg", "space")
    assert all(allows(other, "pkg", "space") is None for other in others)

    # the first level overrides it for its subtree
    set_modes("/npm/*", **{kind: "ALLOW"})
    assert effective() == {
        "/*": ("BLOCK", None),
        "/npm/*": ("ALLOW", None),
        "/npm/space/*": ("ALLOW", "/npm/*"),
        "/npm/space/pkg$": ("ALLOW", "/npm/*"),
    }
    assert allows(kind, "pkg", "space") is None
    assert allows(kind, "lodash", fmt="npm") is None  # /npm/*
    assert allows(kind, "requests", fmt="pypi") is not None  # still the root's BLOCK

    # the second level narrows it to specific repositories
    set_modes("/npm/space/*", **{kind: "ALLOW_SPECIFIC_REPOSITORIES"})
    assert effective()["/npm/space/pkg$"] == ("ALLOW_SPECIFIC_REPOSITORIES", "/npm/space/*")
    assert "only to specific repositories" in allows(kind, "pkg", "space")

    # the leaf decides for itself
    set_modes("/npm/space/pkg$", **{kind: "BLOCK"})
    assert effective()["/npm/space/pkg$"] == ("BLOCK", None)
    assert "blocks" in allows(kind, "pkg", "space")
    assert "only to specific repositories" in allows(kind, "other", "space")

    # the other restriction types never moved
    for other in others:
        for pattern in ("/*", *CHAIN):
            shown = restrictions(describe(pattern))[other]
            assert shown["effectiveMode"] == "ALLOW"


def test_allow_specific_repositories(client, create, set_modes, allows, describe):
    create("/npm/space/*")
    result = client.update_package_group_origin_configuration(
        domain=DOMAIN, packageGroup="/npm/space/*", restrictions={"PUBLISH": "ALLOW_SPECIFIC_REPOSITORIES"},
        addAllowedRepositories=[allowed("repo", "PUBLISH")],
    )
    assert result["allowedRepositoryUpdates"] == {"PUBLISH": {"ADDED": ["repo"], "REMOVED": []}}
    assert restrictions(result["packageGroup"])["PUBLISH"] == {
        "mode": "ALLOW_SPECIFIC_REPOSITORIES", "effectiveMode": "ALLOW_SPECIFIC_REPOSITORIES", "repositoriesCount": 1,
    }
    assert allows("PUBLISH", "pkg", "space", repository="repo") is None  # listed
    reason = allows("PUBLISH", "pkg", "space", repository="other")  # not listed
    assert reason and "'other'" in reason and "/npm/space/*" in reason
    # the list is per restriction type
    assert allows("EXTERNAL_UPSTREAM", "pkg", "space", repository="other") is None

    # a child that inherits the mode uses the list of the group it inherits from
    create("/npm/space/pkg$")
    assert allows("PUBLISH", "pkg", "space", repository="repo") is None
    assert allows("PUBLISH", "pkg", "space", repository="other") is not None
    child = restrictions(describe("/npm/space/pkg$"))["PUBLISH"]
    assert (child["effectiveMode"], child["repositoriesCount"]) == ("ALLOW_SPECIFIC_REPOSITORIES", 0)

    # an empty list allows nothing
    client.update_package_group_origin_configuration(
        domain=DOMAIN, packageGroup="/npm/space/*", removeAllowedRepositories=[allowed("repo", "PUBLISH")],
    )
    assert allows("PUBLISH", "pkg", "space", repository="repo") is not None


def test_allowed_lists_only_count_in_allow_specific_repositories_mode(client, create, set_modes, allows):
    create("/npm/*")
    client.update_package_group_origin_configuration(
        domain=DOMAIN, packageGroup="/npm/*", addAllowedRepositories=[allowed("repo", "PUBLISH")],
    )
    set_modes("/npm/*", PUBLISH="BLOCK")
    assert allows("PUBLISH", "react", repository="repo") is not None
    set_modes("/npm/*", PUBLISH="ALLOW")
    assert allows("PUBLISH", "react", repository="other") is None
    set_modes("/npm/*", PUBLISH="ALLOW_SPECIFIC_REPOSITORIES")  # the list kept meanwhile
    assert allows("PUBLISH", "react", repository="repo") is None
    assert allows("PUBLISH", "react", repository="other") is not None


def test_weakly_associated_packages_are_blocked_for_every_origin(create, set_modes, allows):
    create("/npm//foo-bar$")
    set_modes("/npm//foo-bar$", PUBLISH="ALLOW", EXTERNAL_UPSTREAM="ALLOW", INTERNAL_UPSTREAM="ALLOW")
    for kind in TYPES:
        assert allows(kind, "foo-bar") is None
        reason = allows(kind, "foo_bar")
        assert reason and "weakly associated" in reason and "/npm//foo-bar$" in reason
        assert allows(kind, "foobar") is None  # not a variation: the root's ALLOW


def test_group_allows_normalises_names(create, set_modes, allows):
    create("/pypi//my-pkg$", "/swift/apple/*")
    set_modes("/pypi//my-pkg$", PUBLISH="BLOCK")
    set_modes("/swift/apple/*", PUBLISH="BLOCK")
    assert allows("PUBLISH", "My_Pkg", fmt="pypi") is not None
    assert allows("PUBLISH", "Swift-NIO", "Apple", fmt="swift") is not None


def test_group_allows_refuses_unknown_restriction_types(codeartifact_backend, client):
    domain = codeartifact_backend.domains[DOMAIN]
    with pytest.raises(ValueError):
        group_refusal(domain, "npm", None, "react", "repo", "UPSTREAM")


# -- allowed repository lists ---------------------------------------------------------------------------------


def test_add_remove_and_list_allowed_repositories(client, create, describe):
    create("/npm/*")

    def update(add=(), remove=()):
        return client.update_package_group_origin_configuration(
            domain=DOMAIN, packageGroup="/npm/*",
            addAllowedRepositories=[allowed(*a) for a in add], removeAllowedRepositories=[allowed(*r) for r in remove],
        )

    def listed(kind: str) -> list[str]:
        return client.list_allowed_repositories_for_group(
            domain=DOMAIN, packageGroup="/npm/*", originRestrictionType=kind
        )["allowedRepositories"]

    result = update(add=[("third", "PUBLISH"), ("repo", "PUBLISH"), ("other", "EXTERNAL_UPSTREAM")])
    assert result["allowedRepositoryUpdates"] == {
        "EXTERNAL_UPSTREAM": {"ADDED": ["other"], "REMOVED": []},
        "PUBLISH": {"ADDED": ["repo", "third"], "REMOVED": []},
    }
    assert (listed("PUBLISH"), listed("EXTERNAL_UPSTREAM"), listed("INTERNAL_UPSTREAM")) == (
        ["repo", "third"], ["other"], [],
    )
    counts = {k: v["repositoriesCount"] for k, v in restrictions(describe("/npm/*")).items()}
    assert counts == {"PUBLISH": 2, "EXTERNAL_UPSTREAM": 1, "INTERNAL_UPSTREAM": 0}
    # modes are untouched by list changes
    assert all(v["mode"] == "INHERIT" for v in restrictions(describe("/npm/*")).values())

    # adding a listed repository or removing an unlisted one reports no change
    result = update(add=[("repo", "PUBLISH")], remove=[("third", "PUBLISH"), ("repo", "INTERNAL_UPSTREAM")])
    assert result["allowedRepositoryUpdates"] == {
        "INTERNAL_UPSTREAM": {"ADDED": [], "REMOVED": []},
        "PUBLISH": {"ADDED": [], "REMOVED": ["third"]},
    }
    assert listed("PUBLISH") == ["repo"]


def test_list_allowed_repositories_pagination(client, create):
    names = [f"r{i:02d}" for i in range(5)]
    for name in names:
        client.create_repository(domain=DOMAIN, repository=name)
    create("/npm/*")
    client.update_package_group_origin_configuration(
        domain=DOMAIN, packageGroup="/npm/*", addAllowedRepositories=[allowed(n, "INTERNAL_UPSTREAM") for n in names],
    )
    paginator = client.get_paginator("list_allowed_repositories_for_group")
    pages = list(paginator.paginate(domain=DOMAIN, packageGroup="/npm/*", originRestrictionType="INTERNAL_UPSTREAM",
                                    PaginationConfig={"PageSize": 2}))
    assert [p["allowedRepositories"] for p in pages] == [names[:2], names[2:4], names[4:]]


def test_allowed_repositories_must_exist(client, create, fails):
    create("/npm/*")
    for member in ("addAllowedRepositories", "removeAllowedRepositories"):
        fails(
            lambda member=member: client.update_package_group_origin_configuration(
                domain=DOMAIN, packageGroup="/npm/*", restrictions={"PUBLISH": "BLOCK"},
                **{member: [allowed("repo", "PUBLISH"), allowed("missing", "PUBLISH")]},
            ),
            "ResourceNotFoundException", 404, resourceId="missing", resourceType="repository",
        )


def test_adding_and_removing_the_same_repository_is_refused(client, create, fails):
    create("/npm/*")
    fails(
        lambda: client.update_package_group_origin_configuration(
            domain=DOMAIN, packageGroup="/npm/*",
            addAllowedRepositories=[allowed("repo", "PUBLISH")], removeAllowedRepositories=[allowed("repo", "PUBLISH")],
        ),
        "ValidationException", 400,
    )


def test_deleted_repositories_leave_the_allowed_lists(client, create, allows, set_modes):
    create("/npm/*")
    set_modes("/npm/*", PUBLISH="ALLOW_SPECIFIC_REPOSITORIES")
    client.update_package_group_origin_configuration(
        domain=DOMAIN, packageGroup="/npm/*", addAllowedRepositories=[allowed("third", "PUBLISH")],
    )
    client.delete_repository(domain=DOMAIN, repository="third")
    assert client.list_allowed_repositories_for_group(
        domain=DOMAIN, packageGroup="/npm/*", originRestrictionType="PUBLISH"
    )["allowedRepositories"] == []
    client.create_repository(domain=DOMAIN, repository="third")  # a new repository of the same name
    assert allows("PUBLISH", "react", repository="third") is not None


# -- tags ----------------------------------------------------------------------------------------------------------


def test_create_time_tags(client, create):
    (group,) = create("/npm/space/pkg$", tags=tags(team="ui", env="prod"))
    assert group["arn"] == group_arn("/npm/space/pkg%24")
    listed = client.list_tags_for_resource(resourceArn=group["arn"])["tags"]
    assert {t["key"]: t["value"] for t in listed} == {"team": "ui", "env": "prod"}


@pytest.mark.parametrize("pattern", ["/*", "/npm/*", "/npm/space/pkg$", "/maven/com.acme~"])
def test_tag_untag_and_list_a_group(client, create, pattern):
    if pattern != "/*":
        create(pattern)
    arn = client.describe_package_group(domain=DOMAIN, packageGroup=pattern)["packageGroup"]["arn"]
    client.tag_resource(resourceArn=arn, tags=tags(a="1", b="2"))
    client.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "b", "value": "2"}]
    # the domain's own tags are separate
    assert client.list_tags_for_resource(resourceArn=f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:domain/{DOMAIN}")[
        "tags"] == []


def test_group_arn_with_upper_case_escapes(client, create):
    create("/npm/*", tags=tags(a="1"))
    assert client.list_tags_for_resource(resourceArn=group_arn("/npm/%2A"))["tags"] == [{"key": "a", "value": "1"}]


def test_tags_go_with_the_group(client, create):
    (group,) = create("/npm/*", tags=tags(a="1"))
    client.delete_package_group(domain=DOMAIN, packageGroup="/npm/*")
    create("/npm/*")
    assert client.list_tags_for_resource(resourceArn=group["arn"])["tags"] == []


@pytest.mark.parametrize("encoded", ["/npm/%2a", "/npm/space/pkg%24", "", "/npm"])
def test_unknown_group_arn(client, fails, encoded):
    arn = group_arn(encoded)
    fails(lambda: client.list_tags_for_resource(resourceArn=arn), "ResourceNotFoundException", 404, resourceId=arn)
    fails(lambda: client.tag_resource(resourceArn=arn, tags=tags(a="1")), "ResourceNotFoundException", 404)


def test_group_of_an_unknown_domain_arn(client, fails):
    arn = group_arn("/%2a", domain="nope")
    fails(lambda: client.list_tags_for_resource(resourceArn=arn), "ResourceNotFoundException", 404)


def test_create_time_tag_rules(client, fails):
    fails(lambda: client.create_package_group(domain=DOMAIN, packageGroup="/npm/*", tags=tags(**{"aws:x": "1"})),
          "ValidationException", 400)
    too_many = [{"key": f"k{i}", "value": "v"} for i in range(51)]
    fails(lambda: client.create_package_group(domain=DOMAIN, packageGroup="/npm/*", tags=too_many),
          "ServiceQuotaExceededException", 402, resourceId="/npm/*")


# -- errors common to every operation ------------------------------------------------------------------------------

OPERATIONS = {
    "create_package_group": {"packageGroup": "/npm/*"},
    "describe_package_group": {"packageGroup": "/*"},
    "update_package_group": {"packageGroup": "/*", "description": "x"},
    "delete_package_group": {"packageGroup": "/npm/*"},
    "list_package_groups": {},
    "list_sub_package_groups": {"packageGroup": "/*"},
    "get_associated_package_group": {"format": "npm", "package": "react"},
    "list_associated_packages": {"packageGroup": "/*"},
    "list_allowed_repositories_for_group": {"packageGroup": "/*", "originRestrictionType": "PUBLISH"},
    "update_package_group_origin_configuration": {"packageGroup": "/*", "restrictions": {"PUBLISH": "BLOCK"}},
}


@pytest.mark.parametrize("method", OPERATIONS)
def test_unknown_domain(client, fails, method):
    fails(lambda: getattr(client, method)(domain="nope", **OPERATIONS[method]), "ResourceNotFoundException", 404,
          resourceId="nope", resourceType="domain")


GROUP_OPERATIONS = [m for m, params in OPERATIONS.items() if "packageGroup" in params and m != "create_package_group"]


@pytest.mark.parametrize("method", GROUP_OPERATIONS)
def test_unknown_group(client, fails, method):
    params = {**OPERATIONS[method], "packageGroup": "/npm/space/*"}
    fails(lambda: getattr(client, method)(domain=DOMAIN, **params), "ResourceNotFoundException", 404,
          resourceId="/npm/space/*")


@pytest.mark.parametrize("method", GROUP_OPERATIONS)
def test_malformed_group(client, fails, method):
    params = {**OPERATIONS[method], "packageGroup": "/npm/space"}
    fails(lambda: getattr(client, method)(domain=DOMAIN, **params), "ValidationException", 400)


def test_groups_of_a_domain_shared_with_another_account(client, client_as, create, share_domain):
    create("/npm/*")
    share_domain(DOMAIN, "210987654321")
    other = client_as("210987654321")
    result = other.describe_package_group(domain=DOMAIN, domainOwner=ACCOUNT, packageGroup="/npm/*")["packageGroup"]
    assert result["domainOwner"] == ACCOUNT and result["arn"] == group_arn("/npm/%2a")


# -- enforcement on publish and on copy -------------------------------------------------------


def _generic_publish(client, repository, package="tool", version="1.0.0"):
    import hashlib

    data = f"{package}-{version}".encode()
    return client.publish_package_version(
        domain="acme", repository=repository, format="generic", namespace="team", package=package,
        packageVersion=version, assetContent=data, assetName="tool.bin", assetSHA256=hashlib.sha256(data).hexdigest(),
    )


@pytest.fixture
def governed(codeartifact_client, codeartifact_backend):
    codeartifact_backend.create_domain(domain="acme")
    for name in ("staging", "release"):
        codeartifact_backend.create_repository(domain="acme", repository=name)
    codeartifact_client.create_package_group(domain="acme", packageGroup="/generic/team/*")
    return codeartifact_client


def test_group_blocking_publish_refuses_the_api_publish(governed, codeartifact_backend):
    governed.update_package_group_origin_configuration(
        domain="acme", packageGroup="/generic/team/*", restrictions={"PUBLISH": "BLOCK"})
    with pytest.raises(governed.exceptions.AccessDeniedException) as caught:
        _generic_publish(governed, "staging")
    assert "/generic/team/*" in caught.value.response["Error"]["Message"]
    assert codeartifact_backend.domains["acme"].repositories["staging"].packages == {}


def test_allow_specific_repositories_on_publish(governed):
    governed.update_package_group_origin_configuration(
        domain="acme", packageGroup="/generic/team/*", restrictions={"PUBLISH": "ALLOW_SPECIFIC_REPOSITORIES"},
        addAllowedRepositories=[{"repositoryName": "staging", "originRestrictionType": "PUBLISH"}])
    assert _generic_publish(governed, "staging")["status"] == "Published"
    with pytest.raises(governed.exceptions.AccessDeniedException):
        _generic_publish(governed, "release")


def test_group_rules_refuse_a_copy_per_version(governed):
    _generic_publish(governed, "staging", version="1.0.0")
    _generic_publish(governed, "staging", version="2.0.0")
    governed.update_package_group_origin_configuration(
        domain="acme", packageGroup="/generic/team/*", restrictions={"PUBLISH": "ALLOW_SPECIFIC_REPOSITORIES"},
        addAllowedRepositories=[{"repositoryName": "staging", "originRestrictionType": "PUBLISH"}])
    result = governed.copy_package_versions(
        domain="acme", sourceRepository="staging", destinationRepository="release", format="generic",
        namespace="team", package="tool", versions=["1.0.0", "2.0.0"])
    assert result["successfulVersions"] == {}
    assert {v["errorCode"] for v in result["failedVersions"].values()} == {"NOT_ALLOWED"}
    governed.update_package_group_origin_configuration(
        domain="acme", packageGroup="/generic/team/*", restrictions={"PUBLISH": "INHERIT"})
    copied = governed.copy_package_versions(
        domain="acme", sourceRepository="staging", destinationRepository="release", format="generic",
        namespace="team", package="tool", versions=["1.0.0", "2.0.0"])
    assert set(copied["successfulVersions"]) == {"1.0.0", "2.0.0"}


def test_inherited_block_from_a_parent_group_applies(governed):
    governed.create_package_group(domain="acme", packageGroup="/generic/team/tool$")
    governed.update_package_group_origin_configuration(
        domain="acme", packageGroup="/generic/team/*", restrictions={"PUBLISH": "BLOCK"})
    with pytest.raises(governed.exceptions.AccessDeniedException):
        _generic_publish(governed, "staging")  # /generic/team/tool$ inherits BLOCK
    governed.update_package_group_origin_configuration(
        domain="acme", packageGroup="/generic/team/tool$", restrictions={"PUBLISH": "ALLOW"})
    assert _generic_publish(governed, "staging")["status"] == "Published"
