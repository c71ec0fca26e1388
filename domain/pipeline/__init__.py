"""Sales pipeline: prospects, stages, conversion statistics, conversion to a client."""
