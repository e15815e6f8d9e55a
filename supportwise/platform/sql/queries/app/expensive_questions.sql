-- The questions that cost the most since %(since)s.
SELECT at, username, question, engine, cost_usd, status
FROM app.audit_log
WHERE action = 'question' AND cost_usd > 0 AND at >= %(since)s
ORDER BY cost_usd DESC, at DESC
LIMIT 20
