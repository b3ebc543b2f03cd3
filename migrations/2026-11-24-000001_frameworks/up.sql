-- Competency frameworks: a framework has numbered versions. A draft is a JSON document
-- (edited as a whole); publishing freezes it and writes its areas, competencies and level
-- anchors out as rows, which ratings and role profiles point at. Published versions are
-- immutable: the triggers below refuse any change, for every role.

CREATE TABLE frameworks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    -- the name of the latest version, kept here for lists and uniqueness
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- set for frameworks shipped with the product ('it-lead')
    builtin text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id)
);
CREATE UNIQUE INDEX frameworks_org_name ON frameworks (organization_id, lower(name));

CREATE TABLE framework_versions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    framework_id uuid NOT NULL,
    number integer NOT NULL CHECK (number >= 1),
    status text NOT NULL CHECK (status IN ('draft', 'published')),
    -- the whole version as a FrameworkDoc (name, level_count, areas → competencies → levels)
    document jsonb NOT NULL,
    change_note text NOT NULL DEFAULT '' CHECK (length(change_note) <= 2000),
    based_on uuid REFERENCES framework_versions (id),
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_by uuid,
    published_at timestamptz,
    -- optimistic concurrency for draft edits
    version integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    UNIQUE (framework_id, number),
    FOREIGN KEY (organization_id, framework_id) REFERENCES frameworks (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, created_by) REFERENCES people (organization_id, id),
    FOREIGN KEY (organization_id, published_by) REFERENCES people (organization_id, id),
    CHECK ((status = 'published') = (published_at IS NOT NULL))
);
-- one draft at a time per framework
CREATE UNIQUE INDEX framework_versions_one_draft ON framework_versions (framework_id) WHERE status = 'draft';

CREATE FUNCTION framework_versions_published_are_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'framework version % is published and cannot be changed', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'framework_version_published';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER framework_versions_frozen BEFORE UPDATE OR DELETE ON framework_versions
    FOR EACH ROW EXECUTE FUNCTION framework_versions_published_are_frozen();

-- Rows of published versions only: written once at publishing, never changed.
CREATE TABLE rubric_areas (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    version_id uuid NOT NULL,
    slug text NOT NULL,
    name text NOT NULL,
    position integer NOT NULL,
    UNIQUE (organization_id, id),
    UNIQUE (version_id, slug),
    FOREIGN KEY (organization_id, version_id) REFERENCES framework_versions (organization_id, id)
);

CREATE TABLE competencies (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    version_id uuid NOT NULL,
    area_id uuid NOT NULL,
    slug text NOT NULL,
    name text NOT NULL,
    -- position in the whole framework (area order, then competency order)
    position integer NOT NULL,
    level_count integer NOT NULL CHECK (level_count BETWEEN 3 AND 7),
    UNIQUE (organization_id, id),
    UNIQUE (version_id, slug),
    FOREIGN KEY (organization_id, version_id) REFERENCES framework_versions (organization_id, id),
    FOREIGN KEY (organization_id, area_id) REFERENCES rubric_areas (organization_id, id)
);
CREATE INDEX competencies_version ON competencies (version_id, position);

CREATE FUNCTION rubric_rows_are_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows belong to a published framework version: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'check_violation', CONSTRAINT = 'framework_version_published';
END
$$;
CREATE TRIGGER rubric_areas_frozen BEFORE UPDATE OR DELETE ON rubric_areas
    FOR EACH ROW EXECUTE FUNCTION rubric_rows_are_frozen();
CREATE TRIGGER competencies_frozen BEFORE UPDATE OR DELETE ON competencies
    FOR EACH ROW EXECUTE FUNCTION rubric_rows_are_frozen();

-- Role profiles: the expected level per competency for a role, against one published
-- version. Editable (they are expectations, not records); each edit bumps `version`.
CREATE TABLE role_profiles (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    framework_version_id uuid NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, framework_version_id) REFERENCES framework_versions (organization_id, id)
);
CREATE UNIQUE INDEX role_profiles_org_name ON role_profiles (organization_id, lower(name));

CREATE TABLE role_expectations (
    organization_id uuid NOT NULL,
    role_profile_id uuid NOT NULL,
    competency_id uuid NOT NULL,
    level integer NOT NULL CHECK (level BETWEEN 1 AND 7),
    PRIMARY KEY (role_profile_id, competency_id),
    FOREIGN KEY (organization_id, role_profile_id) REFERENCES role_profiles (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, competency_id) REFERENCES competencies (organization_id, id)
);

ALTER TABLE people ADD COLUMN role_profile_id uuid;
ALTER TABLE people ADD FOREIGN KEY (organization_id, role_profile_id) REFERENCES role_profiles (organization_id, id);
CREATE INDEX people_role_profile ON people (role_profile_id) WHERE role_profile_id IS NOT NULL;
