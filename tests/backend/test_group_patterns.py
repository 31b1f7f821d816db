"""Package-group patterns on their own: the six shapes, every refused form,
word-boundary prefixes, weak (variation) matches and pattern containment."""

from __future__ import annotations

import pytest

from mock_codeartifact._backend import group_patterns as gp
from mock_codeartifact._backend.group_patterns import (
    ALL,
    EXACT,
    FORMAT,
    NAME_PREFIX,
    NAMESPACE,
    NAMESPACE_PREFIX,
    STRONG,
    WEAK,
)

# -- valid shapes -------------------------------------------------------------------

VALID = {
    # the user guide's six shapes
    "/*": (ALL, None, None, None),
    "/npm/*": (FORMAT, "npm", None, None),
    "/maven/com.anycompany~": (NAMESPACE_PREFIX, "maven", "com.anycompany", None),
    "/npm/space/*": (NAMESPACE, "npm", "space", None),
    "/npm/space/anycompany-ui~": (NAME_PREFIX, "npm", "space", "anycompany-ui"),
    "/maven/org.apache.logging.log4j/log4j-core$": (EXACT, "maven", "org.apache.logging.log4j", "log4j-core"),
    # blank namespace segment: packages without a namespace
    "/npm//*": (NAMESPACE, "npm", "", None),
    "/npm//react$": (EXACT, "npm", "", "react"),
    "/pypi//requests$": (EXACT, "pypi", "", "requests"),
    "/pypi//django~": (NAME_PREFIX, "pypi", "", "django"),
    "/pypi//*": (NAMESPACE, "pypi", "", None),
    "/nuget//newtonsoft.json$": (EXACT, "nuget", "", "newtonsoft.json"),
    "/ruby//rails$": (EXACT, "ruby", "", "rails"),
    "/cargo//serde~": (NAME_PREFIX, "cargo", "", "serde"),
    # namespaced formats, normalised where the service normalises
    "/swift/apple/swift-nio$": (EXACT, "swift", "apple", "swift-nio"),
    "/generic/tools/*": (NAMESPACE, "generic", "tools", None),
    "/maven/com.acme/lib~": (NAME_PREFIX, "maven", "com.acme", "lib"),
    # case is kept (npm/maven names are case-sensitive identifiers)
    "/npm//AsyncStorage$": (EXACT, "npm", "", "AsyncStorage"),
    # a word ends in any letter or digit, not only ASCII
    "/npm//café~": (NAME_PREFIX, "npm", "", "café"),
    "/npm//v2~": (NAME_PREFIX, "npm", "", "v2"),
}


@pytest.mark.parametrize("text", VALID)
def test_valid_shapes(text):
    pattern = gp.validate(text)
    assert (pattern.level, pattern.format, pattern.namespace, pattern.name) == VALID[text]
    assert pattern.text == text


# -- refused forms --------------------------------------------------------------------

