"""Many threads, mixed operations, one mock: the state ends consistent.

Eight threads (one boto3 client each, made in the thread) issue 10,000 calls
between them: publishes, copies, status changes, disposals, deletions,
repository creation and deletion, and reads. Every thread owns the versions
it publishes (names carry the thread's number) and keeps an exact model of
them, because no other thread changes them, although all of them share the
packages, the repositories and the asset blobs. Every answer is checked
against the model as it comes:

- a batch either succeeds for every version or fails for every version
  (``SKIPPED`` for all but the culprits), and after a failure the versions
  are re-read to prove that nothing changed;
- a successful status change moves only along an allowed transition;
- a paginated ``ListPackageVersions`` walk, while other threads add and
  remove versions of the same package, shows each of the thread's versions
  exactly once, with the modelled status.

One pool of versions is contested: threads race to move its versions between
Published, Unlisted and Archived with ``expectedStatus`` (compare-and-set).
Counting every successful move, each status's inflow minus outflow must equal
what it ends with: no move was lost or applied twice.

At the end the whole state must equal the union of the threads' models (no
lost or duplicated versions anywhere), and :func:`check_invariants` must hold
(asset reference counts, ``assetSizeBytes``, no orphaned blobs).
"""

from __future__ import annotations

import hashlib
import random
import threading
import traceback
from collections import Counter
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from mock_codeartifact import CodeArtifactMock

THREADS = 8
OPERATIONS = 10_000
DOMAIN = "conc"
SOURCE = "src"
DESTINATIONS = ("dst0", "dst1", "dst2")
PACKAGES = ("p0", "p1", "p2", "p3")
NAMESPACE = "ns"
CONTESTED = "contested"
CONTESTED_VERSIONS = [f"c{i}" for i in range(24)]
CHOOSABLE = ("Published", "Unlisted", "Archived")
COPYABLE = ("Published", "Unlisted", "Archived")
#: (from, to) pairs a status change may make (Disposed is terminal but for deletion).
ALLOWED = {(a, b) for a in ("Published", "Unlisted", "Archived", "Unfinished") for b in CHOOSABLE} | {
    (a, "Disposed") for a in ("Published", "Unlisted", "Archived", "Unfinished", "Disposed")
}
BLOBS = [f"blob {i} ".encode() * (i + 1) for i in range(16)]
SHAS = [hashlib.sha256(b).hexdigest() for b in BLOBS]


