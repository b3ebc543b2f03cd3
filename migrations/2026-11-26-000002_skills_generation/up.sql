-- Team skills matrices are read far more often than what they show changes. Every change
-- that can alter one bumps the organization's skills generation, so a computed matrix
-- can be reused until then (service::report_cache). The framework version a matrix shows
-- is part of its cache key, and published versions do not change.
ALTER TABLE organizations ADD COLUMN skills_generation bigint NOT NULL DEFAULT 0;

-- Once per organization per transaction, as ownership_generation_bump: a cycle's worth
-- of ratings or a people import moves it once.
CREATE FUNCTION skills_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    org uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.organization_id ELSE NEW.organization_id END;
    flag text := 'hatrack.skills_generation_' || replace(org::text, '-', '');
BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE organizations SET skills_generation = skills_generation + 1 WHERE id = org;
        PERFORM set_config(flag, txid_current()::text, true);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER people_skills_generation AFTER UPDATE OF name, status, role_profile_id ON people
    FOR EACH ROW EXECUTE FUNCTION skills_generation_bump();
CREATE TRIGGER team_members_skills_generation AFTER INSERT OR UPDATE OR DELETE ON team_members
    FOR EACH ROW EXECUTE FUNCTION skills_generation_bump();
CREATE TRIGGER current_ratings_skills_generation AFTER INSERT OR UPDATE OR DELETE ON current_ratings
    FOR EACH ROW EXECUTE FUNCTION skills_generation_bump();
CREATE TRIGGER role_profiles_skills_generation AFTER UPDATE OR DELETE ON role_profiles
    FOR EACH ROW EXECUTE FUNCTION skills_generation_bump();
CREATE TRIGGER role_expectations_skills_generation AFTER INSERT OR UPDATE OR DELETE ON role_expectations
    FOR EACH ROW EXECUTE FUNCTION skills_generation_bump();
