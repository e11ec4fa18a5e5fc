"""Chiiki Atlas: YAML case studies and district resources → a MkDocs site.

Pipeline (one module per stage):
    load      YAML files → raw dicts with line numbers      (load.py)
    validate  JSON Schema + cross-record rules → Problems    (schema_check.py, rules.py)
    model     validated dicts → plain dataclasses (Atlas)    (model.py, build_model.py)
    render    Atlas → page sources, map files, assets        (render/)
    mkdocs    the only code that knows MkDocs                (hooks.py)
"""
