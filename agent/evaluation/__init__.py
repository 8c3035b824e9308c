"""`icp eval`: compare enrichment results with a labelled set."""
