"""The question engine: semantic layer → parser → QuerySpec → compiler → SQL."""
