-- Issue 4: the ledger (one row per request, one per upstream attempt), key limits and teams.
-- Versioned 4.x so that other features' migrations can take their own numbers without colliding.

-- Budgets and per-minute limits of a virtual key; a key without a row has none.
CREATE TABLE key_limits (
    key_id            VARCHAR(40)  PRIMARY KEY,
    budget_micro_usd  BIGINT,               -- micro-dollars (1 USD = 1000000); NULL means no budget
    budget_period     VARCHAR(10),          -- daily | monthly | total
    rpm               INTEGER,
    tpm               INTEGER
);

-- Teams group keys (virtual_keys.team) under one budget and shared limits.
CREATE TABLE teams (
    name              VARCHAR(200) PRIMARY KEY,
    budget_micro_usd  BIGINT,
    budget_period     VARCHAR(10),
    rpm               INTEGER,
    tpm               INTEGER,
    created_at        BIGINT       NOT NULL
);

CREATE TABLE ledger_requests (
    request_id          VARCHAR(64)  PRIMARY KEY,
    received_at         BIGINT       NOT NULL, -- epoch milliseconds
    day                 CHAR(10)     NOT NULL, -- UTC date of received_at, for reports
    key_id              VARCHAR(40)  NOT NULL,
    key_name            VARCHAR(200) NOT NULL,
    team                VARCHAR(200),
    endpoint            VARCHAR(40)  NOT NULL,
    model               VARCHAR(300) NOT NULL, -- the public model the client asked for
    stream              BOOLEAN      NOT NULL,
    deployment          VARCHAR(300),          -- provider/model that answered, if any
    provider            VARCHAR(200),
    status              INTEGER      NOT NULL,
    error_code          VARCHAR(200),
    input_tokens        BIGINT       NOT NULL,
    cached_input_tokens BIGINT       NOT NULL,
    cache_write_tokens  BIGINT       NOT NULL,
    output_tokens       BIGINT       NOT NULL,
    reasoning_tokens    BIGINT       NOT NULL,
    usage_counted       BOOLEAN      NOT NULL, -- counted by Hedge (jtokkit), not reported by the supplier
    cost_micro_usd      BIGINT       NOT NULL, -- every attempt of the request
    latency_micros      BIGINT       NOT NULL,
    ttft_micros         BIGINT,
    attempts            INTEGER      NOT NULL,
    failover            BOOLEAN      NOT NULL, -- answered by other than the first attempt
    cache_hit           BOOLEAN      NOT NULL,
    client_gone         BOOLEAN      NOT NULL
);
CREATE INDEX ledger_requests_time ON ledger_requests (received_at);
CREATE INDEX ledger_requests_key_time ON ledger_requests (key_id, received_at);
CREATE INDEX ledger_requests_team_time ON ledger_requests (team, received_at);

CREATE TABLE ledger_attempts (
    request_id          VARCHAR(64)  NOT NULL,
    attempt             INTEGER      NOT NULL,
    deployment          VARCHAR(300) NOT NULL,
    provider            VARCHAR(200) NOT NULL,
    outcome             VARCHAR(40)  NOT NULL, -- ok, or the failure kind (connect, timeout, http_status, ...)
    upstream_status     INTEGER,
    committed           BOOLEAN      NOT NULL,
    input_tokens        BIGINT       NOT NULL,
    cached_input_tokens BIGINT       NOT NULL,
    cache_write_tokens  BIGINT       NOT NULL,
    output_tokens       BIGINT       NOT NULL,
    reasoning_tokens    BIGINT       NOT NULL,
    usage_counted       BOOLEAN      NOT NULL,
    cost_micro_usd      BIGINT       NOT NULL,
    latency_micros      BIGINT       NOT NULL,
    ttft_micros         BIGINT,
    PRIMARY KEY (request_id, attempt)
);
