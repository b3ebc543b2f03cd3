DROP FUNCTION component_reach(uuid, boolean);
DROP TABLE ownership_assignments;
DROP TABLE ownership_rows;
DROP TABLE activities;
DROP TABLE component_dependencies;
DROP TABLE components;
ALTER TABLE organizations DROP COLUMN ownership_verify_days, DROP COLUMN ownership_rasci;
