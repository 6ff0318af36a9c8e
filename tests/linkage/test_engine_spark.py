"""The same specs render for Spark (Splink translates our DuckDB SQL with sqlglot).

pyspark is not installed here, so no Spark session runs: this checks the settings that
``SparkAPI`` would receive. See docs/linkage.md, "Running on Spark".
"""

from __future__ import annotations

import importlib.util

import pytest
from splink import SettingsCreator

from testigo.linkage.engine.settings import SPECS


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_spec_renders_spark_sql(kind: str) -> None:
    spec = SPECS[kind]
    needs = {c.needs for c in spec.comparisons}
    columns = {col for rule in spec.blocking_rules for col in rule.columns} | needs
    creator = SettingsCreator(
        link_type="link_only",
        comparisons=spec.active_comparisons(needs),
        blocking_rules_to_generate_predictions=spec.active_rules(spec.blocking_rules, columns),
    )
    settings = creator.get_settings("spark").as_dict()
    sql = " ".join(
        level["sql_condition"]
        for comparison in settings["comparisons"]
        for level in comparison["comparison_levels"]
    )
    assert len(settings["comparisons"]) == len(spec.comparisons)
    assert "jaro_winkler_similarity" not in sql  # DuckDB's name, not Spark's
    if kind == "persons":
        assert "jaro_winkler(" in sql
        assert "GREATEST(birth_lo_l, birth_lo_r)" in sql
    if kind == "events":
        assert "ASIN(" in sql.upper()


@pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="pyspark not installed")
def test_links_on_a_local_spark_session(tmp_path, monkeypatch) -> None:
    import sys

    # Spark's Python workers must run this interpreter (not the machine's default python3).
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    import pandas as pd
    from pyspark.sql import SparkSession
    from splink.backends.spark import SparkAPI, similarity_jar_location

    from testigo.linkage.engine.link import link_records

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )
    spark.sparkContext.setCheckpointDir(str(tmp_path / "spark-checkpoints"))  # Splink needs one
    frame = pd.DataFrame({
        "unique_id": ["a1", "b1", "a2", "b2"],
        "source_dataset": ["a", "b", "a", "b"],
        "full_name": ["Jesús Hernández López", "Chuy Hernandez Lopez", "Rosa Díaz Soto",
                      "Ana Ruiz Vega"],
        "birth_date": ["1990-04-17", "1990-04", "1975", "1968"],
    })  # fmt: skip
    outcome = link_records(
        frame, link_type="link_only", lower=0.0, db_api=SparkAPI(spark_session=spark)
    )
    assert set(zip(outcome.pairs.left_key, outcome.pairs.right_key, strict=True)) == {("a1", "b1")}
