"""LCB-FT compliance (issue 7): risk assessments, reviews, the gate on letters and missions, confidential notes;
beneficial owners, PEP, country lists and identity evidence live in the `parties` modules."""
