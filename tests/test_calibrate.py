import math
import tomllib

import pytest
from click.testing import CliRunner
from synthetic_crm import build_store, synthetic_accounts, write_crm_csv

from agent.analytics.calibrate import (
    _sigmoid,
    calibrate,
    features,
    fit_logistic,
    reweighted,
    stratified_split,
    suggested_text,
    unified_diff,
)
from agent.analytics.icp_writer import normalized_weights, render_icp, rewrite_numbers
from agent.commands.calibrate import calibrate_command
from agent.errors import InputError
from agent.icp import load_icp, parse_icp

UNIFORM_ICP = """\
name = "Uniform"
# every criterion counts the same: the baseline calibration must beat

[[dimensions]]
name = "fit"
weight = 1.0
  [[dimensions.criteria]]
  field = "firmographics.industry"
  equals = "Fintech"
  points = 10
  [[dimensions.criteria]]
  field = "firmographics.employee_count"
  range = [100, 500]
  points = 10
  [[dimensions.criteria]]
  field = "firmographics.hq_country"
  equals = "US"
  points = 10   # a noise criterion
  [[dimensions.criteria]]
  technology = "Salesforce"
  points = 10
  [[dimensions.criteria]]
  technology = "HubSpot"
  points = 10
  [[dimensions.criteria]]
  technology = "Stripe"
  points = 10
  [[dimensions.criteria]]
  field = "hiring.by_function.sales_development"
  min = 2
  points = 10
"""


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_accounts(seed=5, count=500)


@pytest.fixture(scope="module")
def uniform_icp():
    return parse_icp(tomllib.loads(UNIFORM_ICP))


@pytest.fixture(scope="module")
def calibration(synthetic, uniform_icp):
    records = [a.record for a in synthetic]
    return calibrate(uniform_icp, records, {a.domain: a.outcome == "won" for a in synthetic})


def test_fit_logistic_gradient_vanishes_at_the_solution():
    rows = [[1, 0], [1, 1], [0, 1], [0, 0], [1, 1], [0, 0], [1, 0], [0, 1]]
    labels = [True, True, False, False, True, False, False, True]
    l2 = 0.5
    intercept, beta = fit_logistic(rows, labels, l2=l2)
    weights = [intercept, *beta]
    gradient = [0.0, 0.0, 0.0]
    for row, label in zip(rows, labels, strict=True):
        x = [1.0, *row]
        p = _sigmoid(sum(w * v for w, v in zip(weights, x, strict=True)))
        for i in range(3):
            gradient[i] += (label - p) * x[i]
    gradient[1] -= l2 * beta[0]
    gradient[2] -= l2 * beta[1]
    assert max(abs(g) for g in gradient) < 1e-8
    assert beta[0] > 0


def test_fit_logistic_separable_data_stays_finite_with_l2():
    _, beta = fit_logistic([[1.0], [1.0], [0.0], [0.0]], [True, True, False, False], l2=1.0)
    assert 0 < beta[0] < 10 and math.isfinite(beta[0])


def test_stratified_split_is_seeded_and_keeps_class_shares():
    labels = [i % 4 == 0 for i in range(100)]
    train, test = stratified_split(labels, 0.3, seed=7)
    assert stratified_split(labels, 0.3, seed=7) == (train, test)
    assert sorted(train + test) == list(range(100))
    assert (sum(labels[i] for i in test), len(test)) == (8, 30)


def test_calibrate_raises_held_out_auc_over_uniform_weights(calibration):
    assert calibration.test_rows == round(calibration.rows * 0.3)
    assert calibration.after.auc > calibration.before.auc + 0.02
    assert calibration.after.top_fifth_win_rate >= calibration.before.top_fifth_win_rate


def test_calibrate_weights_the_planted_criteria_most(calibration):
    by_label = dict(zip(calibration.labels, calibration.coefficients, strict=True))
    planted = [
        by_label["fit: firmographics.industry = Fintech"],
        by_label["fit: firmographics.employee_count in 100–500"],
        by_label["fit: uses Salesforce"],
    ]
    noise = [
        by_label["fit: uses HubSpot"],
        by_label["fit: uses Stripe"],
        by_label["fit: firmographics.hq_country = US"],
    ]
    assert min(planted) > max(noise)
    points = [c.points for c in calibration.suggested.dimensions[0].criteria]
    assert max(points) == 100
    assert min(points) >= 1


def test_reweighted_points_follow_positive_coefficients(uniform_icp):
    new = reweighted(uniform_icp, [2.0, 1.0, -0.5, 0.5, 0.0, -1.0, 1.0])
    assert [c.points for c in new.dimensions[0].criteria] == [100, 50, 1, 25, 1, 1, 50]
    assert new.dimensions[0].weight == 1.0


def test_suggested_text_keeps_comments_and_layout(calibration):
    text = suggested_text(UNIFORM_ICP, calibration)
    assert "# a noise criterion" in text
    assert "# every criterion counts the same" in text
    diff = unified_diff(UNIFORM_ICP, text, "icp.toml")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert changed and all("points =" in line for line in changed)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([1, 1, 1], [0.333, 0.333, 0.334]),
        ([0, 0], [0.5, 0.5]),
        ([3, 1], [0.75, 0.25]),
        ([-1, 2], [0.0, 1.0]),
    ],
)
def test_normalized_weights_sum_to_one(raw, expected):
    weights = normalized_weights(raw)
    assert sorted(weights) == sorted(expected)
    assert math.isclose(sum(weights), 1.0, abs_tol=1e-9)


def test_rewrite_numbers_refuses_layouts_it_does_not_understand():
    inline = 'name = "x"\ndimensions = [{name = "d", weight = 1.0, criteria = []}]\n'
    assert rewrite_numbers(inline, [1.0], [[1.0]]) is None


def test_render_icp_round_trips(uniform_icp):
    again = parse_icp(tomllib.loads(render_icp(uniform_icp, ["header"])))
    assert again == uniform_icp


def test_calibrate_needs_enough_outcomes(uniform_icp, synthetic):
    records = [a.record for a in synthetic[:15]]
    with pytest.raises(InputError, match="at least 10 won and 10 lost"):
        calibrate(uniform_icp, records, {a.domain: a.outcome == "won" for a in synthetic[:15]})


def test_features_are_the_scorers_outcomes(uniform_icp, synthetic):
    record = next(a.record for a in synthetic if a.fits)
    assert features(uniform_icp, record)[:2] == [1.0, 1.0]


def test_calibrate_command_prints_diff_and_writes_only_when_asked(tmp_path, synthetic):
    db = build_store(tmp_path / "icp.db", synthetic)
    crm = write_crm_csv(tmp_path / "crm.csv", synthetic)
    icp_path = tmp_path / "icp.toml"
    icp_path.write_text(UNIFORM_ICP, encoding="utf-8")
    args = ["--icp", str(icp_path), "--outcomes", str(crm), "--db", str(db)]
    result = CliRunner().invoke(calibrate_command, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "+++ " in result.stdout and "-  points = 10" in result.stdout
    assert "suggested weights" in result.stdout
    assert icp_path.read_text(encoding="utf-8") == UNIFORM_ICP
    written = tmp_path / "icp.calibrated.toml"
    assert not written.exists()
    assert "add --out PATH" in result.output
    result = CliRunner().invoke(calibrate_command, [*args, "--out", str(written)])
    assert result.exit_code == 0, result.output
    suggested = load_icp(written)
    assert [c.points for c in suggested.dimensions[0].criteria] != [10.0] * 7
    assert icp_path.read_text(encoding="utf-8") == UNIFORM_ICP
