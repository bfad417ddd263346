-- Why a request was made (issue 6, shadow comparisons): 'client' for a client's own request, 'shadow' for the
-- strong tier's answer Hedge asked for to compare with a weak-routed request's, 'judge' for the judge model's
-- comparison. Hedge's own requests carry the client's key and team (for visibility) and name the client's
-- request in shadow_of; they are not charged to the key's or team's budget (JdbcLimits.spentMicroUsd).
-- Versioned 6.1 so that it sorts right after V6 (the route columns) without taking another feature's number.
ALTER TABLE ledger_requests ADD COLUMN purpose VARCHAR(16) NOT NULL DEFAULT 'client';
ALTER TABLE ledger_requests ADD COLUMN shadow_of VARCHAR(64);
