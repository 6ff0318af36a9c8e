"""Testigo: a migration-rights observatory.

Documents violations of migrants' rights (HURIDOCS events model), counts them, and publishes
only aggregates that pass disclosure control.
"""

__version__ = "0.1.0"
