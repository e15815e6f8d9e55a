-- LLM spend per day and provider since %(since)s.
SELECT CAST(date_trunc('day', at) AS date) AS day, provider, count(*) AS calls,
       sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cost_usd) AS cost_usd
FROM app.llm_calls
WHERE at >= %(since)s
GROUP BY 1, 2
ORDER BY 1, 2
