"""U.S. Customs and Border Protection (CBP) public statistics → observations.

Four sources, one per CBP publication (see docs/imports/cbp.md): ``cbp-nationwide-encounters``,
``cbp-swb-encounters``, ``cbp-usbp-monthly-encounters`` and ``cbp-sector-profiles``. Each has
layouts (one per known file of that publication), named normalisation rules
(:mod:`testigo.imports.cbp.normalise`) and one code list for sectors, regions and CBP's
labels (:mod:`testigo.imports.cbp.codes`).
"""
