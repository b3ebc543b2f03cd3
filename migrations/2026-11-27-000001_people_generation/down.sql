DROP TRIGGER teams_people_generation ON teams;
DROP TRIGGER team_members_people_generation ON team_members;
DROP TRIGGER people_people_generation_update ON people;
DROP TRIGGER people_people_generation ON people;
DROP FUNCTION people_generation_bump();
ALTER TABLE organizations DROP COLUMN people_generation;
