-- Indexes for the questions of CONTRACT §2: time ranges, the common filters, foreign keys.
CREATE INDEX IF NOT EXISTS tickets_created_at ON public.tickets (created_at);
CREATE INDEX IF NOT EXISTS tickets_solved_at ON public.tickets (solved_at) WHERE solved_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS tickets_open_status ON public.tickets (status) WHERE status IN ('new', 'open', 'pending', 'on_hold');
CREATE INDEX IF NOT EXISTS tickets_priority_created ON public.tickets (priority, created_at);
CREATE INDEX IF NOT EXISTS tickets_channel_created ON public.tickets (channel, created_at);
CREATE INDEX IF NOT EXISTS tickets_team_created ON public.tickets (team, created_at);
CREATE INDEX IF NOT EXISTS tickets_area_created ON public.tickets (product_area, created_at);
CREATE INDEX IF NOT EXISTS tickets_organization ON public.tickets (organization_id);
CREATE INDEX IF NOT EXISTS tickets_requester ON public.tickets (requester_id);
CREATE INDEX IF NOT EXISTS tickets_assignee ON public.tickets (assignee_id);
CREATE INDEX IF NOT EXISTS customers_organization ON public.customers (organization_id);
CREATE INDEX IF NOT EXISTS comments_ticket ON public.comments (ticket_id);
CREATE INDEX IF NOT EXISTS comments_created_at ON public.comments (created_at);
CREATE INDEX IF NOT EXISTS audit_log_at ON app.audit_log (at);
CREATE INDEX IF NOT EXISTS audit_log_user_at ON app.audit_log (username, at);
CREATE INDEX IF NOT EXISTS llm_calls_at ON app.llm_calls (at);
