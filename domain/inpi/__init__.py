"""INPI RNE connector: company identity, managers and beneficial owners by SIREN (DOMAIN.md §4.8)."""
