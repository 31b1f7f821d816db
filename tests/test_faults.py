"""Fault injection through the call hooks: throttling, internal errors and
delays, and botocore's own retry modes retrying them as against AWS.

botocore's back-off sleeps are recorded instead of slept, and the adaptive
mode's token bucket runs on a fast virtual clock, so no test waits.
"""

from __future__ import annotations

import hashlib
import types
from typing import Any

import boto3
import botocore.endpoint
import botocore.retries.bucket
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from mock_codeartifact import ConflictException, ThrottlingException, mock_codeartifact
from mock_codeartifact._faults import Faults

MODES = ["standard", "legacy", "adaptive"]


class _FastClock:
    """The adaptive mode's clock: every reading is a minute later, so the
    token bucket always has refilled and never waits."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def current_time(self) -> float:
        self.now += 60.0
        return self.now

    def sleep(self, amount: float) -> None:
        self.now += amount


@pytest.fixture
def backoffs(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """botocore's retry back-offs, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(botocore.endpoint, "time", types.SimpleNamespace(sleep=slept.append))
    monkeypatch.setattr(botocore.retries.bucket, "Clock", _FastClock)
    return slept


@pytest.fixture
def retrying(codeartifact_mock: Any, backoffs: list[float]) -> Any:
    def make(mode: str = "standard", max_attempts: int = 5) -> Any:
        config = Config(retries={"mode": mode, "max_attempts": max_attempts})
        return boto3.client("codeartifact", region_name=codeartifact_mock.region, config=config)

    return make


@pytest.fixture
def no_retries(codeartifact_mock: Any) -> Any:
    config = Config(retries={"mode": "standard", "total_max_attempts": 1})
    return boto3.client("codeartifact", region_name=codeartifact_mock.region, config=config)


def _publish_args(package: str = "tool", version: str = "1.0.0", data: bytes = b"payload") -> dict[str, Any]:
    return {
        "domain": "acme", "repository": "repo", "format": "generic", "namespace": "ns", "package": package,
        "packageVersion": version, "assetContent": data, "assetName": "tool.bin",
        "assetSHA256": hashlib.sha256(data).hexdigest(),
    }


@pytest.fixture
def seeded(codeartifact_backend: Any) -> Any:
    codeartifact_backend.create_domain(domain="acme")
    codeartifact_backend.create_repository(domain="acme", repository="repo")
    codeartifact_backend.create_repository(domain="acme", repository="release")
    codeartifact_backend.publish_package_version(**_publish_args())
    return codeartifact_backend


# -- retries -----------------------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("times", [1, 3])
def test_throttled_calls_are_retried_until_they_succeed(retrying, codeartifact_faults, backoffs, mode, times):
    client = retrying(mode, max_attempts=5)
    client.create_domain(domain="acme")
    fault = codeartifact_faults.throttle("DescribeDomain", times=times, retry_after=2)
    response = client.describe_domain(domain="acme")
    assert response["domain"]["name"] == "acme"
    assert response["ResponseMetadata"]["RetryAttempts"] == times
    assert codeartifact_faults.fired["DescribeDomain"] == fault.fired == times
    assert fault.exhausted and len(fault.calls) == times
    assert len(backoffs) == times  # botocore backed off before every retry


@pytest.mark.parametrize("mode", MODES)
def test_throttling_beyond_max_attempts_reaches_the_caller(retrying, codeartifact_faults, mode):
    client = retrying(mode, max_attempts=2)
    client.create_domain(domain="acme")
    codeartifact_faults.throttle("describe_domain", times=None, retry_after=7)
    with pytest.raises(client.exceptions.ThrottlingException) as caught:
        client.describe_domain(domain="acme")
    response = caught.value.response
    assert response["Error"]["Code"] == "ThrottlingException"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert response["ResponseMetadata"]["HTTPHeaders"]["retry-after"] == "7"
    assert response["retryAfterSeconds"] == 7  # the header member, parsed by botocore
    assert response["ResponseMetadata"]["MaxAttemptsReached"] is True
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert codeartifact_faults.fired["DescribeDomain"] == 3  # the first attempt and two retries


