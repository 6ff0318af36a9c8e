"""Multiple systems estimation (MSE): how many victims no list recorded.

Plain functions over pandas tables; no database. Entry point:
:func:`testigo.estimation.estimate.estimate_total`. Method and assumptions: ``docs/estimation.md``.
"""
