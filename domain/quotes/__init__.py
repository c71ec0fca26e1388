"""Quotes (devis): lines from the catalogue valued at grade rates, proposed forfait, statuses, versions."""
