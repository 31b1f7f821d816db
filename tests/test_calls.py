"""The call log: filtering by operation and assertions whose failure
messages list the calls made and how each differs."""

from __future__ import annotations

import boto3
import pytest

from mock_codeartifact import CallLog, mock_codeartifact


@pytest.fixture
def promoted():
    with mock_codeartifact() as mock:
        ca = boto3.client("codeartifact", region_name="us-east-1")
        ca.create_domain(domain="acme")
        ca.create_repository(domain="acme", repository="staging")
        ca.create_repository(domain="acme", repository="release")
        mock.backend().publish_package(domain="acme", repository="staging", format="npm",
                                       package="widgets", version="1.0.0")   # seeding is not a call
        ca.copy_package_versions(domain="acme", sourceRepository="staging", destinationRepository="release",
                                 format="npm", package="widgets", versions=["1.0.0"])
        with pytest.raises(ca.exceptions.ResourceNotFoundException):
            ca.describe_repository(domain="acme", repository="nope")
        yield mock


def test_calls_of_one_operation_by_api_or_boto3_name(promoted):
    assert isinstance(promoted.calls, CallLog)
    assert promoted.calls.of("CreateRepository").operations == ["CreateRepository", "CreateRepository"]
    assert promoted.calls.of("create_repository") == promoted.calls.of("CreateRepository")
    assert [c.params["repository"] for c in promoted.calls.of("CreateRepository")] == ["staging", "release"]
    assert promoted.calls.operations[0] == "CreateDomain"
    assert isinstance(promoted.calls[1:], CallLog)


def test_a_misspelt_operation_is_an_error_not_an_empty_list(promoted):
    with pytest.raises(ValueError, match="'CopyPackageVersion' is not a CodeArtifact operation"):
        promoted.calls.of("CopyPackageVersion")


def test_assert_called_returns_the_matching_call(promoted):
    call = promoted.assert_called("CopyPackageVersions", destinationRepository="release", versions=["1.0.0"])
    assert list(call.result["successfulVersions"]) == ["1.0.0"]
    assert promoted.calls.assert_called_once("copy_package_versions").params["package"] == "widgets"
    promoted.assert_not_called("DeleteDomain")
    promoted.assert_not_called("CopyPackageVersions", destinationRepository="staging")


def test_a_failed_assertion_lists_the_calls_and_how_each_differs(promoted):
    with pytest.raises(AssertionError) as caught:
        promoted.assert_called("CreateRepository", repository="prod", description="Production")
    message = str(caught.value)
    assert message.splitlines()[0] == (
        "no CreateRepository(repository='prod', description='Production') call was made; the calls made were:")
    assert "  1. CreateDomain(domain='acme')" in message
    assert "  2. CreateRepository(domain='acme', repository='staging')" in message
    assert "       repository: 'staging' != expected 'prod'" in message
    assert "       description: not given (expected 'Production')" in message
    assert "DescribeRepository(domain='acme', repository='nope')  -> ResourceNotFoundException" in message


def test_assert_called_once_and_not_called_explain_too(promoted):
    with pytest.raises(AssertionError, match=r"expected 1 CreateRepository\(\) call, 2 were made") as caught:
        promoted.calls.assert_called_once("CreateRepository")
    assert str(caught.value).count("matches") == 2
    with pytest.raises(AssertionError, match=r"expected no CreateDomain\(domain='acme'\) call, 1 were made"):
        promoted.assert_not_called("CreateDomain", domain="acme")


def test_no_calls_at_all_says_so():
    with mock_codeartifact() as mock, pytest.raises(AssertionError) as caught:
        mock.assert_called("ListDomains")
    assert str(caught.value) == "no ListDomains() call was made; no CodeArtifact call was made at all"
