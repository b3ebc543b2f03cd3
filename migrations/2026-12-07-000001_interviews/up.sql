-- Structured interviews (issue 24): an exercise library, versioned interview plans per
-- role profile, candidates, loops (a candidate × a plan version) with their stages and
-- panels, work-sample links and submissions, scorecards and decision records.
--
-- What the database guarantees on its own, whatever the use cases do:
-- * a published plan version and its stage rows never change;
-- * a scorecard rates only competencies its stage assesses (foreign key to the stage's
--   competency list), and a level always comes with evidence;
-- * only an interviewer on the stage's panel has a scorecard for it, one per stage;
-- * a submitted scorecard and its ratings never change (an amendment is a new scorecard
--   pointing at the one it amends, with a reason);
-- * a decision record is never changed or deleted (a new one supersedes it, with a reason).

ALTER TABLE organizations
    ADD COLUMN candidate_retention_days integer NOT NULL DEFAULT 180
        CHECK (candidate_retention_days BETWEEN 30 AND 3650);

-- The exercise library: questions and work samples a plan can use. `builtin` marks the
-- ones shipped with the product (written by us); the rest are the organization's own.
-- Competencies are named by slug, so an exercise outlives framework versions; a plan maps
-- them to the competencies of the version it rates against.
CREATE TABLE exercises (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    builtin text,
    title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    kind text NOT NULL CHECK (kind IN ('question', 'work_sample', 'role_play')),
    brief text NOT NULL CHECK (length(btrim(brief)) BETWEEN 1 AND 8000),
    materials text NOT NULL DEFAULT '' CHECK (length(materials) <= 8000),
    minutes integer NOT NULL CHECK (minutes BETWEEN 5 AND 480),
    -- what good looks like, per level: [{"level": 1, "text": "..."}, ...]
    good_looks_like jsonb NOT NULL DEFAULT '[]',
    competency_slugs text[] NOT NULL DEFAULT '{}',
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES people (organization_id, id)
);
CREATE UNIQUE INDEX exercises_org_title ON exercises (organization_id, lower(title));
CREATE UNIQUE INDEX exercises_org_builtin ON exercises (organization_id, builtin) WHERE builtin IS NOT NULL;

-- Interview plans, versioned like frameworks: a draft is a JSON document edited as a
-- whole; publishing freezes it and writes its stages and their competencies out as rows,
-- which loops and scorecards point at.
CREATE TABLE interview_plans (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    role_profile_id uuid NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, role_profile_id) REFERENCES role_profiles (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES people (organization_id, id)
);
CREATE UNIQUE INDEX interview_plans_org_name ON interview_plans (organization_id, lower(name));

CREATE TABLE interview_plan_versions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    plan_id uuid NOT NULL,
    number integer NOT NULL CHECK (number >= 1),
    status text NOT NULL CHECK (status IN ('draft', 'published')),
    -- the framework version whose competencies and anchors the plan rates against
    framework_version_id uuid NOT NULL,
    -- the whole version as a PlanDoc (stages → items, competencies, guide notes)
    document jsonb NOT NULL,
    change_note text NOT NULL DEFAULT '' CHECK (length(change_note) <= 2000),
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_by uuid,
    published_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    UNIQUE (id, framework_version_id),
    UNIQUE (plan_id, number),
    FOREIGN KEY (organization_id, plan_id) REFERENCES interview_plans (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, framework_version_id) REFERENCES framework_versions (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES people (organization_id, id),
    FOREIGN KEY (organization_id, published_by) REFERENCES people (organization_id, id),
    CHECK ((status = 'published') = (published_at IS NOT NULL))
);
CREATE UNIQUE INDEX interview_plan_versions_one_draft ON interview_plan_versions (plan_id) WHERE status = 'draft';

CREATE FUNCTION interview_plan_versions_published_are_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'interview plan version % is published and cannot be changed', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_version_published';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER interview_plan_versions_frozen BEFORE UPDATE OR DELETE ON interview_plan_versions
    FOR EACH ROW EXECUTE FUNCTION interview_plan_versions_published_are_frozen();

