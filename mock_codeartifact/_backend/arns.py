"""ARNs exactly as CodeArtifact writes them (the account is the domain owner)."""

from __future__ import annotations

from urllib.parse import quote


def partition(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def _prefix(region: str, owner: str) -> str:
    return f"arn:{partition(region)}:codeartifact:{region}:{owner}"


def domain_arn(region: str, owner: str, domain: str) -> str:
    return f"{_prefix(region, owner)}:domain/{domain}"


def repository_arn(region: str, owner: str, domain: str, repository: str) -> str:
    return f"{_prefix(region, owner)}:repository/{domain}/{repository}"


def package_arn(
    region: str, owner: str, domain: str, repository: str, fmt: str, namespace: str | None, package: str
) -> str:
    return f"{_prefix(region, owner)}:package/{domain}/{repository}/{fmt}/{namespace or ''}/{package}"


def package_group_arn(region: str, owner: str, domain: str, pattern: str) -> str:
    # The pattern keeps its own leading "/"; characters outside a safe set are
    # percent-encoded in lower case ("*" -> "%2a"), as AWS-authored tests show.
    encoded = quote(pattern, safe="/~-._").replace("%2A", "%2a")
    return f"{_prefix(region, owner)}:package-group/{domain}{encoded}"


def parse(arn: str) -> tuple[str, str, str, str] | None:
    """``(region, owner, resource type, rest)`` of a CodeArtifact ARN, else None."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "codeartifact":
        return None
    kind, _, rest = parts[5].partition("/")
    return parts[3], parts[4], kind, rest
