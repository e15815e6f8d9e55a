-- LLM spend since %(since)s per provider and model, with failures (failed calls can still cost).
SELECT provider, model, count(*) AS calls, count(*) FILTER (WHERE NOT ok) AS failed,
       sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cost_usd) AS cost_usd
FROM app.llm_calls
WHERE at >= %(since)s
GROUP BY 1, 2
ORDER BY cost_usd DESC
