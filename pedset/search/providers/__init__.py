"""One module per kind of searchable thing; each registers its provider (see ../registry.py).
Every module here is imported when search is first used."""
