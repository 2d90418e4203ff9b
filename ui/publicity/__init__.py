"""公示: the publicity lists, their notice and posting records."""
