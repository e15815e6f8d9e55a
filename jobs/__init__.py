"""RQ job functions: top-level, taking ids and plain values; they build their own connections."""
