-- A version's level count, kept beside its document. The views that name a framework
-- (skills matrix, profiles, radar) read it on every request; reading it out of the
-- document decompressed the whole document (about 40 KB) each time, 0.6 ms of the
-- database's time per request. Computed by PostgreSQL, so writers need not know of it;
-- NULL when the document has no whole-number level count (drafts may be incomplete).
ALTER TABLE framework_versions
    ADD COLUMN level_count int GENERATED ALWAYS AS (
        CASE WHEN (document ->> 'level_count') ~ '^[0-9]{1,3}$' THEN (document ->> 'level_count')::int END
    ) STORED;
