"""UN DESA International Migrant Stock tables → observations."""
