"""Registers Mexico's RNPDNO missing-persons registry (municipal files) as an import source."""

from testigo.imports.registry import ImportSource, register
from testigo.imports.rnpdno.adapter import DATASET, read_rnpdno, write_observations

register(
    ImportSource(
        warn_no_common_records=False,
        name="rnpdno",
        description=(
            "Mexico's RNPDNO missing-persons registry: municipality × month × sex CSV "
            "(total, disappeared not located, located alive, located dead)"
        ),
        read=read_rnpdno,
        dataset=DATASET,
        default_org_slug="cnb-rnpdno",
        default_org_name="Comisión Nacional de Búsqueda de Personas – RNPDNO (public data)",
        default_org_kind="government",
        write=write_observations,
        model="observations.Observation",
        quirks=(
            "state_iso",
            "inegi_code",
            "is_unknown_municipality",
            "count",
            "measure_for_status",
            "month_period",
        ),
    )
)
