"""Electronic signature of engagement letters (Yousign) and the encrypted integration credentials."""
