"""Mexico's RNPDNO missing-persons registry (municipality × month × sex) → observations."""
