"""Stage 1, check: the contributors' YAML files → documents and their Problems, then the Atlas.

Takes the project folder (cases/, content/); reads each file with its line numbers
(load.py, yaml_errors.py), checks it against the JSON Schemas (schema_check.py) and the
cross-record rules (rules/: one module per concern, gap_links.py, data_sources.py), and gives plain `Problem`s
(problems.py: `file:line: field: message` in Japanese with a hint) with suggestions for a
misspelt word (suggest.py) and named characters (characters.py). validate.py runs the
whole stage, keeps what it may reuse between builds, and hands the checked documents to
the model stage: its `load_atlas` returns the Atlas and every Problem, never a traceback.
"""
