"""The public open-data export: the gate's tables as a Frictionless Data Package with HXL
hashtags, plain CSV, HXL CSV, or SDMX-CSV (docs/open-data.md).

Modules: ``tables`` (which tables, each defined once, built by the gate), ``columns`` (the
flat layout), ``hxl`` (hashtags), ``datapackage``, ``sdmx``, ``write`` (``write_export``).
Nothing here reads records: a test checks the imports.
"""
