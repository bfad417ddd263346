-- Virtual keys: only the SHA-256 of a key is stored, with a short prefix to recognise it by.
CREATE TABLE virtual_keys (
    id          VARCHAR(40)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    key_prefix  VARCHAR(40)  NOT NULL,
    key_hash    CHAR(64)     NOT NULL UNIQUE,
    team        VARCHAR(200),
    models      TEXT         NOT NULL, -- JSON array of public model names; [] means all
    created_at  BIGINT       NOT NULL,
    revoked_at  BIGINT
);

-- a name identifies one live key; revoked keys keep theirs for the record
CREATE UNIQUE INDEX virtual_keys_live_name ON virtual_keys (name) WHERE revoked_at IS NULL;
