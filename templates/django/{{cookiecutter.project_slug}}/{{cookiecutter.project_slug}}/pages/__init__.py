"""A few static pages, built by ``python manage.py freeze`` into ``build/`` for Nginx."""
