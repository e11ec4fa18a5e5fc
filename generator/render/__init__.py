"""Stage 4: the Atlas → files of the site (Markdown pages, map pages, assets)."""
