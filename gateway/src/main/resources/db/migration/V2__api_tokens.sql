-- Bearer tokens of the Sluice API and the Flink-compatible endpoint. Only a SHA-256 hash of each token is kept:
-- the token itself is shown once, when it is created.
CREATE TABLE api_token (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    name        VARCHAR(256) NOT NULL,
    token_hash  VARCHAR(64)  NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);

CREATE UNIQUE INDEX api_token_hash ON api_token (token_hash);
