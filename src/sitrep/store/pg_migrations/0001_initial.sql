-- PostgreSQL twin of migrations/0001_initial.sql: same tables, same columns, same keys,
-- so every Store test runs unchanged on both backends. Differences are types only:
-- timestamps and dates are real timestamptz/date, lat/lon are float8 (PostgreSQL REAL is
-- float4 and would move points by metres), JSON columns keep the text exactly as written.
-- "end" is a reserved word in PostgreSQL and is quoted everywhere.
CREATE TABLE documents (
    doc_id      TEXT PRIMARY KEY,
    input_id    TEXT NOT NULL,
    title       TEXT NOT NULL,
    text        TEXT NOT NULL,
    published   DATE,
    source      TEXT,
    url         TEXT,
    media_type  TEXT NOT NULL,
    ingested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    analysed_at TIMESTAMPTZ
);
CREATE INDEX documents_unanalysed ON documents(ingested_at, doc_id) WHERE analysed_at IS NULL;

CREATE TABLE places (
    place_id     TEXT PRIMARY KEY,
    geonameid    INTEGER,
    katotth      TEXT,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    lat          DOUBLE PRECISION,
    lon          DOUBLE PRECISION,
    admin1       TEXT,
    country      TEXT,
    feature_code TEXT,
    population   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX places_geonameid ON places(geonameid);
CREATE INDEX places_latlon ON places(lat, lon);

CREATE TABLE place_mentions (
    doc_id       TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    surface      TEXT NOT NULL,
    place_id     TEXT REFERENCES places(place_id),
    confidence   DOUBLE PRECISION NOT NULL,
    precision    INTEGER NOT NULL,
    reasons      JSON NOT NULL,
    alternatives JSON NOT NULL,
    PRIMARY KEY (doc_id, start, "end")
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
    lat                  DOUBLE PRECISION,
    lon                  DOUBLE PRECISION,
    location_precision   INTEGER,
    relation             TEXT,
    date_value           DATE,
    date_precision       TEXT,
    modality             TEXT NOT NULL,
    background           BOOLEAN NOT NULL DEFAULT FALSE,
    quantity             TEXT,
    evidence_start       INTEGER NOT NULL,
    evidence_end         INTEGER NOT NULL,
    evidence_text        TEXT NOT NULL,
    record               JSON NOT NULL
);
CREATE INDEX events_doc ON events(doc_id, position);
CREATE INDEX events_place ON events(place_id);
CREATE INDEX events_date ON events(date_value);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_place_name ON events(lower(place_name));

CREATE TABLE attributions (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    role     TEXT NOT NULL,
    start    INTEGER,
    "end"    INTEGER,
    PRIMARY KEY (event_id, position)
);
CREATE INDEX attributions_name ON attributions(lower(name));

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
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