class Worker(threading.Thread):
    def __init__(self, number: int, quota: int, stop: threading.Event) -> None:
        super().__init__(name=f"worker-{number}", daemon=True)
        self.number = number
        self.quota = quota
        self.stop_all = stop
        self.rng = random.Random(1000 + number)
        self.calls = 0
        self.serial = 0
        #: (repository, package, version) -> {"status", "revision", "sha"}
        self.model: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.ephemeral: list[str] = []
        self.flows: list[tuple[str, str, str]] = []  # contested (version, from, to)
        self.counts: Counter[str] = Counter()
        self.error: str | None = None

    # -- plumbing ------------------------------------------------------------------
    def call(self, name: str, **params: Any) -> Any:
        self.calls += 1
        self.counts[name] += 1
        return getattr(self.client, name)(domain=DOMAIN, **params)

    def run(self) -> None:
        try:
            self.client = boto3.session.Session().client(
                "codeartifact", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
            )
            actions = [
                (self.publish, 16), (self.copy, 14), (self.update_status, 14), (self.dispose, 6),
                (self.delete, 7), (self.contest, 12), (self.read, 22), (self.repository_lifecycle, 4),
            ]
            choices, weights = zip(*actions)
            while self.calls < self.quota and not self.stop_all.is_set():
                self.rng.choices(choices, weights)[0]()
        except BaseException:  # noqa: BLE001 - reported by the main thread; the others stop
            self.error = f"{self.name}:\n{traceback.format_exc()}"
            self.stop_all.set()

    def _new_version(self) -> str:
        self.serial += 1
        return f"t{self.number}.{self.serial}"

    def _groups(self) -> dict[tuple[str, str], list[str]]:
        """The thread's versions by (repository, package)."""
        groups: dict[tuple[str, str], list[str]] = {}
        for repo, package, version in self.model:
            groups.setdefault((repo, package), []).append(version)
        return groups

    def _pick_group(self) -> tuple[str, str, list[str]] | None:
        groups = self._groups()
        if not groups:
            return None
        repo, package = self.rng.choice(sorted(groups))
        versions = sorted(groups[repo, package])
        chosen = self.rng.sample(versions, min(len(versions), self.rng.randint(1, 4)))
        return repo, package, chosen

    def _describe(self, repo: str, package: str, version: str) -> dict[str, Any] | None:
        try:
            return self.call(
                "describe_package_version", repository=repo, format="generic", namespace=NAMESPACE,
                package=package, packageVersion=version,
            )["packageVersion"]
        except ClientError as error:
            assert error.response["Error"]["Code"] == "ResourceNotFoundException", error.response
            return None

    def _assert_unchanged(self, repo: str, package: str, versions: list[str]) -> None:
        """After a failed batch: each version is exactly as modelled."""
        for version in versions:
            shown = self._describe(repo, package, version)
            expected = self.model.get((repo, package, version))
            if expected is None:
                assert shown is None, (repo, package, version, shown)
            else:
                assert shown is not None, (repo, package, version)
                assert (shown["status"], shown["revision"]) == (expected["status"], expected["revision"])

    @staticmethod
    def _all_or_nothing(result: dict[str, Any], versions: list[str], succeeded: bool) -> None:
        if succeeded:
            assert result["failedVersions"] == {}, result
            assert set(result["successfulVersions"]) == set(versions), result
        else:
            assert result["successfulVersions"] == {}, result
            assert set(result["failedVersions"]) == set(versions), result
            codes = [f["errorCode"] for f in result["failedVersions"].values()]
            assert any(code != "SKIPPED" for code in codes), result

    # -- actions -------------------------------------------------------------------
    def publish(self) -> None:
        repo = self.rng.choice(self.ephemeral) if self.ephemeral and self.rng.random() < 0.25 else SOURCE
        package, version = self.rng.choice(PACKAGES), self._new_version()
        blob = self.rng.randrange(len(BLOBS))
        unfinished = self.rng.random() < 0.1
        result = self.call(
            "publish_package_version", repository=repo, format="generic", namespace=NAMESPACE, package=package,
            packageVersion=version, assetContent=BLOBS[blob], assetName="asset.bin", assetSHA256=SHAS[blob],
            unfinished=unfinished,
        )
        status = "Unfinished" if unfinished else "Published"
        assert result["status"] == status and result["version"] == version, result
        self.model[repo, package, version] = {"status": status, "revision": result["versionRevision"], "sha": SHAS[blob]}

    def copy(self) -> None:
        sources = [(p, v) for (r, p, v), s in self.model.items() if r == SOURCE]
        if not sources:
            return
        package = self.rng.choice(sorted({p for p, _ in sources}))
        destination = self.rng.choice(DESTINATIONS + tuple(self.ephemeral))
        candidates = sorted(v for p, v in sources if p == package and (destination, package, v) not in self.model)
        if not candidates:
            return
        versions = self.rng.sample(candidates, min(len(candidates), self.rng.randint(1, 4)))
        if self.rng.random() < 0.15:
            versions.append(f"t{self.number}.missing{self.serial}")
        succeeded = all(
            (SOURCE, package, v) in self.model and self.model[SOURCE, package, v]["status"] in COPYABLE
            for v in versions
        )
        result = self.call(
            "copy_package_versions", sourceRepository=SOURCE, destinationRepository=destination, format="generic",
            namespace=NAMESPACE, package=package, versions=versions,
        )
        self._all_or_nothing(result, versions, succeeded)
        if succeeded:
            for version in versions:
                source = self.model[SOURCE, package, version]
                assert result["successfulVersions"][version] == {"revision": source["revision"], "status": source["status"]}
                self.model[destination, package, version] = dict(source)
        else:
            self._assert_unchanged(destination, package, versions)

    def update_status(self) -> None:
        picked = self._pick_group()
        if picked is None:
            return
        repo, package, versions = picked
        current = {v: self.model[repo, package, v] for v in versions}
        target = self.rng.choice(CHOOSABLE)
        params: dict[str, Any] = {}
        roll = self.rng.random()
        if roll < 0.3:
            params["expectedStatus"] = current[versions[0]]["status"]
        elif roll < 0.5:
            revisions = {v: m["revision"] for v, m in current.items()}
            if self.rng.random() < 0.4:
                revisions[versions[-1]] = "bm90IHRoZSByZXZpc2lvbg=="
            params["versionRevisions"] = revisions
        succeeded = all(
            m["status"] != "Disposed"
            and (params.get("expectedStatus") in (None, m["status"]))
            and params.get("versionRevisions", {}).get(v, m["revision"]) == m["revision"]
            for v, m in current.items()
        )
        result = self.call(
            "update_package_versions_status", repository=repo, format="generic", namespace=NAMESPACE,
            package=package, versions=versions, targetStatus=target, **params,
        )
        self._all_or_nothing(result, versions, succeeded)
        if succeeded:
            for version in versions:
                assert (current[version]["status"], target) in ALLOWED
                assert result["successfulVersions"][version]["status"] == target
                self.model[repo, package, version]["status"] = target
        else:
            self._assert_unchanged(repo, package, versions)

    def dispose(self) -> None:
        picked = self._pick_group()
        if picked is None:
            return
        repo, package, versions = picked
        expected = self.rng.choice(CHOOSABLE) if self.rng.random() < 0.3 else None
        succeeded = expected is None or all(self.model[repo, package, v]["status"] == expected for v in versions)
        result = self.call(
            "dispose_package_versions", repository=repo, format="generic", namespace=NAMESPACE, package=package,
            versions=versions, **({"expectedStatus": expected} if expected else {}),
        )
        self._all_or_nothing(result, versions, succeeded)
        if succeeded:
            for version in versions:
                entry = self.model[repo, package, version]
                assert (entry["status"], "Disposed") in ALLOWED
                entry["status"], entry["sha"] = "Disposed", None
        else:
            self._assert_unchanged(repo, package, versions)

    def delete(self) -> None:
        picked = self._pick_group()
        if picked is None:
            return
        repo, package, versions = picked
        if self.rng.random() < 0.2:
            versions = [*versions, f"t{self.number}.gone{self.serial}"]
        succeeded = all((repo, package, v) in self.model for v in versions)
        result = self.call(
            "delete_package_versions", repository=repo, format="generic", namespace=NAMESPACE, package=package,
            versions=versions,
        )
        self._all_or_nothing(result, versions, succeeded)
        if succeeded:
            for version in versions:
                assert result["successfulVersions"][version]["status"] == "Deleted"
                del self.model[repo, package, version]
        else:
            self._assert_unchanged(repo, package, versions)

    def contest(self) -> None:
        versions = self.rng.sample(CONTESTED_VERSIONS, self.rng.randint(2, 3))
        before, after = self.rng.sample(CHOOSABLE, 2)
        result = self.call(
            "update_package_versions_status", repository=SOURCE, format="generic", namespace=NAMESPACE,
            package=CONTESTED, versions=versions, targetStatus=after, expectedStatus=before,
        )
        if result["successfulVersions"]:
            self._all_or_nothing(result, versions, True)
            self.flows.extend((v, before, after) for v in versions)
        else:
            self._all_or_nothing(result, versions, False)
            codes = {f["errorCode"] for f in result["failedVersions"].values()}
            assert codes <= {"MISMATCHED_STATUS", "SKIPPED"}, result

    def read(self) -> None:
        roll = self.rng.random()
        groups = self._groups()
        if roll < 0.45 and groups:
            repo, package = self.rng.choice(sorted(groups))
            seen: Counter[str] = Counter()
            token = None
            while True:
                page = self.call(
                    "list_package_versions", repository=repo, format="generic", namespace=NAMESPACE,
                    package=package, maxResults=self.rng.choice((7, 50, 100)), **({"nextToken": token} if token else {}),
                )
                for item in page["versions"]:
                    if item["version"].startswith(f"t{self.number}."):
                        seen[item["version"]] += 1
                        expected = self.model[repo, package, item["version"]]
                        assert (item["status"], item["revision"]) == (expected["status"], expected["revision"])
                token = page.get("nextToken")
                if not token:
                    break
            assert set(seen) == set(groups[repo, package]), (repo, package)
            assert set(seen.values()) == {1}, "a version shown twice while paginating"
        elif roll < 0.75 and self.model:
            repo, package, version = self.rng.choice(sorted(self.model))
            shown = self._describe(repo, package, version)
            assert shown is not None
            assert (shown["status"], shown["revision"]) == (
                self.model[repo, package, version]["status"], self.model[repo, package, version]["revision"])
        elif roll < 0.9:
            repo = self.rng.choice((SOURCE, *DESTINATIONS))
            packages = self.call("list_packages", repository=repo, format="generic")["packages"]
            assert len({p["package"] for p in packages}) == len(packages)
        else:
            names = [r["name"] for r in self.call("list_repositories_in_domain", maxResults=1000)["repositories"]]
            assert len(names) == len(set(names)) and set(self.ephemeral) <= set(names)

    def repository_lifecycle(self) -> None:
        if len(self.ephemeral) < 2 and self.rng.random() < 0.7:
            name = f"eph-{self.number}-{self._new_version().replace('.', '-')}"
            self.call("create_repository", repository=name, upstreams=[{"repositoryName": SOURCE}])
            self.ephemeral.append(name)
        elif self.ephemeral:
            name = self.ephemeral.pop(self.rng.randrange(len(self.ephemeral)))
            self.call("delete_repository", repository=name)
            for key in [k for k in self.model if k[0] == name]:
                del self.model[key]
            try:
                self.call("describe_repository", repository=name)
            except ClientError as error:
                assert error.response["Error"]["Code"] == "ResourceNotFoundException"
            else:
                raise AssertionError(f"{name} still exists after its deletion")


