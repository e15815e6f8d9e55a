"""The question path: one pipeline (plan → compile → guard → scope → execute), one envelope
(mask, status, audit) and the front doors that use them (typed questions, pasted SQL, ticket
search, saved-report runs), with the session context, result cache, limits and suggestions.
"""
