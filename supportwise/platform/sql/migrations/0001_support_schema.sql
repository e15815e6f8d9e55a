-- Support data, exactly as CONTRACT.md §1. Read-only to the question pipeline.
-- Value sets are CHECK constraints so demo data and imports cannot drift from the contract.

CREATE TABLE IF NOT EXISTS public.organizations (
    id          bigint PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    plan        text CHECK (plan IN ('free', 'pro', 'enterprise')),
    region      text CHECK (region IN ('NA', 'EMEA', 'APAC', 'LATAM')),
    created_at  timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS public.customers (
    id               bigint PRIMARY KEY,
    organization_id  bigint REFERENCES public.organizations (id),
    name             text,
    email            text,
    phone            text,
    created_at       timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS public.agents (
    id      bigint PRIMARY KEY,
    name    text UNIQUE,
    email   text,
    team    text CHECK (team IN ('Frontline', 'Technical', 'Billing', 'Enterprise')),
    active  boolean NOT NULL DEFAULT true
);

CREATE TABLE IF NOT EXISTS public.tickets (
    id                 bigint PRIMARY KEY,
    subject            text NOT NULL,
    description        text,
    status             text NOT NULL CHECK (status IN ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
    priority           text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    channel            text NOT NULL CHECK (channel IN ('email', 'web', 'chat', 'phone', 'api')),
    ticket_type        text NOT NULL CHECK (ticket_type IN ('question', 'incident', 'problem', 'task')),
    product_area       text,
    team               text CHECK (team IN ('Frontline', 'Technical', 'Billing', 'Enterprise')),
    requester_id       bigint REFERENCES public.customers (id),
    organization_id    bigint REFERENCES public.organizations (id),
    assignee_id        bigint REFERENCES public.agents (id),
    tags               text[] NOT NULL DEFAULT '{}',
    satisfaction       text CHECK (satisfaction IN ('good', 'bad')),
    reopens            int NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    first_response_at  timestamptz,
    solved_at          timestamptz,
    CONSTRAINT tickets_first_response_after_created CHECK (first_response_at >= created_at),
    CONSTRAINT tickets_solved_after_created CHECK (solved_at >= created_at),
    CONSTRAINT tickets_solved_has_time CHECK ((status IN ('solved', 'closed')) = (solved_at IS NOT NULL))
);

CREATE TABLE IF NOT EXISTS public.comments (
    id           bigint PRIMARY KEY,
    ticket_id    bigint NOT NULL REFERENCES public.tickets (id),
    author_type  text NOT NULL CHECK (author_type IN ('customer', 'agent')),
    author_id    bigint,
    body         text,
    public       boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS public.feature_releases (
    id            bigint PRIMARY KEY,
    name          text NOT NULL UNIQUE,
    product_area  text,
    released_at   timestamptz NOT NULL,
    description   text
);
