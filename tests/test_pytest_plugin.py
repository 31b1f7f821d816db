"""The fixtures, their ini options, and isolation between tests."""

from __future__ import annotations

import pytest

from mock_codeartifact import CodeArtifactMock

pytest_plugins = ["pytester"]


def test_fixtures_share_one_mock(codeartifact_mock, codeartifact_client, codeartifact_backend):
    assert isinstance(codeartifact_mock, CodeArtifactMock) and codeartifact_mock.active
    codeartifact_backend.create_domain(domain="seeded")
    assert [d["name"] for d in codeartifact_client.list_domains()["domains"]] == ["seeded"]
    assert codeartifact_client.meta.region_name == codeartifact_mock.region == "us-east-1"


@pytest.mark.parametrize("round_", [1, 2])
def test_no_state_leaks_between_tests(codeartifact_client, round_):
    assert codeartifact_client.list_domains()["domains"] == []
    codeartifact_client.create_domain(domain="leak-check")


@pytest.mark.slow
def test_ini_options_and_isolation_in_a_fresh_run(pytester):
    pytester.makeini(
        """
        [pytest]
        codeartifact_region = eu-central-1
        codeartifact_account_id = 210987654321
        """
    )
    pytester.makepyfile(
        """
        import boto3

        module_client = boto3.client("codeartifact", region_name="eu-central-1")

        def test_defaults(codeartifact_client, codeartifact_backend):
            domain = codeartifact_client.create_domain(domain="acme")["domain"]
            assert domain["arn"] == "arn:aws:codeartifact:eu-central-1:210987654321:domain/acme"
            assert codeartifact_backend.account_id == "210987654321"

        def test_client_made_at_collection_is_routed(codeartifact_mock):
            assert module_client.list_domains()["domains"] == []
            module_client.create_domain(domain="early")
            assert list(codeartifact_mock.backend().domains) == ["early"]
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


@pytest.mark.slow
def test_no_leak_under_xdist(pytester):
    pytest.importorskip("xdist")
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("n", range(8))
        def test_fresh(codeartifact_client, codeartifact_backend, n):
            assert codeartifact_client.list_domains()["domains"] == []
            codeartifact_client.create_domain(domain=f"d{n}")
            assert list(codeartifact_backend.domains) == [f"d{n}"]
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-n", "2")
    result.assert_outcomes(passed=8)
