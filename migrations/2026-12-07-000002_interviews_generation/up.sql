-- The interview statistics are read far more often than what they count changes: a
-- scorecard being submitted (or an amendment replacing one), a loop going away, an
-- interviewer or a plan renamed. Each of those bumps the organization's interviews
-- generation, so computed statistics are reused until then (service::report_cache).
-- Drafts saved as someone types do not count in the statistics and move nothing.
ALTER TABLE organizations ADD COLUMN interviews_generation bigint NOT NULL DEFAULT 0;

-- Once per organization per transaction, as skills_generation_bump.
CREATE FUNCTION interviews_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    org uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.organization_id ELSE NEW.organization_id END;
    flag text := 'hatrack.interviews_generation_' || replace(org::text, '-', '');
BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE organizations SET interviews_generation = interviews_generation + 1 WHERE id = org;
        PERFORM set_config(flag, txid_current()::text, true);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER scorecards_submitted_interviews_generation AFTER UPDATE OF status ON scorecards
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION interviews_generation_bump();
CREATE TRIGGER scorecards_inserted_interviews_generation AFTER INSERT ON scorecards
    FOR EACH ROW WHEN (NEW.status = 'submitted') EXECUTE FUNCTION interviews_generation_bump();
CREATE TRIGGER scorecards_deleted_interviews_generation AFTER DELETE ON scorecards
    FOR EACH ROW EXECUTE FUNCTION interviews_generation_bump();
CREATE TRIGGER interview_loops_interviews_generation AFTER DELETE ON interview_loops
    FOR EACH ROW EXECUTE FUNCTION interviews_generation_bump();
CREATE TRIGGER interview_plans_interviews_generation AFTER UPDATE OF name OR DELETE ON interview_plans
    FOR EACH ROW EXECUTE FUNCTION interviews_generation_bump();
CREATE TRIGGER people_interviews_generation AFTER UPDATE OF name ON people
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION interviews_generation_bump();
