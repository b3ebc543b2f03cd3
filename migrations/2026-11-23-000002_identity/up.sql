-- Identity: people, teams, sessions, invitations, login throttling, and the audit log.
-- Every table carries organization_id; foreign keys include it, so a row can never point
-- at a row of another organization.

CREATE TABLE people (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    -- stored lower-cased: unique per organization, case-insensitively
    email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    job_title text NOT NULL DEFAULT '' CHECK (length(job_title) <= 200),
    roles text[] NOT NULL DEFAULT '{member}'
        CHECK (roles <@ ARRAY['admin', 'hr', 'manager', 'member']::text[]),
    manager_id uuid,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'deactivated')),
    password_hash text,
    -- bumped on password change, deactivation and role change: older tokens stop working
    token_version integer NOT NULL DEFAULT 0,
    -- optimistic concurrency for edits
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, email),
    FOREIGN KEY (organization_id, manager_id) REFERENCES people (organization_id, id),
    CHECK (manager_id IS NULL OR manager_id <> id)
);
CREATE INDEX people_manager ON people (organization_id, manager_id);

-- Reporting lines never loop. The service checks first and explains; this is the backstop.
CREATE FUNCTION people_reporting_line_has_no_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.manager_id IS NOT NULL AND EXISTS (
        WITH RECURSIVE up (id, manager_id) AS (
            SELECT id, manager_id FROM people WHERE id = NEW.manager_id
            UNION
            SELECT p.id, p.manager_id FROM people p JOIN up ON p.id = up.manager_id
        )
        SELECT 1 FROM up WHERE id = NEW.id
    ) THEN
        RAISE EXCEPTION 'reporting cycle: % would report to one of their own reports', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'people_no_reporting_cycle';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER people_no_reporting_cycle BEFORE INSERT OR UPDATE OF manager_id ON people
    FOR EACH ROW EXECUTE FUNCTION people_reporting_line_has_no_cycle();
CREATE INDEX people_org_name ON people (organization_id, name, id);

CREATE TABLE teams (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    lead_id uuid,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, lead_id) REFERENCES people (organization_id, id)
);
CREATE UNIQUE INDEX teams_org_name ON teams (organization_id, lower(name));

CREATE TABLE team_members (
    organization_id uuid NOT NULL,
    team_id uuid NOT NULL,
    person_id uuid NOT NULL,
    PRIMARY KEY (team_id, person_id),
    FOREIGN KEY (organization_id, team_id) REFERENCES teams (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, person_id) REFERENCES people (organization_id, id)
);
CREATE INDEX team_members_person ON team_members (person_id);

-- A signed-in browser or API client. Refresh tokens are stored hashed and rotate on every
-- use; each rotation is a new row of the same family, so reuse of an old one is detected
-- and revokes the family.
CREATE TABLE sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    person_id uuid NOT NULL,
    family_id uuid NOT NULL,
    refresh_hash bytea NOT NULL UNIQUE,
    user_agent text NOT NULL DEFAULT '',
    ip text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    -- set when this refresh token was exchanged for the next one
    rotated_at timestamptz,
    revoked_at timestamptz,
    FOREIGN KEY (organization_id, person_id) REFERENCES people (organization_id, id)
);
CREATE INDEX sessions_family ON sessions (family_id);
CREATE INDEX sessions_person ON sessions (person_id) WHERE revoked_at IS NULL;

CREATE TABLE invitations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    person_id uuid NOT NULL,
    token_hash bytea NOT NULL UNIQUE,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    FOREIGN KEY (organization_id, person_id) REFERENCES people (organization_id, id)
);

-- Failed sign-ins per key ('account:<email>' or 'ip:<address>') within a window.
CREATE TABLE login_throttle (
    key text PRIMARY KEY,
    failures integer NOT NULL,
    window_started_at timestamptz NOT NULL,
    locked_until timestamptz
);

-- The audit log: append-only. The triggers below refuse UPDATE, DELETE and TRUNCATE for
-- every role, the application's included.
CREATE TABLE audit_events (
    id bigserial PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    actor_id uuid,
    action text NOT NULL,
    object_type text NOT NULL,
    object_id text NOT NULL,
    request_id text,
    at timestamptz NOT NULL DEFAULT now(),
    before jsonb,
    after jsonb
);
CREATE INDEX audit_events_org ON audit_events (organization_id, id DESC);
CREATE INDEX audit_events_object ON audit_events (organization_id, object_type, object_id);

CREATE FUNCTION audit_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_are_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_are_append_only();
