"""Reading what CRMs write: CSV files, their column headers and their value formats."""
