"""Policy documents: the grammar a Put accepts, and the evaluation of one
request (principals, actions, resources with wildcards, Deny winning,
NotAction/NotResource/NotPrincipal, conditions)."""

from __future__ import annotations

import json
import re

import pytest

from mock_codeartifact._access.policy import ALLOW, DENY, PolicyError, Request, evaluate, parse

ACCOUNT = "111122223333"
OTHER = "210987654321"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
REPO = f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:repository/acme/repo"
DOMAIN = f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:domain/acme"


def doc(*statements, **top):
    return json.dumps({"Version": "2012-10-17", **top, "Statement": list(statements)})


def stmt(effect="Allow", principal="*", action="codeartifact:*", resource="*", **more):
    """A statement; an element given as None is left out."""
    s = {"Effect": effect, "Principal": principal, "Action": action, "Resource": resource, **more}
    return {k: v for k, v in s.items() if v is not None}


def request(action="codeartifact:DescribeRepository", resource=REPO, principal=ALICE, account=ACCOUNT, **context):
    keys = {k.lower(): v for k, v in context.items()}
    return Request(principal, account, action, resource, lambda key: keys.get(key))


def verdict(document, req=None):
    return parse(document).evaluate(req or request())


# -- principals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "principal, expected",
    [
        ("*", ALLOW),
        ({"AWS": "*"}, ALLOW),
        ({"AWS": ACCOUNT}, ALLOW),
        ({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, ALLOW),
        ({"AWS": ALICE}, ALLOW),
        ({"AWS": [f"arn:aws:iam::{OTHER}:root", ALICE]}, ALLOW),
        ({"AWS": f"arn:aws:iam::{ACCOUNT}:user/bob"}, None),
        ({"AWS": OTHER}, None),
        ({"AWS": f"arn:aws:iam::{OTHER}:root"}, None),
        ({"AWS": f"arn:aws:iam::{ACCOUNT}:user/*"}, None),  # no wildcards inside principal ARNs (as IAM)
        ({"Service": "codebuild.amazonaws.com"}, None),
    ],
)
def test_principals(principal, expected):
    assert verdict(doc(stmt(principal=principal))) == expected


def test_a_role_matches_its_assumed_role_sessions():
    session = f"arn:aws:sts::{ACCOUNT}:assumed-role/Builder/ci-run-1"
    document = doc(stmt(principal={"AWS": f"arn:aws:iam::{ACCOUNT}:role/Builder"}))
    assert verdict(document, request(principal=session)) == ALLOW
    assert verdict(document, request(principal=f"arn:aws:sts::{ACCOUNT}:assumed-role/Other/s")) is None


def test_not_principal_applies_to_everyone_else():
    document = doc(stmt("Deny", principal=None, NotPrincipal={"AWS": ALICE}))
    assert verdict(document) is None
    assert verdict(document, request(principal=f"arn:aws:iam::{ACCOUNT}:user/bob")) == DENY


# -- actions and resources -------------------------------------------------------------


@pytest.mark.parametrize(
    "action, expected",
    [
        ("*", ALLOW),
        ("codeartifact:*", ALLOW),
        ("codeartifact:Describe*", ALLOW),
        ("codeartifact:describerepository", ALLOW),  # action names are case-insensitive
        ("codeartifact:Describe?epository", ALLOW),
        (["codeartifact:ListPackages", "codeartifact:DescribeRepository"], ALLOW),
        ("codeartifact:List*", None),
        ("s3:*", None),
        ("codeartifact:DescribeRepositor", None),
    ],
)
def test_actions(action, expected):
    assert verdict(doc(stmt(action=action))) == expected


