-- Questions asked since %(since)s, by the engine that answered and the outcome.
SELECT coalesce(engine, '-') AS engine, coalesce(status, '-') AS status, count(*) AS questions,
       sum(cost_usd) AS cost_usd, round(CAST(avg(duration_ms) AS numeric), 1) AS avg_ms
FROM app.audit_log
WHERE action = 'question' AND at >= %(since)s
GROUP BY 1, 2
ORDER BY 3 DESC
