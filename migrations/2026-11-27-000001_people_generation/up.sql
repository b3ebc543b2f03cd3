-- Who is who (a person's detail, a page of the directory, the list of teams) is read far
-- more often than it changes. Every change that can alter one bumps the organization's
-- people generation, which the sign-in check reads anyway, so what was computed at
-- generation N is reused while it is still N (service::report_cache) and costs no
-- statement of its own.
ALTER TABLE organizations ADD COLUMN people_generation bigint NOT NULL DEFAULT 0;

-- Once per organization per transaction, as skills_generation_bump: an import of a
-- thousand people moves it once.
CREATE FUNCTION people_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    org uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.organization_id ELSE NEW.organization_id END;
    flag text := 'hatrack.people_generation_' || replace(org::text, '-', '');
BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE organizations SET people_generation = people_generation + 1 WHERE id = org;
        PERFORM set_config(flag, txid_current()::text, true);
    END IF;
    RETURN NULL;
END
$$;
-- A new or removed person can be someone's report; every shown column of an existing one.
CREATE TRIGGER people_people_generation AFTER INSERT OR DELETE ON people
    FOR EACH ROW EXECUTE FUNCTION people_generation_bump();
CREATE TRIGGER people_people_generation_update
    AFTER UPDATE OF name, email, job_title, roles, manager_id, status, version, created_at ON people
    FOR EACH ROW EXECUTE FUNCTION people_generation_bump();
CREATE TRIGGER team_members_people_generation AFTER INSERT OR UPDATE OR DELETE ON team_members
    FOR EACH ROW EXECUTE FUNCTION people_generation_bump();
CREATE TRIGGER teams_people_generation AFTER INSERT OR UPDATE OR DELETE ON teams
    FOR EACH ROW EXECUTE FUNCTION people_generation_bump();
