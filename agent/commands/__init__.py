"""One module per `icp` sub-command."""
