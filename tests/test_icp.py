import pytest

from agent.errors import ConfigError
from agent.icp import load_icp

GOOD = """
name = "Mid-market"
industries = ["Software"]
[[dimensions]]
name = "firmographics"
weight = 1.0
  [[dimensions.criteria]]
  field = "firmographics.employee_count"
  range = [50, 1000]
  points = 40
"""


def write(tmp_path, text):
    path = tmp_path / "icp.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_icp_reads_defaults(tmp_path):
    icp = load_icp(write(tmp_path, GOOD))
    assert icp.name == "Mid-market"
    assert (icp.tiers.perfect, icp.tiers.strong, icp.tiers.moderate) == (80, 60, 40)
    assert icp.dimensions[0].criteria[0].range == (50, 1000)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("weight = 1.0", "weight = 0.7"), "dimension weights must sum to 1.0, they sum to 0.7"),
        (("range = [50, 1000]", "range = [1000, 50]"),
         "dimensions[0].criteria[0]: range must be [low, high] with low <= high"),
        (("range = [50, 1000]", "range = [50]"), "dimensions[0].criteria[0].range"),
        (("points = 40", "points = -5"), "dimensions[0].criteria[0].points"),
        (("points = 40", "points = 40\n  colour = 'red'"),
         "dimensions[0].criteria[0].colour: unknown key"),
        (('field = "firmographics.employee_count"', 'field = "revenue"'),
         "must start with one of"),
        (('range = [50, 1000]', 'technology = "X"'),
         "give exactly one of `field`, `technology` or `signal`"),
        (('field = "firmographics.employee_count"\n  range = [50, 1000]',
          'technology = "HubSpot"\n  min = 3'),
         "a `technology` criterion takes no range/in/equals/min/max"),
        (('name = "Mid-market"', ""), "name: Field required"),
        (("range = [50, 1000]", ""), "needs one of range, in, equals, min, max"),
    ],
)  # fmt: skip
def test_load_icp_bad_file_names_key_and_problem(tmp_path, change, message):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ConfigError) as error:
        load_icp(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_load_icp_not_toml(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_icp(write(tmp_path, "name = = 3"))


def test_load_icp_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="ICP file not found"):
        load_icp(tmp_path / "nope.toml")


def test_load_icp_tiers_out_of_order(tmp_path):
    path = write(tmp_path, GOOD + "\n[tiers]\nperfect = 50\nstrong = 60\n")
    with pytest.raises(ConfigError, match="tiers: tiers must satisfy"):
        load_icp(path)
