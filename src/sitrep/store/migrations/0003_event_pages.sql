-- Pages of events in the store's one order (undated last, then document, then position),
-- read straight off an index instead of sorting the matching events on every request.
-- The index also carries the low-cardinality filter columns, so a filtered page is
-- answered by walking the index without visiting the table for rows that do not match.
-- The sort key writes an undated event's date as '~', which sorts after every ISO date.
CREATE INDEX events_order ON events(coalesce(date_value, '~'), doc_id, position, type, modality,
                                    background, lon, lat);
-- the place filter is case-insensitive (lower(place_name) = lower(?))
CREATE INDEX events_place_name ON events(lower(place_name));
