"""Shared check of the firmographic phrasing tests: values found, each quote in the text."""

from tools.evidence import quote_occurs


def values_of(found, text, field_name):
    """Return the distinct values found for `field_name`, after checking every quote occurs."""
    assert all(quote_occurs(f.evidence[0].quote, text) for _, f in found)
    return sorted({f.value for name, f in found if name == field_name})
