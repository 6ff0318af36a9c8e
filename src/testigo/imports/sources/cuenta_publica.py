"""Registers Mexico's federal budget execution (SHCP Cuenta Pública) as an import source."""

from testigo.imports.cuenta_publica.adapter import (
    DATASET,
    read_cuenta_publica,
    write_budget_lines,
)
from testigo.imports.registry import ImportSource, register

register(
    ImportSource(
        warn_no_common_records=False,
        name="cuenta-publica",
        description=(
            "Mexico's federal budget execution (SHCP Cuenta Pública) by programme: "
            "approved, modified and executed pesos per year"
        ),
        read=read_cuenta_publica,
        dataset=DATASET,
        default_org_slug="shcp-cuenta-publica",
        default_org_name="SHCP – Cuenta Pública (public data)",
        default_org_kind="government",
        write=write_budget_lines,
        model="budget.BudgetLine",
        quirks=(
            "amount",
            "percentage",
            "branch_of",
            "branch_code",
            "measure_of",
            "programme_key",
            "fiscal_year",
        ),
    )
)
