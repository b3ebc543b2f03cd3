ALTER TABLE framework_versions DROP COLUMN level_count;
