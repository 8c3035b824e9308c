"""Lead-level scoring: contacts, titles and personas, buying committees, routing."""