@pytest.mark.parametrize("mode", MODES)
def test_internal_errors_are_retried(retrying, codeartifact_faults, mode):
    client = retrying(mode)
    codeartifact_faults.fail("ListDomains", times=2)
    response = client.list_domains()
    assert response["domains"] == []
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert codeartifact_faults.fired == {"ListDomains": 2}


def test_an_internal_error_is_a_500_with_the_modelled_code(no_retries, codeartifact_faults):
    codeartifact_faults.fail("list_domains")
    with pytest.raises(no_retries.exceptions.InternalServerException) as caught:
        no_retries.list_domains()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert "fault injected" in caught.value.response["Error"]["Message"]
    assert no_retries.list_domains()["domains"] == []  # times=1: the next call succeeds


def test_retry_attempts_show_in_the_recorded_calls(retrying, codeartifact_mock, codeartifact_faults):
    client = retrying("standard")
    codeartifact_faults.throttle("ListDomains", times=2)
    client.list_domains()
    attempts = [c for c in codeartifact_mock.calls if c.operation == "ListDomains"]
    assert [type(c.error).__name__ if c.error else "ok" for c in attempts] == [
        "ThrottlingException", "ThrottlingException", "ok",
    ]


# -- which calls a fault fires on ------------------------------------------------------
def test_a_parameter_match_fires_only_for_matching_calls(no_retries, codeartifact_faults):
    no_retries.create_domain(domain="acme")
    codeartifact_faults.fail("CreateRepository", times=None, when={"repository": "doomed"})
    no_retries.create_repository(domain="acme", repository="fine")
    with pytest.raises(ClientError) as caught:
        no_retries.create_repository(domain="acme", repository="doomed")
    assert caught.value.response["Error"]["Code"] == "InternalServerException"
    no_retries.create_repository(domain="acme", repository="also-fine")
    assert codeartifact_faults.fired == {"CreateRepository": 1}
    names = {r["name"] for r in no_retries.list_repositories()["repositories"]}
    assert names == {"fine", "also-fine"}


def test_when_takes_predicates_on_values_and_on_the_call(no_retries, codeartifact_faults):
    no_retries.create_domain(domain="acme")
    codeartifact_faults.throttle("*", times=None, when={"repository": lambda name: name.startswith("tmp-")})
    codeartifact_faults.fail("*", times=None, when=lambda call: call.operation == "DeleteDomain")
    no_retries.create_repository(domain="acme", repository="kept")
    with pytest.raises(ClientError, match="ThrottlingException"):
        no_retries.create_repository(domain="acme", repository="tmp-1")
    with pytest.raises(ClientError, match="InternalServerException"):
        no_retries.delete_domain(domain="acme")
    assert codeartifact_faults.fired == {"CreateRepository": 1, "DeleteDomain": 1}


def test_a_custom_error_and_an_error_factory(no_retries, codeartifact_faults, seeded):
    codeartifact_faults.fail(
        "CopyPackageVersions", error=ConflictException("busy", resource_id="repo", resource_type="repository")
    )
    copy = {"domain": "acme", "sourceRepository": "repo", "destinationRepository": "release",
            "format": "generic", "namespace": "ns", "package": "tool", "versions": ["1.0.0"]}
    with pytest.raises(no_retries.exceptions.ConflictException) as caught:
        no_retries.copy_package_versions(**copy)
    assert caught.value.response["resourceId"] == "repo"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    codeartifact_faults.fail("*", error=lambda call: ThrottlingException(f"slow down {call.operation}", 4))
    with pytest.raises(ClientError) as caught:
        no_retries.copy_package_versions(**copy)
    assert caught.value.response["Error"]["Message"] == "slow down CopyPackageVersions"
    assert caught.value.response["retryAfterSeconds"] == 4
    assert no_retries.copy_package_versions(**copy)["successfulVersions"]["1.0.0"]["status"] == "Published"


def test_faults_fire_in_order_and_times_counts_down(no_retries, codeartifact_faults):
    first = codeartifact_faults.throttle("ListDomains", times=1)
    second = codeartifact_faults.fail("ListDomains", times=1)
    codes = []
    for _ in range(3):
        try:
            no_retries.list_domains()
            codes.append("ok")
        except ClientError as error:
            codes.append(error.response["Error"]["Code"])
    assert codes == ["ThrottlingException", "InternalServerException", "ok"]
    assert (first.fired, second.fired, first.remaining, second.remaining) == (1, 1, 0, 0)