-- Rows of published plan versions only: written once at publishing, never changed.
CREATE TABLE plan_stages (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    plan_version_id uuid NOT NULL,
    framework_version_id uuid NOT NULL,
    position integer NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    kind text NOT NULL CHECK (kind IN ('screen', 'work_sample', 'panel', 'other')),
    -- graders of a blind stage see a candidate code, never the name, until they submit
    blind boolean NOT NULL DEFAULT false,
    minutes integer NOT NULL CHECK (minutes BETWEEN 5 AND 480),
    UNIQUE (organization_id, id),
    UNIQUE (id, framework_version_id),
    UNIQUE (plan_version_id, position),
    FOREIGN KEY (plan_version_id, framework_version_id) REFERENCES interview_plan_versions (id, framework_version_id),
    CHECK (NOT blind OR kind = 'work_sample')
);

CREATE TABLE plan_stage_competencies (
    organization_id uuid NOT NULL,
    stage_id uuid NOT NULL,
    framework_version_id uuid NOT NULL,
    competency_id uuid NOT NULL,
    position integer NOT NULL,
    PRIMARY KEY (stage_id, competency_id),
    FOREIGN KEY (stage_id, framework_version_id) REFERENCES plan_stages (id, framework_version_id),
    FOREIGN KEY (framework_version_id, competency_id) REFERENCES competencies (version_id, id)
);

CREATE FUNCTION plan_rows_are_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the stages of a published interview plan cannot be changed'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_version_published';
END
$$;
CREATE TRIGGER plan_stages_frozen BEFORE UPDATE OR DELETE ON plan_stages
    FOR EACH ROW EXECUTE FUNCTION plan_rows_are_frozen();
CREATE TRIGGER plan_stage_competencies_frozen BEFORE UPDATE OR DELETE ON plan_stage_competencies
    FOR EACH ROW EXECUTE FUNCTION plan_rows_are_frozen();

-- Candidates are external people, not users. Anonymising blanks what identifies them
-- (name, email, notes, files) and keeps the ratings for the statistics.
CREATE TABLE candidates (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    name text NOT NULL CHECK (length(name) <= 200),
    email text NOT NULL CHECK (length(email) <= 320),
    source text NOT NULL DEFAULT '' CHECK (length(source) <= 200),
    notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 8000),
    consent_at timestamptz,
    -- anonymised after this date unless hired (a hire decision clears it)
    retain_until date,
    anonymised_at timestamptz,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES people (organization_id, id),
    CHECK (anonymised_at IS NOT NULL OR length(btrim(name)) >= 1)
);
CREATE INDEX candidates_retention ON candidates (retain_until) WHERE anonymised_at IS NULL;
CREATE INDEX candidates_org_name ON candidates (organization_id, lower(name));

CREATE TABLE interview_loops (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    candidate_id uuid NOT NULL,
    plan_version_id uuid NOT NULL,
    hiring_manager_id uuid NOT NULL,
    -- a short code shown to blind graders instead of the candidate's name
    code text NOT NULL CHECK (code ~ '^[A-Z0-9-]{4,16}$'),
    -- the debrief opens when every scorecard is in, or earlier by the hiring manager
    debrief_opened_at timestamptz,
    debrief_opened_by uuid,
    debrief_reason text CHECK (length(debrief_reason) <= 2000),
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, code),
    FOREIGN KEY (organization_id, candidate_id) REFERENCES candidates (organization_id, id),
    FOREIGN KEY (organization_id, plan_version_id) REFERENCES interview_plan_versions (organization_id, id),
    FOREIGN KEY (organization_id, hiring_manager_id) REFERENCES people (organization_id, id),
    FOREIGN KEY (organization_id, debrief_opened_by) REFERENCES people (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES people (organization_id, id)
);
CREATE INDEX interview_loops_candidate ON interview_loops (candidate_id);
CREATE INDEX interview_loops_plan ON interview_loops (organization_id, plan_version_id);
CREATE INDEX interview_loops_manager ON interview_loops (hiring_manager_id);

