-- Documents as ingested (raw text kept so every result can be re-derived),
-- and the results of analysing them. Offsets index documents.text.
CREATE TABLE documents (
    doc_id      TEXT PRIMARY KEY,
    input_id    TEXT NOT NULL,
    title       TEXT NOT NULL,
    text        TEXT NOT NULL,
    published   TEXT,
    source      TEXT,
    url         TEXT,
    media_type  TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    analysed_at TEXT
);

CREATE TABLE places (
    place_id     TEXT PRIMARY KEY,
    geonameid    INTEGER,
    katotth      TEXT,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    lat          REAL,
    lon          REAL,
    admin1       TEXT,
    country      TEXT,
    feature_code TEXT,
    population   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX places_geonameid ON places(geonameid);
CREATE INDEX places_latlon ON places(lat, lon);

CREATE TABLE place_mentions (
    doc_id       TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    surface      TEXT NOT NULL,
    place_id     TEXT REFERENCES places(place_id),
    confidence   REAL NOT NULL,
    precision    INTEGER NOT NULL,
    reasons      TEXT NOT NULL,
    alternatives TEXT NOT NULL,
    PRIMARY KEY (doc_id, start, end)
);
CREATE INDEX place_mentions_place ON place_mentions(place_id);

CREATE TABLE events (
    event_id             TEXT PRIMARY KEY,
    doc_id               TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position             INTEGER NOT NULL,
    type                 TEXT NOT NULL,
    acled_event_type     TEXT,
    acled_sub_event_type TEXT,
    place_id             TEXT REFERENCES places(place_id),
    place_name           TEXT,
    lat                  REAL,
    lon                  REAL,
    location_precision   INTEGER,
    relation             TEXT,
    date_value           TEXT,
    date_precision       TEXT,
    modality             TEXT NOT NULL,
    background           INTEGER NOT NULL DEFAULT 0,
    quantity             TEXT,
    evidence_start       INTEGER NOT NULL,
    evidence_end         INTEGER NOT NULL,
    evidence_text        TEXT NOT NULL,
    record               TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc_id, position);
CREATE INDEX events_place ON events(place_id);
CREATE INDEX events_date ON events(date_value);
CREATE INDEX events_type ON events(type);

CREATE TABLE attributions (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    role     TEXT NOT NULL,
    start    INTEGER,
    end      INTEGER,
    PRIMARY KEY (event_id, position)
);
CREATE INDEX attributions_name ON attributions(name);

CREATE TABLE actors (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    side     TEXT,
    role     TEXT NOT NULL,
    PRIMARY KEY (event_id, position)
);

CREATE TABLE ingest_errors (
    input_id    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    occurred_at TEXT NOT NULL
);
