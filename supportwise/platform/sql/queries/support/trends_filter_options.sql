-- The values the Trends page offers as filters, as (dimension, value) rows.
-- A team lead is offered their own team only: the scope rewrite narrows the tickets read here.
SELECT 'team' AS dimension, team AS value FROM tickets WHERE team IS NOT NULL GROUP BY team
UNION ALL
SELECT 'channel', channel FROM tickets WHERE channel IS NOT NULL GROUP BY channel
UNION ALL
SELECT 'priority', priority FROM tickets WHERE priority IS NOT NULL GROUP BY priority
UNION ALL
SELECT 'product_area', product_area FROM tickets WHERE product_area IS NOT NULL GROUP BY product_area
UNION ALL
SELECT 'plan', plan FROM organizations WHERE plan IS NOT NULL GROUP BY plan
ORDER BY 1, 2
