"""One exception tree, drawn in agent/errors.py; each error is one CLI line with exit code 1."""

import inspect
import re

import pytest
from click.testing import CliRunner

import agent.errors
from agent.cli import IcpGroup, cli
from agent.errors import IcpError, NoteError, PromptError
from prompts import load_prompt


def test_every_error_class_is_drawn_in_the_tree():
    classes = [c for _, c in inspect.getmembers(agent.errors, inspect.isclass)
               if issubclass(c, Exception) and c.__module__ == "agent.errors"]  # fmt: skip
    assert len(classes) == 10
    for cls in classes:
        assert issubclass(cls, IcpError)
        assert re.search(rf"^    (.*── )?{cls.__name__}( |$)", agent.errors.__doc__, re.M), cls


@pytest.mark.parametrize(
    ("raised", "line"),
    [
        (lambda: load_prompt("no_such_prompt"), "Error: prompt no_such_prompt: no file "),
        (lambda: load_prompt("Bad Name"), "Error: invalid prompt name 'Bad Name'"),
        (lambda: (_ for _ in ()).throw(NoteError("n.md: empty document")),
         "Error: n.md: empty document"),
    ],
)  # fmt: skip
def test_project_errors_are_one_clean_line_with_exit_code_1(raised, line):
    group = IcpGroup("icp")

    @group.command("boom")
    def boom() -> None:
        raised()

    result = CliRunner().invoke(group, ["boom"])
    assert result.exit_code == 1
    assert result.output.startswith(line) and result.output.count("\n") == 1
    assert "Traceback" not in result.output


def test_prompt_error_is_a_project_error():
    with pytest.raises(IcpError):
        load_prompt("no_such_prompt")
    assert issubclass(PromptError, IcpError)


def test_usage_errors_keep_click_exit_code_2():
    result = CliRunner().invoke(cli, ["enrich"])
    assert result.exit_code == 2 and "Missing argument 'ACCOUNTS'" in result.output
    result = CliRunner().invoke(cli, ["enrich", "x.csv", "--max-pages", "0"])
    assert result.exit_code == 2


def test_bugs_are_not_hidden_as_clean_errors():
    group = IcpGroup("icp")

    @group.command("bug")
    def bug() -> None:
        raise KeyError("oops")

    result = CliRunner().invoke(group, ["bug"])
    assert isinstance(result.exception, KeyError)
