"""IAM policy documents: parse (with the grammar checks a Put applies) and
evaluate one request against them.

Only what a *resource* policy of CodeArtifact needs: ``Effect``,
``Principal``/``NotPrincipal``, ``Action``/``NotAction``,
``Resource``/``NotResource`` (``*`` and ``?`` wildcards) and ``Condition``
with the common operator families (String, Arn, Bool, Null, Numeric, Date;
``ForAnyValue:``/``ForAllValues:`` and ``...IfExists``). Evaluation gives
``DENY`` (an explicit Deny matched: it always wins), ``ALLOW`` or ``None``
(nothing matched: an implicit deny).

A leaf module (pure knowledge of the policy language): the backend parses a
document on ``Put*PermissionsPolicy`` with it, and the access layer
(:mod:`mock_codeartifact._access.policy`, which re-exports it) evaluates
requests against stored documents. Neither has to import the other.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from . import _json as bounded_json

ALLOW = "Allow"
DENY = "Deny"

VERSIONS = ("2012-10-17", "2008-10-17")
PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")
_ACCOUNT = re.compile(r"\d{12}")
_ACTION = re.compile(r"\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+")


class PolicyError(ValueError):
    """A document that is not a valid policy; the text says what is wrong."""


# -- the request -------------------------------------------------------------


@dataclass(slots=True)
class Request:
    """What one authorization decision is about.

    ``context`` answers a condition key (lower case) with its values, or
    None when the request has no such key; it is only called when a
    statement has a condition.
    """

    principal_arn: str
    account: str
    action: str
    resource: str
    context: Callable[[str], list[str] | None] = field(default=lambda key: None)


# -- wildcards ----------------------------------------------------------------


def wildcard_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """IAM wildcards: ``*`` = any run of characters, ``?`` = one character.

    Matched without backtracking, so a pattern of many ``*`` costs at most
    (pattern length × value length) character comparisons, done by
    ``str.find``: the pattern is cut at its ``*``; the first piece must start
    the value, the last end it, and each piece between is found leftmost
    after the one before (leftmost is always safe when only ``*`` separates
    pieces).
    """
    if pattern == "*":
        return True
    if ignore_case:
        pattern, value = pattern.lower(), value.lower()
    if "*" not in pattern and "?" not in pattern:
        return pattern == value
    first, *middle, last = pattern.split("*") if "*" in pattern else (pattern, None)
    if last is None:  # no star: same length, '?' matches anything
        return len(pattern) == len(value) and _piece_at(pattern, value, 0)
    if len(first) + len(last) > len(value):
        return False
    if not _piece_at(first, value, 0) or not _piece_at(last, value, len(value) - len(last)):
        return False
    position, end = len(first), len(value) - len(last)
    for piece in middle:
        if piece:
            found = _find_piece(piece, value, position, end)
            if found < 0:
                return False
            position = found + len(piece)
    return True


def _piece_at(piece: str, value: str, start: int) -> bool:
    """Whether ``piece`` (literal but for ``?``) matches ``value`` at ``start``."""
    if "?" not in piece:
        return value.startswith(piece, start)
    return _piece_pattern(piece).match(value, start, start + len(piece)) is not None


def _find_piece(piece: str, value: str, start: int, end: int) -> int:
    """Where ``piece`` first matches within ``value[start:end]``, or -1."""
    if "?" not in piece:
        return value.find(piece, start, end)
    found = _piece_pattern(piece).search(value, start, end)
    return -1 if found is None else found.start()


@functools.lru_cache(maxsize=4096)
def _piece_pattern(piece: str) -> re.Pattern[str]:
    # No '*' and no alternation: a fixed-width pattern cannot backtrack.
    return re.compile("".join("." if c == "?" else re.escape(c) for c in piece), re.DOTALL)


def arn_match(pattern: str, value: str) -> bool:
    """ArnLike/ArnEquals: the six colon-separated parts are matched one by
    one (wildcards do not cross a colon, except in the last part)."""
    if pattern == "*":
        return True
    wanted, given = pattern.split(":", 5), value.split(":", 5)
    if len(wanted) != 6 or len(given) != 6:
        return False
    return all(wildcard_match(w, g) for w, g in zip(wanted, given, strict=True))


# -- principals ------------------------------------------------------------------


def _role_of_session(principal_arn: str) -> str | None:
    """``arn:aws:sts::A:assumed-role/Role/session`` -> ``arn:aws:iam::A:role/Role``."""
    parts = principal_arn.split(":", 5)
    if len(parts) == 6 and parts[2] == "sts" and parts[5].startswith("assumed-role/"):
        role = parts[5].split("/")[1]
        return f"arn:{parts[1]}:iam::{parts[4]}:role/{role}"
    return None


def principal_matches(value: str, principal_arn: str, account: str) -> bool:
    """Whether one ``Principal: {"AWS": value}`` entry names the caller.

    ``*`` is everyone; an account id or ``arn:...:iam::ACCOUNT:root`` is every
    principal of that account; any other ARN is that principal exactly (a
    role also matches its assumed-role sessions). As in IAM, a wildcard
    inside a principal ARN is not a pattern.
    """
    if value == "*":
        return True
    if _ACCOUNT.fullmatch(value):
        return value == account
    parts = value.split(":", 5)
    if len(parts) == 6 and parts[2] == "iam" and parts[5] == "root":
        return parts[4] == account
    if value == principal_arn:
        return True
    role = _role_of_session(principal_arn)
    if role is not None and len(parts) == 6 and parts[2] == "iam" and parts[5].startswith("role/"):
        return role.split(":", 5)[4] == parts[4] and role.rsplit("/", 1)[1] == parts[5].rsplit("/", 1)[1]
    return False


# -- conditions ------------------------------------------------------------------


def _date(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        pass
    try:
        parsed = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.timezone.utc)
    return parsed.timestamp()


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _compare(convert: Callable[[str], float | None], test: Callable[[float, float], bool]) -> Callable[[str, str], bool]:
    def match(wanted: str, given: str) -> bool:
        a, b = convert(given), convert(wanted)
        return a is not None and b is not None and test(a, b)

    return match


#: Base operator (lower case) -> (value matcher(wanted, given), negated).
_OPERATORS: dict[str, tuple[Callable[[str, str], bool], bool]] = {
    "stringequals": (lambda w, g: w == g, False),
    "stringnotequals": (lambda w, g: w == g, True),
    "stringequalsignorecase": (lambda w, g: w.lower() == g.lower(), False),
    "stringnotequalsignorecase": (lambda w, g: w.lower() == g.lower(), True),
    "stringlike": (wildcard_match, False),
    "stringnotlike": (wildcard_match, True),
    "arnequals": (arn_match, False),
    "arnlike": (arn_match, False),
    "arnnotequals": (arn_match, True),
    "arnnotlike": (arn_match, True),
    "bool": (lambda w, g: w.lower() == g.lower(), False),
    "numericequals": (_compare(_number, lambda a, b: a == b), False),
    "numericnotequals": (_compare(_number, lambda a, b: a == b), True),
    "numericlessthan": (_compare(_number, lambda a, b: a < b), False),
    "numericlessthanequals": (_compare(_number, lambda a, b: a <= b), False),
    "numericgreaterthan": (_compare(_number, lambda a, b: a > b), False),
    "numericgreaterthanequals": (_compare(_number, lambda a, b: a >= b), False),
    "dateequals": (_compare(_date, lambda a, b: a == b), False),
    "datenotequals": (_compare(_date, lambda a, b: a == b), True),
    "datelessthan": (_compare(_date, lambda a, b: a < b), False),
    "datelessthanequals": (_compare(_date, lambda a, b: a <= b), False),
    "dategreaterthan": (_compare(_date, lambda a, b: a > b), False),
    "dategreaterthanequals": (_compare(_date, lambda a, b: a >= b), False),
}


@dataclass(frozen=True, slots=True)
class Condition:
    """One ``operator: {key: values}`` pair of a Condition block, with the
    operator taken apart once, when the document is parsed."""

    operator: str  # as written
    key: str  # lower case
    values: tuple[str, ...]
    qualifier: str = ""  # "", "foranyvalue" or "forallvalues"
    base: str = ""  # the operator without qualifier and IfExists, lower case
    if_exists: bool = False

    @classmethod
    def make(cls, operator: str, key: str, values: tuple[str, ...]) -> Condition:
        name = operator.lower()
        qualifier = ""
        if ":" in name:
            qualifier, _, name = name.partition(":")
        if_exists = name.endswith("ifexists") and name != "ifexists"
        if if_exists:
            name = name[: -len("ifexists")]
        return cls(operator, key.lower(), values, qualifier, name, if_exists)

    def holds(self, request: Request) -> bool:
        given = request.context(self.key)
        if self.base == "null":
            return (given is None or not given) == (self.values[0].lower() == "true")
        known = _OPERATORS.get(self.base)
        if known is None or self.qualifier not in ("", "foranyvalue", "forallvalues"):
            return False  # an operator the mock does not know never matches
        matcher, negated = known
        if not given:
            if self.qualifier == "forallvalues":
                return True
            return self.if_exists or (negated and self.qualifier == "")

        def one(value: str) -> bool:
            hit = any(matcher(wanted, value) for wanted in self.values)
            return not hit if negated else hit

        if self.qualifier == "forallvalues" or (self.qualifier == "" and negated):
            return all(one(v) for v in given)
        return any(one(v) for v in given)


# -- statements and documents ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Statement:
    effect: str
    #: The ``AWS`` entries; ``("*",)`` for ``"*"`` (anyone).
    principals: tuple[str, ...]
    not_principal: bool
    actions: tuple[str, ...]
    not_action: bool
    #: None: no Resource element (the resource the policy is attached to).
    resources: tuple[str, ...] | None
    not_resource: bool
    conditions: tuple[Condition, ...]
    sid: str | None = None

    def applies(self, request: Request) -> bool:
        named = any(principal_matches(p, request.principal_arn, request.account) for p in self.principals)
        if named == self.not_principal:
            return False
        action_hit = any(wildcard_match(a, request.action, ignore_case=True) for a in self.actions)
        if action_hit == self.not_action:
            return False
        if self.resources is not None:
            resource_hit = any(wildcard_match(r, request.resource) for r in self.resources)
            if resource_hit == self.not_resource:
                return False
        return all(condition.holds(request) for condition in self.conditions)


@dataclass(frozen=True, slots=True)
class Policy:
    statements: tuple[Statement, ...]

    def evaluate(self, request: Request) -> str | None:
        """``DENY`` if a Deny statement applies, else ``ALLOW`` if an Allow
        statement applies, else None."""
        allowed = False
        for statement in self.statements:
            if statement.applies(request):
                if statement.effect == DENY:
                    return DENY
                allowed = True
        return ALLOW if allowed else None


def _strings(value: Any, where: str) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) and item for item in items):
        raise PolicyError(f"{where} must be a non-empty string or list of non-empty strings")
    return tuple(items)


def _principals(value: Any, where: str) -> tuple[str, ...]:
    if value == "*":
        return ("*",)
    if not isinstance(value, dict) or not value:
        raise PolicyError(f'{where} must be "*" or an object such as {{"AWS": "arn:aws:iam::111122223333:root"}}')
    unknown = sorted(set(value) - set(PRINCIPAL_TYPES))
    if unknown:
        raise PolicyError(f"{where} has an unknown principal type {unknown[0]!r}")
    aws = _strings(value["AWS"], f"{where}.AWS") if "AWS" in value else ()
    for kind in PRINCIPAL_TYPES[1:]:
        if kind in value:
            _strings(value[kind], f"{where}.{kind}")
    for entry in aws:
        if entry != "*" and not _ACCOUNT.fullmatch(entry) and not (
            entry.startswith("arn:") and len(entry.split(":", 5)) == 6
        ):
            raise PolicyError(f"{where}.AWS entry {entry!r} is neither an account id nor an ARN")
    if "*" in aws:
        return ("*",)
    # Service, Federated and CanonicalUser principals never name a caller of the API.
    return aws


def _conditions(value: Any, where: str) -> tuple[Condition, ...]:
    if not isinstance(value, dict):
        raise PolicyError(f"{where} must be an object of operators")
    found = []
    for operator, block in value.items():
        if not isinstance(block, dict) or not block:
            raise PolicyError(f"{where}.{operator} must be an object of condition keys")
        for key, raw in block.items():
            items = raw if isinstance(raw, list) else [raw]
            if not all(isinstance(item, (str, bool, int, float)) for item in items):
                raise PolicyError(f"{where}.{operator}.{key} must be a string, number, boolean or a list of them")
            values = tuple(str(item).lower() if isinstance(item, bool) else str(item) for item in items)
            found.append(Condition.make(operator, key, values))
    return tuple(found)


def _statement(raw: Any, index: int) -> Statement:
    where = f"Statement[{index}]"
    if not isinstance(raw, dict):
        raise PolicyError(f"{where} must be an object")
    effect = raw.get("Effect")
    if effect not in (ALLOW, DENY):
        raise PolicyError(f'{where}.Effect must be "Allow" or "Deny"')
    if ("Action" in raw) == ("NotAction" in raw):
        raise PolicyError(f"{where} must have exactly one of Action and NotAction")
    if ("Principal" in raw) == ("NotPrincipal" in raw):
        raise PolicyError(f"{where} must have exactly one of Principal and NotPrincipal (a resource policy names who it is for)")
    if "Resource" in raw and "NotResource" in raw:
        raise PolicyError(f"{where} cannot have both Resource and NotResource")
    action_key = "Action" if "Action" in raw else "NotAction"
    actions = _strings(raw[action_key], f"{where}.{action_key}")
    for action in actions:
        if not _ACTION.fullmatch(action):
            raise PolicyError(f"{where}.{action_key} {action!r} is not of the form 'service:Action'")
    principal_key = "Principal" if "Principal" in raw else "NotPrincipal"
    principals = _principals(raw[principal_key], f"{where}.{principal_key}")
    resource_key = "Resource" if "Resource" in raw else "NotResource" if "NotResource" in raw else None
    resources = _strings(raw[resource_key], f"{where}.{resource_key}") if resource_key else None
    if resources is not None:
        for resource in resources:
            if resource != "*" and not resource.startswith("arn:"):
                raise PolicyError(f"{where}.{resource_key} {resource!r} is neither '*' nor an ARN")
    sid = raw.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise PolicyError(f"{where}.Sid must be a string")
    known = {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise PolicyError(f"{where} has an unknown element {unknown[0]!r}")
    return Statement(
        effect=effect,
        principals=principals,
        not_principal=principal_key == "NotPrincipal",
        actions=actions,
        not_action=action_key == "NotAction",
        resources=resources,
        not_resource=resource_key == "NotResource",
        conditions=_conditions(raw["Condition"], f"{where}.Condition") if "Condition" in raw else (),
        sid=sid,
    )


@functools.lru_cache(maxsize=512)
def parse(document: str) -> Policy:
    """The policy a JSON document holds; :class:`PolicyError` if it is not one."""
    try:
        raw = bounded_json.loads(document)
    except bounded_json.JsonTooDeep as error:
        raise PolicyError(f"The policy document {error}") from None
    except ValueError:
        raise PolicyError("The policy document is not valid JSON") from None
    if not isinstance(raw, dict) or "Statement" not in raw:
        raise PolicyError("The policy document must be a JSON object with a 'Statement'")
    version = raw.get("Version")
    if version is not None and version not in VERSIONS:
        raise PolicyError(f"The policy Version must be one of {', '.join(VERSIONS)}")
    unknown = sorted(set(raw) - {"Version", "Id", "Statement"})
    if unknown:
        raise PolicyError(f"The policy document has an unknown element {unknown[0]!r}")
    statements = raw["Statement"]
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        raise PolicyError("Statement must be an object or a list of objects")
    return Policy(tuple(_statement(s, i) for i, s in enumerate(statements)))


def evaluate(documents: Iterable[str], request: Request) -> str | None:
    """The combined verdict of several documents: any Deny wins, then any Allow."""
    allowed = False
    for document in documents:
        verdict = parse(document).evaluate(request)
        if verdict == DENY:
            return DENY
        allowed = allowed or verdict == ALLOW
    return ALLOW if allowed else None
