"""Registers the Casa Alitas (Tucson) shelter intake source."""

from testigo.imports.casa_alitas.adapter import DATASET, read_casa_alitas
from testigo.imports.casa_alitas.write import write_casa_alitas
from testigo.imports.registry import ImportSource, register

register(
    ImportSource(
        name="casa-alitas",
        description=(
            "Casa Alitas Welcome Center (Tucson) group intake file, de-identified public data "
            "(group_all_clean_*.csv): one visit per row → group person and intake"
        ),
        read=read_casa_alitas,
        dataset=DATASET,
        default_org_slug="casa-alitas",
        default_org_name="Casa Alitas (public data)",
        default_org_kind="civil_society",
        write=write_casa_alitas,
        model="documentation.Intake",
        quirks=(
            "na_string",
            "us_datetime",
            "destination_labels",
            "several_destinations",
            "duplicate_rows",
            "second_language",
            "second_country",
            "country_names",
            "language_labels",
        ),
    )
)
