-- Ownership: the component catalog, dependencies between components, the organization's
-- activities and the RACI matrix of (component, activity) rows. The use cases check the
-- rules and explain them; the constraints here are the backstop.

ALTER TABLE organizations
    ADD COLUMN ownership_verify_days integer NOT NULL DEFAULT 90 CHECK (ownership_verify_days BETWEEN 7 AND 730),
    ADD COLUMN ownership_rasci boolean NOT NULL DEFAULT false;

CREATE TABLE components (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    kind text NOT NULL CHECK (kind IN ('application', 'service', 'database', 'network', 'identity',
        'endpoint_fleet', 'vendor_service', 'infrastructure', 'storage', 'other')),
    tier integer NOT NULL CHECK (tier BETWEEN 1 AND 4),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    lifecycle text NOT NULL DEFAULT 'live' CHECK (lifecycle IN ('planned', 'live', 'retiring', 'retired')),
    runbook_url text CHECK (length(runbook_url) <= 2000),
    dashboard_url text CHECK (length(dashboard_url) <= 2000),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id)
);
CREATE UNIQUE INDEX components_org_name ON components (organization_id, lower(name));

-- component_id depends on depends_on_id. Cycles are allowed (they happen) and reported.
CREATE TABLE component_dependencies (
    organization_id uuid NOT NULL,
    component_id uuid NOT NULL,
    depends_on_id uuid NOT NULL,
    reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (component_id, depends_on_id),
    FOREIGN KEY (organization_id, component_id) REFERENCES components (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, depends_on_id) REFERENCES components (organization_id, id) ON DELETE CASCADE,
    CHECK (component_id <> depends_on_id)
);
CREATE INDEX component_dependencies_upstream ON component_dependencies (depends_on_id, component_id);

CREATE TABLE activities (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    -- the competency (by slug, so it survives new framework versions) and minimum level
    framework_id uuid,
    competency_slug text,
    min_level integer CHECK (min_level BETWEEN 1 AND 7),
    position integer NOT NULL DEFAULT 0,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, framework_id) REFERENCES frameworks (organization_id, id),
    CHECK ((framework_id IS NULL) = (competency_slug IS NULL) AND (competency_slug IS NULL) = (min_level IS NULL))
);
CREATE UNIQUE INDEX activities_org_name ON activities (organization_id, lower(name));

-- A (component, activity) row in use, with its verification state.
CREATE TABLE ownership_rows (
    organization_id uuid NOT NULL,
    component_id uuid NOT NULL,
    activity_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    confirmed_at timestamptz,
    confirmed_by uuid,
    version integer NOT NULL DEFAULT 1,
    PRIMARY KEY (component_id, activity_id),
    FOREIGN KEY (organization_id, component_id) REFERENCES components (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, activity_id) REFERENCES activities (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, confirmed_by) REFERENCES people (organization_id, id)
);
CREATE INDEX ownership_rows_org ON ownership_rows (organization_id, activity_id);