-- A stage of a loop: when, where, and (below) who interviews.
CREATE TABLE loop_stages (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    loop_id uuid NOT NULL,
    stage_id uuid NOT NULL,
    scheduled_at timestamptz,
    minutes integer NOT NULL CHECK (minutes BETWEEN 5 AND 480),
    location text NOT NULL DEFAULT '' CHECK (length(location) <= 500),
    UNIQUE (organization_id, id),
    UNIQUE (loop_id, stage_id),
    UNIQUE (id, stage_id),
    FOREIGN KEY (organization_id, loop_id) REFERENCES interview_loops (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, stage_id) REFERENCES plan_stages (organization_id, id)
);

CREATE TABLE loop_interviewers (
    organization_id uuid NOT NULL,
    loop_id uuid NOT NULL,
    loop_stage_id uuid NOT NULL,
    person_id uuid NOT NULL,
    PRIMARY KEY (loop_stage_id, person_id),
    FOREIGN KEY (organization_id, loop_stage_id) REFERENCES loop_stages (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, loop_id) REFERENCES interview_loops (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, person_id) REFERENCES people (organization_id, id)
);
-- "the loops I am on"
CREATE INDEX loop_interviewers_person ON loop_interviewers (person_id, loop_id);

CREATE TABLE scorecards (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    loop_id uuid NOT NULL,
    loop_stage_id uuid NOT NULL,
    stage_id uuid NOT NULL,
    interviewer_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    recommendation text CHECK (recommendation IN ('strong_no', 'no', 'yes', 'strong_yes')),
    notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 8000),
    submitted_at timestamptz,
    amends_id uuid UNIQUE REFERENCES scorecards (id),
    amend_reason text CHECK (amend_reason IS NULL OR length(btrim(amend_reason)) BETWEEN 1 AND 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    UNIQUE (id, stage_id),
    FOREIGN KEY (loop_stage_id, interviewer_id) REFERENCES loop_interviewers (loop_stage_id, person_id),
    FOREIGN KEY (loop_stage_id, stage_id) REFERENCES loop_stages (id, stage_id),
    FOREIGN KEY (organization_id, loop_id) REFERENCES interview_loops (organization_id, id),
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL)),
    CHECK (status = 'draft' OR recommendation IS NOT NULL),
    CHECK ((amends_id IS NULL) = (amend_reason IS NULL))
);
-- one original scorecard per interviewer per stage (amendments chain off it)
CREATE UNIQUE INDEX scorecards_one_per_stage ON scorecards (loop_stage_id, interviewer_id) WHERE amends_id IS NULL;
CREATE INDEX scorecards_loop ON scorecards (loop_id, interviewer_id);

CREATE TABLE scorecard_ratings (
    organization_id uuid NOT NULL,
    scorecard_id uuid NOT NULL,
    stage_id uuid NOT NULL,
    competency_id uuid NOT NULL,
    -- NULL: not observed
    level integer CHECK (level BETWEEN 1 AND 7),
    evidence text NOT NULL DEFAULT '' CHECK (length(evidence) <= 4000),
    PRIMARY KEY (scorecard_id, competency_id),
    FOREIGN KEY (scorecard_id, stage_id) REFERENCES scorecards (id, stage_id) ON DELETE CASCADE,
    -- only what the stage assesses
    FOREIGN KEY (stage_id, competency_id) REFERENCES plan_stage_competencies (stage_id, competency_id),
    CHECK (level IS NULL OR length(btrim(evidence)) >= 1)
);
CREATE INDEX scorecard_ratings_competency ON scorecard_ratings (competency_id);

CREATE FUNCTION scorecards_submitted_are_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'submitted' THEN
        RAISE EXCEPTION 'scorecard % is submitted and cannot be changed; amend it instead', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'scorecard_submitted';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER scorecards_frozen BEFORE UPDATE OR DELETE ON scorecards
    FOR EACH ROW EXECUTE FUNCTION scorecards_submitted_are_frozen();

