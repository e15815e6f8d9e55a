"""What the app itself keeps (schema ``app``): users and roles, the audit chain, conversations,
saved reports, feedback, and the erasure of a user's history.
"""
