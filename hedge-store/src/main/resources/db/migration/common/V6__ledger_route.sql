-- The quality router's decision for prompt-routed requests (issue 6); NULL for every other request.
ALTER TABLE ledger_requests ADD COLUMN route_tier VARCHAR(16);
ALTER TABLE ledger_requests ADD COLUMN route_score DOUBLE PRECISION;
ALTER TABLE ledger_requests ADD COLUMN route_threshold DOUBLE PRECISION;
ALTER TABLE ledger_requests ADD COLUMN router_revision INTEGER;
