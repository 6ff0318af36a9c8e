"""Column mappings: how an organisation's spreadsheet or Kobo/ODK export becomes records.

Modules: ``targets`` (the Testigo fields a column can fill), ``spec`` (a saved mapping),
``suggest`` (automatic header and value matching), ``xlsform`` (XLSForm questions and
choice lists, read with pyxform), ``kobo`` (export layouts: group prefixes, select_multiple
columns, repeat groups), ``values`` (cell normalisation), ``records`` (rows → records with
a row report) and ``write`` (records → intakes, events, persons; keyed and audited).
"""
