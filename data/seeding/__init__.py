"""Demo seed of each module, called by data/seed.py inside its transaction."""