INVALID = {
    # structure
    "npm/*": "must start with '/'",
    "/": "must end with a suffix",
    "/npm": "must end with a suffix",
    "/npm/react": "must end with a suffix",
    "/npm/*/": "must end with a suffix",
    "//*": "format component is empty",
    "/$": "format component is empty",
    # '*' only right after '/'
    "/npm*": "'*' must directly follow a '/'",
    "/npm/space*": "'*' must directly follow a '/'",
    "/npm/space/foo*": "'*' must directly follow a '/'",
    "/npm/space/foo/*": "'*' can only follow the format",
    # '~' only after a word character, never on the format
    "/npm/~": "'~' must follow a word character",
    "/npm/space/~": "'~' must follow a word character",
    "/npm/space/foo-~": "must directly follow a letter or digit",
    "/npm/space/foo.~": "must directly follow a letter or digit",
    "/npm/space/foo_~": "must directly follow a letter or digit",
    "/np~": "a format cannot be matched by prefix",
    # '$' only after a full coordinate
    "/npm$": "'$' matches a full package coordinate",
    "/npm/space$": "'$' matches a full package coordinate",
    "/npm/space/$": "'$' matches a full package coordinate",
    "/npm/a/b/c$": "too many components",
    "/npm/a/b/c~": "too many components",
    # a suffix character anywhere else
    "/npm/*/foo$": "'*' may only appear once",
    "/npm/a$/b$": "'$' may only appear once",
    "/npm/a~b/*": "'~' may only appear once",
    "/npm/space/a*b$": "'*' may only appear once",
    # formats are the API's values, case-sensitively
    "/foo/*": "unknown package format 'foo'",
    "/NPM/*": "unknown package format 'NPM'",
    "/python//requests$": "Python packages use the format 'pypi'",
    # no namespace for formats without one
    "/pypi/ns/*": "pypi packages have no namespace",
    "/pypi/ns~": "pypi packages have no namespace",
    "/nuget/ns/pkg$": "nuget packages have no namespace",
    "/ruby/ns/rails~": "ruby packages have no namespace",
    "/cargo/ns/*": "cargo packages have no namespace",
    # a namespace before a name for formats that require one
    "/maven//log4j-core$": "maven packages always have a namespace",
    "/generic//tool~": "generic packages always have a namespace",
    "/swift//pkg$": "swift packages always have a namespace",
    "/maven//*": "maven packages always have a namespace",
    # normalised names (NuGet, Python, Swift) and Swift namespaces
    "/pypi//My_Pkg$": "use 'my-pkg' instead of 'My_Pkg'",
    "/pypi//Django~": "use 'django' instead of 'Django'",
    "/nuget//Newtonsoft.Json$": "use 'newtonsoft.json' instead of 'Newtonsoft.Json'",
    "/swift/Apple/*": "use 'apple' instead of 'Apple'",
    "/swift/Apple~": "use 'apple' instead of 'Apple'",
    "/swift/apple/SwiftNIO~": "use 'swiftnio' instead of 'SwiftNIO'",
}


@pytest.mark.parametrize("text", INVALID)
def test_invalid_forms(text):
    with pytest.raises(gp.PatternError) as caught:
        gp.validate(text)
    assert INVALID[text] in str(caught.value)
    assert f"'{text}'" in str(caught.value), "the message names the pattern"


# -- words and prefixes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "matches"),
    [
        ("foo", True),
        ("foo-bar", True),
        ("foo.bar", True),
        ("foo_bar", True),
        ("foo@x", True),
        ("food", False),
        ("foot", False),
        ("foo1", False),
        ("fooé", False),
        ("foo\u0301", False),  # a combining mark continues the word
        ("fo", False),
        ("xfoo", False),
        ("Foo", False),
    ],
)
def test_prefix_matches_on_word_boundaries(value, matches):
    assert gp.prefix_matches(value, "foo") is matches


def test_no_camel_case_splitting():
    assert not gp.prefix_matches("fooBar", "foo")


@pytest.mark.parametrize(
    ("a", "b", "weakly_equal"),
    [
        ("foo-bar", "foo.bar", True),
        ("foo-bar", "foo..bar", True),
        ("foo-bar", "foo_bar", True),
        ("foo-bar", "Foo-Bar", True),
        ("foo-bar", "FOO_-.BAR", True),
        ("foo-bar", "foobar", False),
        ("foo-bar", "foo-baz", False),
        ("ＦＯＯ", "foo", True),  # full-width letters (NFKC)
    ],
)
def test_weak_forms(a, b, weakly_equal):
    assert (gp.weak_form(a) == gp.weak_form(b)) is weakly_equal


# -- matching --------------------------------------------------------------------------