def test_clear_forgets_faults_and_counters(no_retries, codeartifact_faults):
    codeartifact_faults.fail("*", times=None)
    with pytest.raises(ClientError):
        no_retries.list_domains()
    codeartifact_faults.clear()
    assert codeartifact_faults.fired == {} and codeartifact_faults.faults == []
    assert no_retries.list_domains()["domains"] == []


def test_unknown_operation_names_and_bad_arguments_are_refused():
    faults = Faults()
    with pytest.raises(ValueError, match="not a CodeArtifact operation"):
        faults.throttle("CopyPackageVersion")
    with pytest.raises(TypeError):
        faults.fail("ListDomains", error=ValueError("not a service error"))
    with pytest.raises(ValueError):
        faults.delay("ListDomains", -1)
    with pytest.raises(ValueError):
        faults.throttle("ListDomains", times=-1)


# -- delays --------------------------------------------------------------------------
def test_delay_sleeps_before_the_call_and_does_not_fail_it(codeartifact_mock, no_retries):
    slept: list[float] = []
    faults = codeartifact_mock.register_plugin(Faults(sleep=slept.append))
    faults.delay("list_domains", 0.25, times=2)
    faults.delay("*", 0.5, when={"domain": "acme"})
    no_retries.create_domain(domain="acme")
    for _ in range(3):
        assert no_retries.list_domains()["domains"][0]["name"] == "acme"
    assert slept == [0.5, 0.25, 0.25]
    assert faults.fired == {"CreateDomain": 1, "ListDomains": 2}


def test_a_delayed_call_then_throttled(codeartifact_mock, no_retries):
    slept: list[float] = []
    faults = codeartifact_mock.register_plugin(Faults(sleep=slept.append))
    faults.throttle("ListDomains")
    faults.delay("ListDomains", 0.1, times=1)
    with pytest.raises(ClientError, match="ThrottlingException"):
        no_retries.list_domains()
    assert slept == [0.1]


def test_a_real_short_delay(no_retries, codeartifact_faults):
    codeartifact_faults.delay("ListDomains", 0.01)
    assert no_retries.list_domains()["domains"] == []
    assert codeartifact_faults.fired == {"ListDomains": 1}


# -- state -----------------------------------------------------------------------------
def test_a_failed_call_changes_nothing(no_retries, codeartifact_faults, seeded, snapshot):
    before = snapshot()
    versions_before = seeded.list_package_versions(
        domain="acme", repository="repo", format="generic", namespace="ns", package="tool"
    )
    codeartifact_faults.throttle("*", times=None)
    calls = [
        lambda: no_retries.create_domain(domain="other"),
        lambda: no_retries.create_repository(domain="acme", repository="new"),
        lambda: no_retries.publish_package_version(**_publish_args(version="2.0.0", data=b"new")),
        lambda: no_retries.update_package_versions_status(
            domain="acme", repository="repo", format="generic", namespace="ns", package="tool",
            versions=["1.0.0"], targetStatus="Archived"),
        lambda: no_retries.dispose_package_versions(
            domain="acme", repository="repo", format="generic", namespace="ns", package="tool", versions=["1.0.0"]),
        lambda: no_retries.delete_repository(domain="acme", repository="repo"),
        lambda: no_retries.get_authorization_token(domain="acme"),
    ]
    for call in calls:
        with pytest.raises(ClientError, match="ThrottlingException"):
            call()
    assert codeartifact_faults.fired.total() == len(calls)
    assert snapshot() == before
    assert seeded.list_package_versions(
        domain="acme", repository="repo", format="generic", namespace="ns", package="tool"
    ) == versions_before
    assert seeded.domains["acme"].assets.total_bytes == len(b"payload")


def test_faults_are_unregistered_when_the_mock_stops():
    with mock_codeartifact() as mock:
        faults = mock.register_plugin(Faults())
        faults.fail("*", times=None)
        client = boto3.client("codeartifact", region_name="us-east-1",
                              config=Config(retries={"total_max_attempts": 1}))
        with pytest.raises(ClientError):
            client.list_domains()
    with mock_codeartifact():
        assert client.list_domains()["domains"] == []
