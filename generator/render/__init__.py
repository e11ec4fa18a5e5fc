"""Stage 3, render: the Atlas → the generated files of the site.

Takes the Atlas (plain dataclasses from the model stage) and the site's templates; gives
page sources (Markdown with HTML blocks kept aside), map pages and their data, search and
nearby indexes, downloads (CSV, GeoJSON, ZIP) and static assets, as bytes per site path
(paths.py declares every one). Nothing here knows the engine: publish/ hands these files
to MkDocs or writes them itself.
"""
