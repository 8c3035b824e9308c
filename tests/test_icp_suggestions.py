"""ICP files: mistyped field paths, technologies and persona values are errors with a suggestion."""

import pytest

from agent.errors import ConfigError
from agent.icp import parse_icp


def icp(criterion, **extra):
    return {"name": "x", "dimensions": [{"name": "f", "weight": 1.0, "criteria": [criterion]}],
            **extra}  # fmt: skip


@pytest.mark.parametrize(
    ("criterion", "message"),
    [
        ({"field": "firmographics.employees", "min": 50, "points": 1},
         "unknown field 'firmographics.employees' (did you mean 'firmographics.employee_count'?)"),
        ({"field": "firmographic.industry", "equals": "Software", "points": 1},
         "field 'firmographic.industry' (did you mean 'firmographics.industry'?)"),
        ({"field": "hiring.by_function.sdr_roles", "min": 1, "points": 1},
         "unknown field 'hiring.by_function.sdr_roles'"),
        ({"technology": "Salesforce CRM", "points": 1},
         "unknown technology 'Salesforce CRM' (did you mean 'Salesforce'?)"),
        ({"technology": "Hubspott", "points": 1},
         "unknown technology 'Hubspott' (did you mean 'HubSpot'?)"),
    ],
)  # fmt: skip
def test_unknown_names_are_errors_with_a_suggestion(criterion, message):
    with pytest.raises(ConfigError) as error:
        parse_icp(icp(criterion))
    assert message in str(error.value)


@pytest.mark.parametrize("name", ["Salesforce", "hubspot", "Snowflake", "Google Analytics"])
def test_known_technologies_pass(name):
    assert parse_icp(icp({"technology": name, "points": 1})).dimensions[0].criteria[0].technology


@pytest.mark.parametrize(
    ("persona", "message"),
    [
        ({"name": "p", "titles": ["vp sales"], "seniority": ["vp", "directr"]},
         "personas[0].seniority[1]: unknown value 'directr' (did you mean 'director'?)"),
        ({"name": "p", "titles": ["vp sales"], "role": "decision-maker"},
         "personas[0].role: unknown value 'decision-maker' (did you mean 'decision_maker'?)"),
        ({"name": "p", "departments": ["sale"]},
         "unknown department 'sale' (did you mean 'sales'?)"),
    ],
)  # fmt: skip
def test_persona_values_are_checked_with_a_suggestion(persona, message):
    with pytest.raises(ConfigError) as error:
        parse_icp(icp({"technology": "HubSpot", "points": 1}, personas=[persona]))
    assert message in str(error.value)
