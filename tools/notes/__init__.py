"""Interview notes: readers, speakers, the pain taxonomy and rules, signals, PII redaction."""
