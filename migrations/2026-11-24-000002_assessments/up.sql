-- Assessment cycles, assessments and ratings. A cycle rates against one published
-- framework version; every rating names that version and a competency of it (the
-- foreign keys make a rating against another version impossible). Submitted assessments
-- are frozen: an amendment is a new assessment pointing at the one it amends.

ALTER TABLE competencies ADD UNIQUE (version_id, id);

CREATE TABLE assessment_cycles (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    framework_version_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    UNIQUE (id, framework_version_id),
    FOREIGN KEY (organization_id, framework_version_id) REFERENCES framework_versions (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES people (organization_id, id),
    CHECK (ends_on >= starts_on)
);
CREATE UNIQUE INDEX assessment_cycles_org_name ON assessment_cycles (organization_id, lower(name));

CREATE TABLE assessments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    cycle_id uuid NOT NULL,
    framework_version_id uuid NOT NULL,
    -- whose skills are rated
    person_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('self', 'manager')),
    author_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    submitted_at timestamptz,
    -- an amendment of a submitted assessment, with the reason
    amends_id uuid UNIQUE REFERENCES assessments (id),
    amend_reason text CHECK (amend_reason IS NULL OR length(btrim(amend_reason)) BETWEEN 1 AND 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    UNIQUE (id, framework_version_id),
    FOREIGN KEY (cycle_id, framework_version_id) REFERENCES assessment_cycles (id, framework_version_id),
    FOREIGN KEY (organization_id, cycle_id) REFERENCES assessment_cycles (organization_id, id),
    FOREIGN KEY (organization_id, person_id) REFERENCES people (organization_id, id),
    FOREIGN KEY (organization_id, author_id) REFERENCES people (organization_id, id),
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL)),
    CHECK ((amends_id IS NULL) = (amend_reason IS NULL)),
    CHECK (kind = 'manager' OR author_id = person_id)
);
-- one original self and one manager assessment per person per cycle (amendments chain off it)
CREATE UNIQUE INDEX assessments_one_per_cycle ON assessments (cycle_id, person_id, kind) WHERE amends_id IS NULL;
CREATE INDEX assessments_person ON assessments (organization_id, person_id, submitted_at DESC);

CREATE TABLE ratings (
    organization_id uuid NOT NULL,
    assessment_id uuid NOT NULL,
    framework_version_id uuid NOT NULL,
    competency_id uuid NOT NULL,
    level integer NOT NULL CHECK (level BETWEEN 1 AND 7),
    evidence text NOT NULL CHECK (length(evidence) <= 4000),
    evidence_links text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (assessment_id, competency_id),
    FOREIGN KEY (assessment_id, framework_version_id) REFERENCES assessments (id, framework_version_id) ON DELETE CASCADE,
    FOREIGN KEY (framework_version_id, competency_id) REFERENCES competencies (version_id, id),
    FOREIGN KEY (organization_id, assessment_id) REFERENCES assessments (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX ratings_competency ON ratings (competency_id);

-- A submitted assessment and its ratings never change, for every role.
CREATE FUNCTION assessments_submitted_are_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'submitted' THEN
        RAISE EXCEPTION 'assessment % is submitted and cannot be changed; amend it instead', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'assessment_submitted';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER assessments_frozen BEFORE UPDATE OR DELETE ON assessments
    FOR EACH ROW EXECUTE FUNCTION assessments_submitted_are_frozen();

CREATE FUNCTION ratings_of_submitted_are_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.assessment_id ELSE OLD.assessment_id END;
BEGIN
    IF EXISTS (SELECT 1 FROM assessments WHERE id = target AND status = 'submitted') THEN
        RAISE EXCEPTION 'the ratings of submitted assessment % cannot be changed', target
            USING ERRCODE = 'check_violation', CONSTRAINT = 'assessment_submitted';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER ratings_frozen BEFORE INSERT OR UPDATE OR DELETE ON ratings
    FOR EACH ROW EXECUTE FUNCTION ratings_of_submitted_are_frozen();
