"""World Bank Remittance Prices Worldwide (RPW) corridor costs → observations."""
