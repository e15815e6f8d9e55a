"""Text analytics over ticket conversations: sentiment, a search document and embeddings per
ticket (``enrich``), and hybrid full-text + semantic ticket search (``search``).

Modules: ``sentiment`` (VADER) · ``embeddings`` (optional all-MiniLM-L6-v2, pgvector) ·
``enrich`` (fills the tables of migration 0007) · ``search`` (``search_tickets``).
"""
