-- LLM spend since %(since)s per user and department, with today's spend for budget use.
SELECT username, coalesce(department, '-') AS department, count(*) AS calls, sum(cost_usd) AS cost_usd,
       sum(cost_usd) FILTER (WHERE at >= CAST(%(today)s AS date)) AS today_usd
FROM app.llm_calls
WHERE at >= %(since)s
GROUP BY 1, 2
ORDER BY cost_usd DESC
