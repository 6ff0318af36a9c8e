"""Clerical review pages of record linkage (``/workspace/linkage/…``): server-rendered forms."""
