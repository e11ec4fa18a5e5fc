"""Stage 2, model: checked documents → the Atlas, plain dataclasses that every later stage reads.

Takes the documents the check stage accepted; gives `Atlas` (model.py: cases, districts,
resources, vocabularies) built by build_model.py, with what each record means worked out
once: opening hours as rules (schedule.py), what a hidden or approximate place may show
(privacy.py, places.py), how old a record is (freshness.py), municipality codes and names
(municipalities.py) and the CSV cell guard shared by downloads and importers (csvcells.py).
Nothing here reads files of the project or writes the site.
"""
