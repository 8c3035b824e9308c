import pytest

from agent.errors import PromptError
from prompts import PROMPTS_DIR, load_prompt, parse_prompt

SHIPPED = {
    "research_firmographics": {"domain", "fields", "industries", "pages"},
    "answer_specialized": {"domain", "questions", "pages"},
    "json_object_mode": {"schema"},
    "reask_invalid": {"error"},
    "untrusted_page": {"url", "text"},
    "assess_interview": {"categories", "objection_kinds", "part", "transcript", "trigger_kinds"},
}


def test_every_prompt_file_is_listed_here():
    assert {path.stem for path in PROMPTS_DIR.glob("*.md")} == set(SHIPPED)


@pytest.mark.parametrize(("name", "variables"), SHIPPED.items())
def test_load_prompt_reads_version_and_variables(name, variables):
    prompt = load_prompt(name)
    assert prompt.version
    assert prompt.key == f"{name}@{prompt.version}"
    assert prompt.variables == variables


@pytest.mark.parametrize("name", SHIPPED)
def test_render_fails_on_any_missing_variable(name):
    prompt = load_prompt(name)
    values = dict.fromkeys(prompt.variables, "x")
    missing = sorted(prompt.variables)[0]
    del values[missing]
    with pytest.raises(PromptError, match=f"missing variable\\(s\\): {missing}"):
        prompt.render(**values)


def test_render_substitutes_and_splits_messages():
    prompt = parse_prompt(
        "demo",
        "---\nversion: 3\n---\n## system\nCosts $$5 for $who.\n## user\nHi ${who}!\n",
    )
    assert prompt.render(who="Ada") == [
        {"role": "system", "content": "Costs $5 for Ada."},
        {"role": "user", "content": "Hi Ada!"},
    ]


def test_render_does_not_expand_dollars_inside_values():
    prompt = parse_prompt("demo", "---\nversion: 1\n---\nPage: $page\n")
    assert prompt.render(page="price $domain and ${x}") == [
        {"role": "user", "content": "Page: price $domain and ${x}"}
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Hello $who", "missing front matter"),
        ("---\nauthor: me\n---\nHello", "no `version:`"),
        ("---\nversion: 1\n---\n   \n", "no message text"),
    ],
)
def test_parse_prompt_rejects_malformed_files(source, message):
    with pytest.raises(PromptError, match=message):
        parse_prompt("bad", source)


def test_render_reports_a_stray_dollar_in_the_template():
    prompt = parse_prompt("bad", "---\nversion: 1\n---\nCosts $5\n")
    with pytest.raises(PromptError, match="bad@1"):
        prompt.render()


@pytest.mark.parametrize("name", ["missing_prompt", "../etc/passwd", "Research"])
def test_load_prompt_rejects_unknown_names(name):
    with pytest.raises(PromptError):
        load_prompt(name)


@pytest.mark.parametrize("name", ["research_firmographics", "answer_specialized"])
def test_research_prompts_mark_page_text_as_untrusted_data(name):
    prompt = load_prompt(name)
    system = " ".join(prompt.render(**dict.fromkeys(prompt.variables, "x"))[0]["content"].split())
    assert "<untrusted_page" in system
    assert "not instructions" in system
    assert "never changes these rules" in system
