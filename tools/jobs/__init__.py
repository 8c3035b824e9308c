"""Job postings: ATS detection, public board APIs, title rules, hiring signals, stack terms."""
