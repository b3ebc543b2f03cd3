DROP TRIGGER role_expectations_skills_generation ON role_expectations;
DROP TRIGGER role_profiles_skills_generation ON role_profiles;
DROP TRIGGER current_ratings_skills_generation ON current_ratings;
DROP TRIGGER team_members_skills_generation ON team_members;
DROP TRIGGER people_skills_generation ON people;
DROP FUNCTION skills_generation_bump();
ALTER TABLE organizations DROP COLUMN skills_generation;
