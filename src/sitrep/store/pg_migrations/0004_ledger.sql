-- Twin of migrations/0002_ledger.sql (the claims ledger): same tables, columns and keys.
-- Differences are types only: timestamps and dates are timestamptz/date, scores and
-- coordinates float8, flags boolean, JSON columns json (read back as text, as written).
-- ledger_claims.rowid stands in for SQLite's implicit rowid: the insertion order that
-- breaks ties between claims joined in one save. "end" is quoted (reserved word).
CREATE TABLE ledger_events (
    event_key   TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    place_id    TEXT,
    founded_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX ledger_events_place ON ledger_events(place_id);

CREATE TABLE ledger_claims (
    claim_id         TEXT PRIMARY KEY REFERENCES events(event_id) ON DELETE CASCADE,
    event_key        TEXT NOT NULL REFERENCES ledger_events(event_key) ON DELETE CASCADE,
    matched_claim_id TEXT,
    score            DOUBLE PRECISION NOT NULL,
    reasons          JSON NOT NULL,
    joined_at        TIMESTAMPTZ NOT NULL,
    rowid            BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX ledger_claims_event ON ledger_claims(event_key);

CREATE TABLE geo_checks (
    doc_id    TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    verdict   TEXT NOT NULL,
    subject   TEXT NOT NULL,
    claimed   TEXT NOT NULL,
    measured  TEXT NOT NULL,
    note      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    numbers   JSON NOT NULL,
    PRIMARY KEY (doc_id, position)
);
CREATE INDEX geo_checks_verdict ON geo_checks(verdict);

-- which analysis of a document the stored checks were computed from (hash of its results)
CREATE TABLE geo_checked (
    doc_id      TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    signature   TEXT NOT NULL
);

CREATE TABLE frontline_archives (
    path        TEXT PRIMARY KEY,
    first_date  DATE NOT NULL,
    last_date   DATE NOT NULL,
    snapshots   INTEGER NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE frontline_points (
    place_id     TEXT PRIMARY KEY,
    lat          DOUBLE PRECISION NOT NULL,
    lon          DOUBLE PRECISION NOT NULL,
    first_inside DATE,
    last_change  DATE,
    inside_at_start BOOLEAN NOT NULL,
    intervals    JSON NOT NULL,
    archive      TEXT NOT NULL
);
