-- Twin of migrations/0003_event_pages.sql: pages of events in the store's one order
-- (undated last, then document, then position) come off an index, and a page cursor
-- (the sort key of the last event seen) starts a range scan instead of an OFFSET walk.
-- An undated event's sort date is 'infinity', after every real date.
CREATE INDEX events_order ON events ((coalesce(date_value, 'infinity'::date)), doc_id, position);
