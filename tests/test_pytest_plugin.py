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


# -- the codeartifact marker: per-test configuration ----------------------------------
@pytest.mark.codeartifact(region="eu-west-1", account_id="210987654321")
def test_marker_sets_region_and_account_of_every_fixture(codeartifact_mock, codeartifact_client, codeartifact_backend):
    assert (codeartifact_mock.region, codeartifact_mock.account_id) == ("eu-west-1", "210987654321")
    assert codeartifact_client.meta.region_name == "eu-west-1"
    assert (codeartifact_backend.region, codeartifact_backend.account_id) == ("eu-west-1", "210987654321")
    arn = codeartifact_client.create_domain(domain="acme")["domain"]["arn"]
    assert arn == "arn:aws:codeartifact:eu-west-1:210987654321:domain/acme"


@pytest.mark.codeartifact(region="ap-south-1", account_id="111122223333")
class TestMarkerOnAClass:
    def test_the_class_marker_applies(self, codeartifact_mock):
        assert (codeartifact_mock.region, codeartifact_mock.account_id) == ("ap-south-1", "111122223333")

    @pytest.mark.codeartifact(region="sa-east-1")
    def test_the_closest_marker_wins_keyword_by_keyword(self, codeartifact_mock):
        assert (codeartifact_mock.region, codeartifact_mock.account_id) == ("sa-east-1", "111122223333")


@pytest.mark.codeartifact(domain="widgets")
def test_marker_names_the_domain_of_the_domain_fixture(codeartifact_domain, codeartifact_client):
    assert codeartifact_domain["name"] == "widgets"
    assert [d["name"] for d in codeartifact_client.list_domains()["domains"]] == ["widgets"]


@pytest.mark.slow
def test_module_pytestmark_and_unknown_keywords(pytester):
    pytester.makepyfile(
        test_module_marker="""
        import pytest

        pytestmark = pytest.mark.codeartifact(region="eu-north-1")

        def test_module_marker(codeartifact_client):
            assert codeartifact_client.meta.region_name == "eu-north-1"
        """,
        test_bad_marker="""
        import pytest

        @pytest.mark.codeartifact(regoin="eu-west-1")
        def test_misspelt(codeartifact_mock):
            pass

        @pytest.mark.codeartifact("eu-west-1")
        def test_positional():
            pass
        """,
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines([
        "*unknown keyword(s) regoin; valid: region, account_id, strict, domain, seed*",
        "*takes keywords only (region, account_id, strict, domain, seed), not ('eu-west-1',)*",
    ])


# -- strict mode: a fault that never fired fails the test ----------------------------------
@pytest.mark.slow
def test_strict_mode_fails_at_teardown_for_faults_never_triggered(pytester):
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.codeartifact(strict=True)
        def test_unfired(codeartifact_faults, codeartifact_client):
            codeartifact_faults.throttle("CopyPackageVersions")
            codeartifact_client.list_domains()

        from mock_codeartifact import AccessDeniedException

        @pytest.mark.codeartifact(strict=True)
        def test_fired(codeartifact_faults, codeartifact_client):
            codeartifact_faults.fail("ListDomains", error=AccessDeniedException)  # not retried
            with pytest.raises(Exception):
                codeartifact_client.list_domains()

        def test_not_strict_by_default(codeartifact_faults):
            codeartifact_faults.throttle("CopyPackageVersions")

        @pytest.mark.codeartifact(strict=True)
        def test_a_failing_test_is_not_also_blamed_for_its_faults(codeartifact_faults):
            codeartifact_faults.throttle("CopyPackageVersions")
            assert False, "the test's own failure"
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=1, errors=1)
    result.stdout.fnmatch_lines([
        "*ERROR at teardown of test_unfired*",
        "*1 injected fault(s) never fired (strict mode):*",
        "*- throttle CopyPackageVersions*",
    ])
    assert "ERROR at teardown of test_a_failing_test" not in result.stdout.str()


@pytest.mark.slow
def test_strict_mode_from_the_ini_file(pytester):
    pytester.makeini("[pytest]\ncodeartifact_strict = true\n")
    pytester.makepyfile(
        """
        def test_unfired(codeartifact_faults):
            codeartifact_faults.delay("ListDomains", 0)
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)


@pytest.mark.slow
def test_opting_out_with_no_codeartifact(pytester):
    """``-p no:codeartifact``: no fixtures, and nothing of the mock is loaded
    or patched (botocore and requests are their own)."""
    pytester.makepyfile(
        """
        import sys

        import botocore.endpoint
        import requests

        def test_nothing_is_loaded_or_patched(request):
            assert "mock_codeartifact" not in sys.modules
            assert "make_request" in vars(botocore.endpoint.Endpoint)
            assert botocore.endpoint.Endpoint.make_request.__module__ == "botocore.endpoint"
            assert requests.Session.get_adapter.__module__ == "requests.sessions"
            assert "codeartifact_client" not in request.fixturenames
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-p", "no:codeartifact")
    result.assert_outcomes(passed=1)


@pytest.mark.codeartifact(seed=7)
def test_marker_seeds_the_random_source(codeartifact_mock):
    import random

    assert codeartifact_mock.registry.random.random() == random.Random(7).random()
