"""The ``PackageFormat`` base class every format plugin subclasses.

A format object is stateless: it answers questions about names, namespaces
and versions of one package format, and reads metadata out of real package
files. The defaults here are those of a format with no rules at all (the
generic format), so a plugin only overrides what its format does differently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from ._archive import check_files
from ._metadata import PackageMetadata
from ._versions import VersionKey, natural_key

NamespaceRule = Literal["required", "optional", "forbidden"]
_NAMESPACE_RULES = ("required", "optional", "forbidden")


class PackageFormat:
    """One package format (``pypi``, ``npm``, ...) as CodeArtifact sees it.

    Class attributes:

    ``name``
        The API's ``format`` value.
    ``namespace_rule``
        ``"required"`` (maven, swift, generic), ``"optional"`` (npm) or
        ``"forbidden"`` (pypi, nuget, ruby, cargo).
    ``normalizes_api_input``
        Whether the service normalises ``package``/``namespace``/``version``
        given to control-plane API calls before looking them up. When
        ``False`` but ``normalize_name`` does change names (pypi), callers
        must already use the stored, normalised name.
    """

    name: str = ""
    namespace_rule: NamespaceRule = "optional"
    normalizes_api_input: bool = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    # -- names -----------------------------------------------------------

    def normalize_name(self, name: str) -> str:
        """The stored form of a package name (default: unchanged)."""
        return name

    def normalize_namespace(self, namespace: str | None) -> str | None:
        """The stored form of a namespace (default: unchanged)."""
        return namespace

    def normalize_version(self, version: str) -> str:
        """The stored form of a version string (default: unchanged)."""
        return version

    def validate_namespace(self, namespace: str | None) -> str | None:
        """Check ``namespace`` against ``namespace_rule`` and normalise it.

        An empty string counts as no namespace, as an empty query parameter
        does on the wire. Raises ``ValueError`` when a required namespace is
        missing or a namespace is given to a format that has none.
        """
        if namespace == "":
            namespace = None
        if namespace is None:
            if self.namespace_rule == "required":
                raise ValueError(f"{self.name}: a namespace is required for {self.name} packages")
            return None
        if self.namespace_rule == "forbidden":
            raise ValueError(
                f"{self.name}: {self.name} packages have no namespace, got {namespace!r}"
            )
        return self.normalize_namespace(namespace)

    def coordinates_for_api(
        self, namespace: str | None, package: str, version: str | None = None
    ) -> tuple[str | None, str, str | None]:
        """How the service reads ``(namespace, package, version)`` from an API call.

        Normalised only for formats whose ``normalizes_api_input`` is true;
        otherwise returned unchanged (a pypi lookup of ``PyHamcrest`` then
        finds nothing, as on the real service).
        """
        if not self.normalizes_api_input:
            return namespace, package, version
        return (
            None if namespace is None else self.normalize_namespace(namespace),
            self.normalize_name(package),
            None if version is None else self.normalize_version(version),
        )

    def display_name(
        self, namespace: str | None, name: str, metadata_name: str | None = None
    ) -> str:
        """The human form of a package name (``displayName``).

        Default: the name as the package's own manifest spells it when
        known, else the stored name.
        """
        return metadata_name or name

    # -- versions ------------------------------------------------------

    def parsed_version_key(self, version: str) -> VersionKey | None:
        """Override point: a comparable key for a valid version, else ``None``.

        Keys only need to compare with keys of the same format. May raise:
        ``version_sort_key`` treats an exception like ``None``.
        Default: natural ordering (digit runs compare as numbers).
        """
        return natural_key(version)

    def version_sort_key(self, version: str) -> tuple[int, VersionKey, str]:
        """A total-order sort key for any version string; never raises.

        Unparseable versions sort before all parseable ones, among themselves
        by their text; equal-ranking versions (``1.0`` and ``1.0.0`` in some
        formats) are ordered by their text too, so sorting is deterministic.
        """
        text = version if isinstance(version, str) else str(version)
        try:
            key = self.parsed_version_key(text)
        except Exception:
            key = None
        if key is None:
            return (0, (), text)
        return (1, key, text)

    def sort_versions(self, versions: Iterable[str]) -> list[str]:
        """``versions`` from lowest to highest by this format's ordering."""
        return sorted(versions, key=self.version_sort_key)

    def default_display_version(
        self, versions: Iterable[str], dist_tags: Mapping[str, str] | None = None
    ) -> str | None:
        """The ``defaultDisplayVersion`` of a package.

        ``versions`` must be in publication order, oldest first, and already
        limited to the versions that count (the caller's filtering). Default:
        the most recently published version.
        """
        ordered = list(versions)
        return ordered[-1] if ordered else None

    # -- files ---------------------------------------------------------

    def extract_metadata(self, files: Mapping[str, bytes]) -> PackageMetadata:
        """Read metadata from a package version's files (``{name: bytes}``).

        Raises ``ValueError`` with a message naming the format and the file
        when the files are not a valid package of this format. The default
        reads nothing (as for generic packages) but still insists on files.
        """
        check_files(self.name, files)
        return PackageMetadata()


def _check_rule(rule: str) -> None:
    """Guard for plugin authors: reject a misspelt ``namespace_rule``."""
    if rule not in _NAMESPACE_RULES:
        raise ValueError(f"namespace_rule must be one of {_NAMESPACE_RULES}, got {rule!r}")