@pytest.mark.parametrize(
    "resource, expected",
    [
        ("*", ALLOW),
        (REPO, ALLOW),
        (f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:repository/acme/*", ALLOW),
        (f"arn:aws:codeartifact:*:{ACCOUNT}:repository/acme/rep?", ALLOW),
        (f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:repository/acme/other", None),
        (f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:repository/acme/REPO", None),  # resources are case-sensitive
        (DOMAIN, None),
        (None, ALLOW),  # no Resource element: the resource the policy is attached to
    ],
)
def test_resources(resource, expected):
    assert verdict(doc(stmt(resource=resource))) == expected


def test_not_action():
    everything_but_deletes = doc(stmt(action=None, NotAction="codeartifact:Delete*"))
    assert verdict(everything_but_deletes) == ALLOW
    assert verdict(everything_but_deletes, request("codeartifact:DeleteRepository")) is None


def test_not_resource():
    all_but_the_domain = doc(stmt(resource=None, NotResource=DOMAIN))
    assert verdict(all_but_the_domain) == ALLOW
    assert verdict(all_but_the_domain, request(resource=DOMAIN)) is None


# -- Deny wins ---------------------------------------------------------------------------


def test_an_explicit_deny_beats_any_allow():
    document = doc(stmt(), stmt("Deny", action="codeartifact:DescribeRepository"), stmt())
    assert verdict(document) == DENY
    assert verdict(document, request("codeartifact:ListPackages")) == ALLOW


def test_deny_in_one_document_beats_allow_in_another():
    allow, deny = doc(stmt()), doc(stmt("Deny", principal={"AWS": ALICE}))
    assert evaluate([allow, deny], request()) == DENY
    assert evaluate([allow], request()) == ALLOW
    assert evaluate([], request()) is None


def test_a_single_statement_object_is_accepted():
    document = json.dumps({"Version": "2012-10-17", "Statement": stmt()})
    assert verdict(document) == ALLOW


# -- conditions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "condition, context, expected",
    [
        ({"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}, {"aws:PrincipalAccount": [ACCOUNT]}, ALLOW),
        ({"StringEquals": {"aws:PrincipalAccount": [OTHER, ACCOUNT]}}, {"aws:PrincipalAccount": [ACCOUNT]}, ALLOW),
        ({"StringEquals": {"aws:PrincipalAccount": OTHER}}, {"aws:PrincipalAccount": [ACCOUNT]}, None),
        ({"StringNotEquals": {"aws:PrincipalAccount": OTHER}}, {"aws:PrincipalAccount": [ACCOUNT]}, ALLOW),
        ({"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/al*"}}, {"aws:PrincipalArn": [ALICE]}, ALLOW),
        ({"StringNotLike": {"aws:PrincipalArn": "*:user/al*"}}, {"aws:PrincipalArn": [ALICE]}, None),
        ({"StringEqualsIgnoreCase": {"aws:username": "ALICE"}}, {"aws:username": ["alice"]}, ALLOW),
        ({"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:user/*"}}, {"aws:PrincipalArn": [ALICE]}, ALLOW),
        ({"ArnEquals": {"aws:PrincipalArn": ALICE}}, {"aws:PrincipalArn": [ALICE]}, ALLOW),
        ({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}}, {"aws:PrincipalArn": [ALICE]}, ALLOW),
        ({"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": ["true"]}, ALLOW),
        ({"Bool": {"aws:SecureTransport": False}}, {"aws:SecureTransport": ["true"]}, None),
        ({"Null": {"aws:PrincipalOrgID": "true"}}, {}, ALLOW),
        ({"Null": {"aws:PrincipalOrgID": "false"}}, {}, None),
        ({"NumericLessThan": {"aws:EpochTime": 2000000000}}, {"aws:EpochTime": ["1700000000"]}, ALLOW),
        ({"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}, {"aws:CurrentTime": ["2024-01-01T00:00:00Z"]}, None),
        # both keys of one operator, and both operators, must hold
        (
            {"StringEquals": {"aws:PrincipalAccount": ACCOUNT, "aws:RequestedRegion": "us-east-1"}},
            {"aws:PrincipalAccount": [ACCOUNT], "aws:RequestedRegion": ["eu-west-1"]},
            None,
        ),
        # a key the request does not have: positive operators fail, negated ones hold
        ({"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}, {}, None),
        ({"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}, {}, ALLOW),
        ({"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"}}, {}, ALLOW),
        # multi-valued keys
        ({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}, {"aws:TagKeys": ["team"]}, ALLOW),
        ({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}, {"aws:TagKeys": ["team", "cost"]}, None),
        ({"ForAnyValue:StringEquals": {"aws:TagKeys": ["cost"]}}, {"aws:TagKeys": ["team", "cost"]}, ALLOW),
        ({"ForAnyValue:StringEquals": {"aws:TagKeys": ["cost"]}}, {}, None),
        # an operator the mock does not know never matches
        ({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": ["10.1.2.3"]}, None),
    ],
)
def test_conditions(condition, context, expected):
    document = doc(stmt(Condition=condition))
    assert verdict(document, request(**context)) == expected


def test_condition_keys_are_case_insensitive():
    document = doc(stmt(Condition={"StringEquals": {"AWS:PRINCIPALACCOUNT": ACCOUNT}}))
    assert verdict(document, request(**{"aws:principalaccount": [ACCOUNT]})) == ALLOW


# -- the grammar a Put accepts ------------------------------------------------------------


@pytest.mark.parametrize(
    "document, message",
    [
        ("not json", "not valid JSON"),
        ("[]", "'Statement'"),
        ('{"Version": "2012-10-17"}', "'Statement'"),
        (doc(stmt(), Version="2020-01-01"), "Version"),
        (json.dumps({"Statement": ["x"]}), "Statement[0] must be an object"),
        (json.dumps({"Statement": 3}), "object or a list"),
        (doc(stmt(effect="allow")), "Effect"),
        (doc({"Effect": "Allow", "Principal": "*", "Resource": "*"}), "Action and NotAction"),
        (doc(stmt(NotAction="codeartifact:*")), "Action and NotAction"),
        (doc({"Effect": "Allow", "Action": "codeartifact:*", "Resource": "*"}), "Principal"),
        (doc(stmt(principal={"AWS": "alice"})), "neither an account id nor an ARN"),
        (doc(stmt(principal={"Users": "*"})), "unknown principal type"),
        (doc(stmt(principal="everyone")), "Principal"),
        (doc(stmt(action="DescribeDomain")), "service:Action"),
        (doc(stmt(action=[])), "non-empty"),
        (doc(stmt(resource="repo")), "neither '*' nor an ARN"),
        (doc(stmt(NotResource="*")), "both Resource and NotResource"),
        (doc(stmt(Condition={"StringEquals": "x"})), "condition keys"),
        (doc(stmt(Condition={"StringEquals": {"k": {"a": 1}}})), "string, number, boolean"),
        (doc(stmt(Actions="codeartifact:*")), "unknown element 'Actions'"),
        (json.dumps({"Statement": [], "Extra": 1}), "unknown element 'Extra'"),
    ],
)
def test_malformed_documents(document, message):
    with pytest.raises(PolicyError, match=re.escape(message)):
        parse(document)


def test_empty_statement_list_is_a_valid_policy_that_allows_nothing():
    assert verdict(json.dumps({"Statement": []})) is None


# -- wildcard matching: the same answers as a regular expression, without backtracking --


def _reference_match(pattern: str, value: str, ignore_case: bool) -> bool:
    import re

    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(body, value, re.DOTALL | (re.IGNORECASE if ignore_case else 0)) is not None


def test_wildcard_matching_agrees_with_the_regular_expression():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mock_codeartifact._access.policy import wildcard_match

    @settings(max_examples=500, deadline=None, database=None)
    @given(pattern=st.text("ab*?:/", max_size=10), value=st.text("abAB:/", max_size=12), ignore_case=st.booleans())
    def check(pattern, value, ignore_case):
        assert wildcard_match(pattern, value, ignore_case) == _reference_match(pattern, value, ignore_case)

    check()
