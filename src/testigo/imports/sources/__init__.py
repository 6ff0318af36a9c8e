"""Built-in import sources: each module here registers one or more sources when imported.

``testigo.imports.registry`` imports every module of this package on first use, so adding
a source is adding a module that calls :func:`testigo.imports.registry.register`.
"""
