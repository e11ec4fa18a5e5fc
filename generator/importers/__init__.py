"""Importers: published data files → district YAML, every row accounted for.

Takes files from outside (CSV, Excel, ZIP, a registered source's download) and the
project; gives contributor YAML that the check stage reads like any other, and a ledger
of every row (imported, kept or reported with its reason).

One pipeline for every format:

    reading.py     file → header + rows with their lines (encoding, Excel, ZIP, header
                   matching, broken quotes and rows reported)        ← shared by all
    layouts.py     the published layouts as tables (header names per field)
    cells.py       one cell → a value (text kept as written; codes, times, points, days)
    mapping.py     service type → category and target states (content/import/types.yaml)
    facilities.py  import-csv rows → resources        atlas_csv.py  the site's own CSV
    kayoinoba.py   MHLW's national 通いの場 file → resources, one district per municipality
    ledger.py      rows == imported + reported, problems with lines, the --report JSON
    district_yaml.py  the project's YAML style (key order of the schema)
    output.py      ids, --force and what changed, per-file validation, write all or nothing
    run.py         the two commands, end to end (cli.py calls these)
    update.py      `generator update`: each registered source downloaded (download.py),
                   imported with --force in a copy of the project, the change report
    download.py    a registered source's file over http(s), with limits and ETag
    scaffold.py    `generator new-case|new-district`: a new record's YAML from a template

A new published format is a `Layout` in layouts.py (and its service types in the table),
not a new module.
"""
