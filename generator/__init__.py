"""Chiiki Atlas: YAML case studies and district resources → a MkDocs site.

Pipeline (one folder per stage; plain data objects between stages):
    check      YAML files → documents with line numbers, JSON Schema + cross-record rules
               → Problems; validate.load_atlas runs the stage            (check/)
    model      checked documents → plain dataclasses (Atlas)            (model/)
    render     Atlas → page sources, map files, assets                  (render/)
    publish    the engine adapter (MkDocs by default: publish/hooks.py), preview,
               PDFs, link checks and what builds keep between runs      (publish/)
    importers  published data files → district YAML (and new records)  (importers/)
Entry modules: cli.py (the `generator` command), __main__.py, paths.py (every path the
site writes, read by check, render, importers and publish).
"""
