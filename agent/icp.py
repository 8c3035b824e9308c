"""The ICP definition file (TOML), validated with pydantic.

A wrong file is reported as `ConfigError` naming the file, the key and the problem, e.g.
`icp.toml: dimensions[1].criteria[0].range: expected two numbers [low, high]`.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic import Field as PydanticField

from agent.errors import ConfigError
from agent.models import FIRMOGRAPHIC_FIELDS, JOB_FUNCTIONS, SIGNAL_TYPES, Hiring, Route, Tier
from agent.personas import LeadSettings, PersonaSpec
from agent.suggestions import did_you_mean
from agent.technology_names import unknown_technology_problem

TIER_NAMES: tuple[Tier, ...] = get_args(Tier)
"""The tiers, best first (the contract's `Tier` literal)."""
FIELD_ROOTS = ("firmographics", "hiring", "input", "specialized", "needs", "technographics")


class _Strict(BaseModel):
    # inf and NaN are not numbers a score can be made of (they would also write invalid JSON)
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Tiers(_Strict):
    """Lower bounds of the tiers (inclusive)."""

    perfect: float = 80
    strong: float = 60
    moderate: float = 40

    @model_validator(mode="after")
    def _ordered(self) -> Tiers:
        if not 0 <= self.moderate <= self.strong <= self.perfect <= 100:
            raise ValueError("tiers must satisfy 0 <= moderate <= strong <= perfect <= 100")
        return self


class Routing(_Strict):
    """Route per tier (who works the account)."""

    perfect: Route = "ae"
    strong: Route = "ae"
    moderate: Route = "sdr"
    weak: Route = "disqualify"


class Criterion(_Strict):
    """One scoring rule: a test on a field (or a technology) worth `points` when met."""

    field: str | None = None
    technology: str | None = None
    signal: str | None = None
    """A signal type (`funding`, `tech_adopted` …): met by a stored signal of that type."""
    within_days: int | None = PydanticField(default=None, gt=0)
    """With `signal`: only events at most this many days old (at the research date) count."""
    half_life_days: float | None = PydanticField(default=None, ge=0)
    """With `signal`: the age at which an event earns half its points (0: no decay)."""
    range: tuple[float, float] | None = None
    in_: list[Any] | None = PydanticField(default=None, alias="in")
    equals: Any = None
    min: float | None = None
    max: float | None = None
    points: float = PydanticField(gt=0)
    label: str | None = None
    plumbing: bool = False
    """Also count web plumbing (JavaScript libraries, CDNs …); by default technology criteria
    and `technographics.*` fields see business tools only."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)

    @model_validator(mode="after")
    def _one_test(self) -> Criterion:
        subjects = [self.field, self.technology, self.signal]
        if sum(subject is not None for subject in subjects) != 1:
            raise ValueError("give exactly one of `field`, `technology` or `signal`")
        kinds = ("range", "in_", "equals", "min", "max")
        tests = [k for k in kinds if getattr(self, k) is not None]
        if self.technology is not None and tests:
            raise ValueError("a `technology` criterion takes no range/in/equals/min/max")
        if self.technology is not None and (problem := unknown_technology_problem(self.technology)):
            raise ValueError(problem)
        if self.signal is not None:
            if tests:
                raise ValueError("a `signal` criterion takes no range/in/equals/min/max")
            if self.signal not in SIGNAL_TYPES:
                raise ValueError(
                    f"unknown signal type {self.signal!r}; one of: {', '.join(SIGNAL_TYPES)}"
                )
        elif self.within_days is not None or self.half_life_days is not None:
            raise ValueError("`within_days` and `half_life_days` go with a `signal` criterion")
        if self.field is not None:
            if not tests:
                raise ValueError("a `field` criterion needs one of range, in, equals, min, max")
            if self.field.split(".")[0] not in FIELD_ROOTS:
                raise ValueError(
                    f"field {self.field!r}{did_you_mean(self.field, _known_paths())} must start "
                    f"with one of: {', '.join(FIELD_ROOTS)}"
                )
            if problem := unknown_field_problem(self.field):
                raise ValueError(problem)
        for value in [self.equals, *(self.in_ or [])]:
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError(f"{value} is not a finite number")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError("range must be [low, high] with low <= high")
        return self

    def describe(self) -> str:
        """Return the criterion in plain words (used in reasons)."""
        if self.label:
            return self.label
        if self.technology:
            return f"uses {self.technology}"
        if self.signal:
            kind = self.signal.replace("_", " ")
            window = f" in the last {self.within_days} days" if self.within_days else ""
            return f"{kind} signal{window}"
        name = self.field
        if self.range is not None:
            return f"{name} in {_num(self.range[0])}–{_num(self.range[1])}"
        if self.in_ is not None:
            return f"{name} in {', '.join(map(str, self.in_))}"
        if self.equals is not None:
            return f"{name} = {self.equals}"
        if self.min is not None and self.max is not None:
            return f"{name} between {_num(self.min)} and {_num(self.max)}"
        if self.min is not None:
            return f"{name} ≥ {_num(self.min)}"
        assert self.max is not None  # `_one_test` guarantees a field criterion has a test
        return f"{name} ≤ {_num(self.max)}"


def _known_names(path: str) -> tuple[str, ...] | None:
    """Return the names allowed after `path` (None: any name, e.g. input columns)."""
    if path == "firmographics":
        return FIRMOGRAPHIC_FIELDS
    if path == "hiring":
        return tuple(Hiring.model_fields)
    if path == "hiring.by_function":
        return JOB_FUNCTIONS
    return None


def _known_paths() -> list[str]:
    """Return every field path of a result that ICP criteria can name (not input/specialized)."""
    paths = [f"firmographics.{name}" for name in FIRMOGRAPHIC_FIELDS]
    paths += [f"hiring.{name}" for name in Hiring.model_fields if name != "by_function"]
    paths += [f"hiring.by_function.{name}" for name in JOB_FUNCTIONS]
    return paths


def unknown_field_problem(field: str) -> str | None:
    """Return why `field` names no field of a result (a typo, a made-up name), or None."""
    parts = field.split(".")
    for depth in range(1, len(parts)):
        known = _known_names(".".join(parts[:depth]))
        if known is not None and parts[depth] not in known:
            where = ".".join(parts[:depth])
            return (
                f"unknown field {field!r}{did_you_mean(field, _known_paths())}: "
                f"{where} has {', '.join(known)}"
            )
    if parts[0] in ("firmographics", "hiring") and len(parts) == 1:
        return f"field {field!r} names a whole section; name one of its fields"
    return None


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class Dimension(_Strict):
    """A weighted group of criteria (firmographics, technographics, behavioural ...)."""

    name: str
    weight: float = PydanticField(ge=0, le=1)
    criteria: list[Criterion] = PydanticField(min_length=1)


class SpecializedQuestion(_Strict):
    """A user-defined data point the agent researches."""

    key: str = PydanticField(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    question: str = PydanticField(min_length=3)
    type: Literal["bool", "int", "text", "list"] = "text"


LeadSettings.model_rebuild(_types_namespace={"Criterion": Criterion})


class ICP(_Strict):
    """A whole ICP definition."""

    name: str
    description: str | None = None
    industries: list[str] = PydanticField(default_factory=list)
    tiers: Tiers = PydanticField(default_factory=Tiers)
    routing: Routing = PydanticField(default_factory=Routing)
    dimensions: list[Dimension] = PydanticField(min_length=1)
    specialized: list[SpecializedQuestion] = PydanticField(default_factory=list)
    personas: list[PersonaSpec] = PydanticField(default_factory=list)
    leads: LeadSettings = PydanticField(default_factory=LeadSettings)

    @model_validator(mode="after")
    def _consistent(self) -> ICP:
        total = sum(d.weight for d in self.dimensions)
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"dimension weights must sum to 1.0, they sum to {total:g}")
        names = [d.name for d in self.dimensions]
        if len(set(names)) != len(names):
            raise ValueError("dimension names must be unique")
        keys = [q.key for q in self.specialized]
        if len(set(keys)) != len(keys):
            raise ValueError("specialized keys must be unique")
        return self


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = "in" if part == "in_" else part
            out += f".{part}" if out else part
    return out or "(top level)"


def parse_icp(data: dict[str, Any], source: str = "ICP file") -> ICP:
    """Validate a parsed ICP mapping; raise `ConfigError` naming key and problem."""
    try:
        return ICP.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = "unknown key"
            elif error["type"] == "literal_error" and isinstance(error.get("input"), str):
                expected = re.findall(r"'([^']*)'", str((error.get("ctx") or {}).get("expected")))
                message = (
                    f"unknown value {error['input']!r}{did_you_mean(error['input'], expected)}"
                )
                message += f"; one of: {', '.join(expected)}"
            problems.append(f"{source}: {_location(error['loc'])}: {message}")
        raise ConfigError("\n".join(problems)) from None


def load_icp(path: str | Path) -> ICP:
    """Read and validate an ICP TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: ICP file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    return parse_icp(data, source=str(path))


def specialized_questions(icps: Sequence[ICP]) -> list[SpecializedQuestion]:
    """Return every ICP's `[[specialized]]` questions; the first ICP wins a shared key."""
    questions: dict[str, SpecializedQuestion] = {}
    for icp in icps:
        for question in icp.specialized:
            questions.setdefault(question.key, question)
    return list(questions.values())


def load_icps(paths: Iterable[str | Path]) -> list[ICP]:
    """Load several ICP files; their names must differ (scores are stored per ICP name)."""
    icps = [load_icp(path) for path in paths]
    seen: dict[str, int] = {}
    for index, icp in enumerate(icps):
        if icp.name in seen:
            raise ConfigError(
                f"ICP files {seen[icp.name] + 1} and {index + 1} are both named {icp.name!r}; "
                "give each ICP a distinct `name`"
            )
        seen[icp.name] = index
    return icps
