"""Stage 4, publish: the Atlas and the rendered files → a built site, through an engine.

Takes the Atlas (from check and model) and the files render/ makes; gives the site folder.
engine.py is the one small interface an engine adapter meets (MkDocs by default;
hooks.py is the only code that knows MkDocs' hooks); preview.py serves pages while a
contributor edits, pdf.py prints the sheets, linkcheck.py and linkcache.py check the
sources' links. What builds keep between runs lives here too: cache_dir.py (the folder),
cache_seal.py (sealed pickles), parallel.py (worker processes) and timing.py (where the
time goes), shared with the check stage.
"""
