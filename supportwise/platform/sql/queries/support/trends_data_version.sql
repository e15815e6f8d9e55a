-- A fingerprint of the data behind the Trends page, part of every cache key: a new or changed ticket
-- (seeding, imports, updates) or a run of text enrichment makes the cached figures stale at once.
SELECT concat_ws(':',
    (SELECT count(*) FROM tickets), (SELECT max(id) FROM tickets), (SELECT max(updated_at) FROM tickets),
    (SELECT count(*) FROM ticket_text), (SELECT max(enriched_at) FROM ticket_text)) AS version
