"""Background work as seen by the app: job kinds, submit, status and cancel on RQ.

The functions the worker runs live in ``supportwise.tasks``.
"""
