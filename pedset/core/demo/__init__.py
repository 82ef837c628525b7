"""Demo data for `make run`: `python manage.py load_demo` (see loader.py and content.py)."""
