"""Registers the CONAPO census return-migration tables (2015, 2020) as an import source."""

from testigo.imports.conapo.adapter import DATASET, read_conapo, write_observations
from testigo.imports.registry import ImportSource, register

register(
    ImportSource(
        warn_no_common_records=False,
        name="conapo-return",
        description=(
            "CONAPO/INEGI return migration between Mexican states (2015 and 2020 census "
            "tables, XLSX): indicators and origin–destination matrices by state"
        ),
        read=read_conapo,
        dataset=DATASET,
        default_org_slug="conapo",
        default_org_name="Consejo Nacional de Población – CONAPO (public data)",
        default_org_kind="government",
        write=write_observations,
        model="observations.Observation",
        quirks=(
            "state_from_code",
            "state_from_name",
            "indicator_measure",
            "persons",
            "census_year",
        ),
    )
)
