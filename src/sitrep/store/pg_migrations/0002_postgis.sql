-- requires: postgis
-- Point geometries derived from lat/lon (generated, so writers never have to keep them in
-- step) with GiST indexes: bounding-box queries use geom, distance queries use the
-- geography cast (metres on the spheroid). Skipped, with a note, where PostGIS is not
-- installed; the store then answers the same queries from plain lat/lon.
CREATE EXTENSION IF NOT EXISTS postgis;

ALTER TABLE places ADD COLUMN geom geometry(Point, 4326)
    GENERATED ALWAYS AS (CASE WHEN lat IS NULL OR lon IS NULL THEN NULL
                              ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED;
CREATE INDEX places_geom ON places USING gist (geom);
CREATE INDEX places_geog ON places USING gist ((geom::geography));

ALTER TABLE events ADD COLUMN geom geometry(Point, 4326)
    GENERATED ALWAYS AS (CASE WHEN lat IS NULL OR lon IS NULL THEN NULL
                              ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED;
CREATE INDEX events_geom ON events USING gist (geom);
CREATE INDEX events_geog ON events USING gist ((geom::geography));
