"""Banco de México (SIE) remittance tables → observations."""
