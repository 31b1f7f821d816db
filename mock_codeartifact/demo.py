"""The main job in one command: a promotion pipeline run against the mock,
printed step by step (``mock-codeartifact demo``)."""

from __future__ import annotations


def run_demo(print_: object = print) -> None:
    import boto3

    from .mock import mock_codeartifact

    say = print_  # type: ignore[assignment]
    with mock_codeartifact(region="eu-west-1") as mock:
        ca = boto3.client("codeartifact", region_name="eu-west-1")
        domain = ca.create_domain(domain="acme")["domain"]
        say(f"created domain {domain['name']}  ({domain['arn']})")
        ca.create_repository(domain="acme", repository="staging", description="Builds waiting for sign-off")
        release = ca.create_repository(domain="acme", repository="release", upstreams=[{"repositoryName": "staging"}])
        say(f"created repositories staging and release (upstreams: {release['repository']['upstreams']})")
        ca.associate_external_connection(domain="acme", repository="staging", externalConnection="public:pypi")
        say("connected staging to public:pypi")
        token = ca.get_authorization_token(domain="acme", durationSeconds=900)
        say(f"authorization token expires at {token['expiration']:%Y-%m-%d %H:%M:%S %Z}")
        for fmt in ("pypi", "npm", "maven"):
            url = ca.get_repository_endpoint(domain="acme", repository="release", format=fmt)["repositoryEndpoint"]
            say(f"{fmt:>5} endpoint: {url}")
        try:
            ca.delete_domain(domain="acme")
        except ca.exceptions.ConflictException as error:
            say(f"delete_domain refused as AWS refuses it: {error.response['Error']['Message']}")
        say(f"{len(mock.calls)} calls answered in-process, none sent to AWS")