MATCHES = [
    # pattern, (format, namespace, name), expected
    ("/*", ("cargo", "", "serde"), STRONG),
    ("/npm/*", ("npm", "space", "x"), STRONG),
    ("/npm/*", ("pypi", "", "x"), None),
    ("/maven/com.acme~", ("maven", "com.acme", "lib"), STRONG),
    ("/maven/com.acme~", ("maven", "com.acme.tools", "lib"), STRONG),
    ("/maven/com.acme~", ("maven", "com.acmecorp", "lib"), None),
    ("/maven/com.acme~", ("maven", "Com.Acme.tools", "lib"), WEAK),
    ("/npm/space/*", ("npm", "space", "anything"), STRONG),
    ("/npm/space/*", ("npm", "Space", "anything"), WEAK),
    ("/npm/space/*", ("npm", "spaces", "anything"), None),
    ("/npm/space/*", ("npm", "", "space"), None),
    ("/npm//*", ("npm", "", "react"), STRONG),
    ("/npm//*", ("npm", "space", "react"), None),
    ("/npm/space/ui~", ("npm", "space", "ui"), STRONG),
    ("/npm/space/ui~", ("npm", "space", "ui-kit"), STRONG),
    ("/npm/space/ui~", ("npm", "space", "UI-kit"), WEAK),
    ("/npm/space/ui~", ("npm", "space", "uikit"), None),
    ("/npm/space/ui~", ("npm", "other", "ui"), None),
    ("/npm//foo-bar$", ("npm", "", "foo-bar"), STRONG),
    ("/npm//foo-bar$", ("npm", "", "foo.bar"), WEAK),
    ("/npm//foo-bar$", ("npm", "", "foo_bar"), WEAK),
    ("/npm//foo-bar$", ("npm", "", "Foo--Bar"), WEAK),
    ("/npm//foo-bar$", ("npm", "", "foobar"), None),
    ("/npm//foo-bar$", ("npm", "", "foo-bar-x"), None),
    ("/npm//AsyncStorage$", ("npm", "", "AsyncStorage"), STRONG),
    ("/npm//asyncstorage$", ("npm", "", "AsyncStorage"), WEAK),
    ("/npm/Space/foo$", ("npm", "space", "foo-"), None),
]


@pytest.mark.parametrize(("text", "package", "expected"), MATCHES)
def test_match(text, package, expected):
    assert gp.match(gp.parse(text), *package) == expected


# -- containment (the hierarchy) ---------------------------------------------------------

CHAIN = [
    "/*",
    "/maven/*",
    "/maven/com~",
    "/maven/com.acme~",
    "/maven/com.acme/*",
    "/maven/com.acme/lib~",
    "/maven/com.acme/lib-core~",
    "/maven/com.acme/lib-core$",
]


def test_a_chain_of_ever_more_specific_patterns():
    parsed = [gp.parse(t) for t in CHAIN]
    for i, outer in enumerate(parsed):
        for j, inner in enumerate(parsed):
            assert gp.contains(outer, inner) is (i < j), (outer.text, inner.text)
    assert [p.specificity for p in parsed] == sorted(p.specificity for p in parsed)


@pytest.mark.parametrize(
    ("outer", "inner"),
    [
        ("/maven/com~", "/maven/company~"),  # not on a word boundary
        ("/maven/com~", "/maven/company/*"),
        ("/npm/*", "/pypi//*"),
        ("/npm/space/*", "/npm/other/*"),
        ("/npm/space/*", "/npm//*"),
        ("/npm/space/ui~", "/npm/space/uikit$"),
        ("/npm/space/ui$", "/npm/space/ui~"),
        ("/npm/space/*", "/npm/space~"),  # the prefix is the wider one
        ("/npm//a$", "/npm//a$"),  # never its own ancestor
    ],
)
def test_not_contained(outer, inner):
    assert not gp.contains(gp.parse(outer), gp.parse(inner))


def test_namespace_prefix_contains_the_exact_namespace():
    assert gp.contains(gp.parse("/npm/space~"), gp.parse("/npm/space/*"))
    assert gp.contains(gp.parse("/npm/space~"), gp.parse("/npm/space-ui/x$"))


def test_normalized_coordinates():
    assert gp.normalized_coordinates("pypi", None, "My_Pkg") == ("pypi", "", "my-pkg")
    assert gp.normalized_coordinates("nuget", "", "Newtonsoft.Json") == ("nuget", "", "newtonsoft.json")
    assert gp.normalized_coordinates("swift", "Apple", "SwiftNIO") == ("swift", "apple", "swiftnio")
    assert gp.normalized_coordinates("npm", "Space", "React") == ("npm", "Space", "React")
    with pytest.raises(ValueError):
        gp.normalized_coordinates("maven", None, "lib")
    with pytest.raises(ValueError):
        gp.normalized_coordinates("pypi", "ns", "lib")
