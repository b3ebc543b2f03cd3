ALTER TABLE people DROP COLUMN role_profile_id;
DROP TABLE role_expectations;
DROP TABLE role_profiles;
DROP TABLE competencies;
DROP TABLE rubric_areas;
DROP FUNCTION rubric_rows_are_frozen();
DROP TABLE framework_versions;
DROP FUNCTION framework_versions_published_are_frozen();
DROP TABLE frameworks;
