DROP TABLE ratings;
DROP FUNCTION ratings_of_submitted_are_frozen();
DROP TABLE assessments;
DROP FUNCTION assessments_submitted_are_frozen();
DROP TABLE assessment_cycles;
ALTER TABLE competencies DROP CONSTRAINT competencies_version_id_id_key;
