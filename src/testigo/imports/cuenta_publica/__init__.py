"""Mexico's federal budget execution (SHCP Cuenta Pública) → budget lines."""
