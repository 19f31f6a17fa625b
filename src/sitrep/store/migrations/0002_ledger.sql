-- The claims ledger: fused events (many reports of one happening) and which stored
-- event (= claim) belongs to which, with the reasons; geography checks per document;
-- front-line archives imported and what they say about each stored settlement.
CREATE TABLE ledger_events (
    event_key   TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    place_id    TEXT,
    founded_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX ledger_events_place ON ledger_events(place_id);

CREATE TABLE ledger_claims (
    claim_id         TEXT PRIMARY KEY REFERENCES events(event_id) ON DELETE CASCADE,
    event_key        TEXT NOT NULL REFERENCES ledger_events(event_key) ON DELETE CASCADE,
    matched_claim_id TEXT,
    score            REAL NOT NULL,
    reasons          TEXT NOT NULL,
    joined_at        TEXT NOT NULL
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
    end       INTEGER NOT NULL,
    numbers   TEXT NOT NULL,
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
    first_date  TEXT NOT NULL,
    last_date   TEXT NOT NULL,
    snapshots   INTEGER NOT NULL,
    imported_at TEXT NOT NULL
);

CREATE TABLE frontline_points (
    place_id     TEXT PRIMARY KEY,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    first_inside TEXT,
    last_change  TEXT,
    inside_at_start INTEGER NOT NULL,
    intervals    TEXT NOT NULL,
    archive      TEXT NOT NULL
);
