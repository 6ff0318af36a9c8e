"""Registers the Arizona OpenGIS deceased-migrants source (Humane Borders / PCOME)."""

from testigo.imports.arizona_ogis.adapter import DATASET, read_arizona_ogis
from testigo.imports.arizona_ogis.write import write_arizona_ogis
from testigo.imports.registry import ImportSource, register

register(
    ImportSource(
        name="arizona-ogis",
        description=(
            "Arizona OpenGIS Initiative for Deceased Migrants (Humane Borders / Pima County "
            "OME) CSV: one deceased person per row → event, victim and act"
        ),
        read=read_arizona_ogis,
        dataset=DATASET,
        default_org_slug="humane-borders-ogis",
        default_org_name="Humane Borders / Pima County OME (public data)",
        default_org_kind="civil_society",
        write=write_arizona_ogis,
        model="documentation.Event",
        quirks=(
            "county_case",
            "unidentified_name",
            "undetermined_sex",
            "partial_date",
            "cause_category",
            "bucket_spaces",
            "age_99",
            "ml_number_forms",
        ),
    )
)