CREATE FUNCTION scorecard_ratings_of_submitted_are_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.scorecard_id ELSE OLD.scorecard_id END;
BEGIN
    IF EXISTS (SELECT 1 FROM scorecards WHERE id = target AND status = 'submitted') THEN
        RAISE EXCEPTION 'the ratings of submitted scorecard % cannot be changed', target
            USING ERRCODE = 'check_violation', CONSTRAINT = 'scorecard_submitted';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER scorecard_ratings_frozen BEFORE INSERT OR UPDATE OR DELETE ON scorecard_ratings
    FOR EACH ROW EXECUTE FUNCTION scorecard_ratings_of_submitted_are_frozen();

-- A private link for the candidate to a work-sample stage. Only a hash of the token is
-- kept; the link works until it expires or is used for a submission.
CREATE TABLE work_sample_links (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    loop_stage_id uuid NOT NULL,
    token_hash bytea NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, loop_stage_id) REFERENCES loop_stages (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, created_by) REFERENCES people (organization_id, id)
);

CREATE TABLE work_sample_submissions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    loop_stage_id uuid NOT NULL,
    -- the link the candidate used, or NULL when the hiring manager attached it
    link_id uuid UNIQUE,
    attached_by uuid,
    text text NOT NULL DEFAULT '' CHECK (length(text) <= 100000),
    submitted_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, loop_stage_id) REFERENCES loop_stages (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, link_id) REFERENCES work_sample_links (organization_id, id),
    FOREIGN KEY (organization_id, attached_by) REFERENCES people (organization_id, id),
    CHECK ((link_id IS NULL) <> (attached_by IS NULL))
);
CREATE INDEX work_sample_submissions_stage ON work_sample_submissions (loop_stage_id);

-- Files live in the database so a backup holds them. The type is what the content is
-- (checked by its first bytes), not what the name says.
CREATE TABLE work_sample_files (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    submission_id uuid NOT NULL,
    file_name text NOT NULL CHECK (length(btrim(file_name)) BETWEEN 1 AND 255),
    content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'text/markdown', 'text/plain',
        'image/png', 'image/jpeg', 'image/gif', 'image/webp')),
    size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
    content bytea NOT NULL CHECK (octet_length(content) = size_bytes),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, submission_id) REFERENCES work_sample_submissions (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX work_sample_files_submission ON work_sample_files (submission_id);

-- Decision records: never changed or deleted; a later record supersedes with a reason.
CREATE TABLE loop_decisions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    loop_id uuid NOT NULL,
    decision text NOT NULL CHECK (decision IN ('hire', 'no_hire', 'more_data')),
    rationale text NOT NULL CHECK (length(btrim(rationale)) BETWEEN 1 AND 8000),
    decided_by uuid NOT NULL,
    decided_at timestamptz NOT NULL DEFAULT now(),
    supersedes_id uuid UNIQUE REFERENCES loop_decisions (id),
    supersede_reason text CHECK (supersede_reason IS NULL OR length(btrim(supersede_reason)) BETWEEN 1 AND 2000),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, loop_id) REFERENCES interview_loops (organization_id, id),
    FOREIGN KEY (organization_id, decided_by) REFERENCES people (organization_id, id),
    CHECK ((supersedes_id IS NULL) = (supersede_reason IS NULL))
);
-- one first decision per loop; later ones supersede it
CREATE UNIQUE INDEX loop_decisions_first ON loop_decisions (loop_id) WHERE supersedes_id IS NULL;

CREATE FUNCTION loop_decisions_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'decision % is a record and cannot be changed; record a new one that supersedes it', OLD.id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'decision_recorded';
END
$$;
CREATE TRIGGER loop_decisions_immutable BEFORE UPDATE OR DELETE ON loop_decisions
    FOR EACH ROW EXECUTE FUNCTION loop_decisions_are_immutable();