CREATE TABLE ownership_assignments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    component_id uuid NOT NULL,
    activity_id uuid NOT NULL,
    letter text NOT NULL CHECK (letter IN ('R', 'A', 'S', 'C', 'I')),
    person_id uuid,
    team_id uuid,
    FOREIGN KEY (component_id, activity_id) REFERENCES ownership_rows (component_id, activity_id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, person_id) REFERENCES people (organization_id, id),
    FOREIGN KEY (organization_id, team_id) REFERENCES teams (organization_id, id) ON DELETE CASCADE,
    CHECK ((person_id IS NULL) <> (team_id IS NULL)),
    -- the accountable one is a person, never a team
    CHECK (letter <> 'A' OR person_id IS NOT NULL)
);
-- at most one A per row (at least one is the use case's rule: a row may be mid-fix)
CREATE UNIQUE INDEX ownership_one_accountable ON ownership_assignments (component_id, activity_id) WHERE letter = 'A';
-- a person or team holds each letter of a row at most once (A and R together is common)
CREATE UNIQUE INDEX ownership_person_once ON ownership_assignments (component_id, activity_id, person_id, letter)
    WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX ownership_team_once ON ownership_assignments (component_id, activity_id, team_id, letter)
    WHERE team_id IS NOT NULL;
-- the letters of a row, of a component, or of a set of components (impact, matrix)
CREATE INDEX ownership_assignments_row ON ownership_assignments (component_id, activity_id);
CREATE INDEX ownership_assignments_person ON ownership_assignments (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX ownership_assignments_team ON ownership_assignments (team_id) WHERE team_id IS NOT NULL;
CREATE INDEX ownership_assignments_org ON ownership_assignments (organization_id, letter);

-- Everything reachable from one component through the dependency graph, breadth first,
-- each component once at its nearest depth; cycles end the walk instead of looping.
-- downstream: what depends on it (directly or not); otherwise what it depends on.
CREATE FUNCTION component_reach(start uuid, downstream boolean)
RETURNS TABLE (component_id uuid, depth integer) LANGUAGE plpgsql STABLE AS $$
DECLARE
    frontier uuid[] := ARRAY[start];
    seen uuid[] := ARRAY[start];
    next_ring uuid[];
    d integer := 0;
BEGIN
    LOOP
        d := d + 1;
        IF downstream THEN
            SELECT array_agg(DISTINCT e.component_id) INTO next_ring
              FROM component_dependencies e
             WHERE e.depends_on_id = ANY (frontier) AND e.component_id NOT IN (SELECT unnest(seen));
        ELSE
            SELECT array_agg(DISTINCT e.depends_on_id) INTO next_ring
              FROM component_dependencies e
             WHERE e.component_id = ANY (frontier) AND e.depends_on_id NOT IN (SELECT unnest(seen));
        END IF;
        EXIT WHEN next_ring IS NULL;
        RETURN QUERY SELECT u, d FROM unnest(next_ring) AS u;
        seen := seen || next_ring;
        frontier := next_ring;
    END LOOP;
END
$$;

-- The reports over the matrix (gaps, key-person risk) are read far more often than what
-- they are computed from changes. Every change that can alter them bumps the
-- organization's ownership generation, so a computed report can be reused until then.
ALTER TABLE organizations ADD COLUMN ownership_generation bigint NOT NULL DEFAULT 0;

-- Once per organization per transaction: updating the same row again for every changed
-- row of a bulk write (an import, a cycle's worth of ratings) would cost quadratic time.
CREATE FUNCTION ownership_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    org uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.organization_id ELSE NEW.organization_id END;
    flag text := 'hatrack.generation_' || replace(org::text, '-', '');
BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE organizations SET ownership_generation = ownership_generation + 1 WHERE id = org;
        PERFORM set_config(flag, txid_current()::text, true);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER components_generation AFTER INSERT OR UPDATE OR DELETE ON components
    FOR EACH ROW EXECUTE FUNCTION ownership_generation_bump();
CREATE TRIGGER activities_generation AFTER INSERT OR UPDATE OR DELETE ON activities
    FOR EACH ROW EXECUTE FUNCTION ownership_generation_bump();
CREATE TRIGGER ownership_rows_generation AFTER INSERT OR UPDATE OR DELETE ON ownership_rows
    FOR EACH ROW EXECUTE FUNCTION ownership_generation_bump();
CREATE TRIGGER ownership_assignments_generation AFTER INSERT OR UPDATE OR DELETE ON ownership_assignments
    FOR EACH ROW EXECUTE FUNCTION ownership_generation_bump();
-- who is active, who is on which team and who stands where also count
CREATE TRIGGER people_generation AFTER UPDATE OF status, name ON people
    FOR EACH ROW EXECUTE FUNCTION ownership_generation_bump();
CREATE TRIGGER team_members_generation AFTER INSERT OR DELETE ON team_members
    FOR EACH ROW EXECUTE FUNCTION ownership_generation_bump();
CREATE TRIGGER teams_generation AFTER UPDATE OF name ON teams
    FOR EACH ROW EXECUTE FUNCTION ownership_generation_bump();
CREATE TRIGGER current_ratings_generation AFTER INSERT OR UPDATE OR DELETE ON current_ratings
    FOR EACH ROW EXECUTE FUNCTION ownership_generation_bump();
