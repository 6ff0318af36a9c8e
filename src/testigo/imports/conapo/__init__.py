"""CONAPO-style census return-migration tables (2015 and 2020, by state) → observations."""