def _actual_versions(backend: Any) -> dict[tuple[str, str, str], tuple[str, str, str | None]]:
    found = {}
    for repo in backend.domains[DOMAIN].repositories.values():
        for (_fmt, _ns, name), package in repo.packages.items():
            for version in package.versions.values():
                sha = version.assets[0].sha256 if version.assets else None
                found[repo.name, name, version.version] = (version.status, version.revision, sha)
    return found


def test_mixed_operations_from_many_threads_keep_every_invariant(invariants):
    with CodeArtifactMock(record_calls=False, seed=99) as mock:
        backend = mock.backend()
        backend.create_domain(domain=DOMAIN)
        for name in (SOURCE, *DESTINATIONS):
            backend.create_repository(domain=DOMAIN, repository=name)
        for version in CONTESTED_VERSIONS:
            data = f"contested {version}".encode()
            backend.publish_package_version(
                domain=DOMAIN, repository=SOURCE, format="generic", namespace=NAMESPACE, package=CONTESTED,
                packageVersion=version, assetContent=data, assetName="c.bin",
                assetSHA256=hashlib.sha256(data).hexdigest(),
            )
        stop = threading.Event()
        workers = [Worker(n, OPERATIONS // THREADS, stop) for n in range(THREADS)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        assert not any(w.is_alive() for w in workers), "a worker hung"
        errors = [w.error for w in workers if w.error]
        assert not errors, "\n".join(errors)

        total = sum(w.calls for w in workers)
        assert total >= OPERATIONS and len(workers) >= 8
        kinds = sum((w.counts for w in workers), Counter())
        for name in ("publish_package_version", "copy_package_versions", "update_package_versions_status",
                     "dispose_package_versions", "delete_package_versions", "list_package_versions",
                     "list_packages", "describe_package_version", "create_repository", "delete_repository"):
            assert kinds[name] > 0, name

        # No lost or duplicated versions: the state is the union of the models.
        actual = _actual_versions(backend)
        contested = {k: v for k, v in actual.items() if k[1] == CONTESTED}
        expected = {}
        for worker in workers:
            for key, entry in worker.model.items():
                assert key not in expected
                expected[key] = (entry["status"], entry["revision"], entry["sha"])
        assert {k: v for k, v in actual.items() if k[1] != CONTESTED} == expected

        # Contested compare-and-set moves: inflow - outflow = final - initial, per version and status.
        flow: Counter[tuple[str, str]] = Counter()
        for worker in workers:
            for version, before, after in worker.flows:
                flow[version, after] += 1
                flow[version, before] -= 1
        assert sum(len(w.flows) for w in workers) > 0
        for version in CONTESTED_VERSIONS:
            final = contested[SOURCE, CONTESTED, version][0]
            for status in CHOOSABLE:
                change = (status == final) - (status == "Published")
                assert flow[version, status] == change, (version, status, final)

        counts = invariants(mock.registry)
        assert counts["versions"] == len(actual)
