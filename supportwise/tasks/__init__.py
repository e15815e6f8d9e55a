"""What runs inside the RQ worker: top-level job functions taking ids and plain values, each
building its own connections through one worker bootstrap; and the worker and scheduler processes.
"""
