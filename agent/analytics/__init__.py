"""ICP analytics: discover, report, calibrate, lookalikes and the one-pager."""
