"""The ground floor: settings, PostgreSQL (engines, migrations, the read-only path), Redis, embedded servers.

Nothing here knows what a ticket or a question is; every other wing stands on it.
"""
