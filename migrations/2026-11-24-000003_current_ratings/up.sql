-- Where each person stands, kept up to date as assessments are submitted: per framework
-- and competency slug, the newest submitted manager and self level (an amended assessment
-- counts through its amendment). Views read this instead of sorting every rating each
-- time; a trigger on submission is the one place that writes it.

CREATE TABLE current_ratings (
    organization_id uuid NOT NULL,
    person_id uuid NOT NULL,
    framework_id uuid NOT NULL,
    slug text NOT NULL,
    manager_level integer,
    self_level integer,
    PRIMARY KEY (person_id, framework_id, slug),
    FOREIGN KEY (organization_id, person_id) REFERENCES people (organization_id, id)
);

CREATE FUNCTION refresh_current_ratings(p_person uuid, p_framework uuid) RETURNS void LANGUAGE sql AS $$
    DELETE FROM current_ratings WHERE person_id = p_person AND framework_id = p_framework;
    INSERT INTO current_ratings (organization_id, person_id, framework_id, slug, manager_level, self_level)
    SELECT n.organization_id, p_person, p_framework, n.slug,
           max(n.level) FILTER (WHERE n.kind = 'manager'), max(n.level) FILTER (WHERE n.kind = 'self')
      FROM (SELECT DISTINCT ON (c.slug, a.kind) a.organization_id, c.slug, a.kind, r.level
              FROM assessments a
              JOIN framework_versions v ON v.id = a.framework_version_id AND v.framework_id = p_framework
              JOIN ratings r ON r.assessment_id = a.id
              JOIN competencies c ON c.id = r.competency_id
             WHERE a.person_id = p_person AND a.status = 'submitted'
               AND NOT EXISTS (SELECT 1 FROM assessments x WHERE x.amends_id = a.id AND x.status = 'submitted')
             ORDER BY c.slug, a.kind, a.submitted_at DESC) n
     GROUP BY n.organization_id, n.slug;
$$;

CREATE FUNCTION assessments_refresh_standing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_current_ratings(NEW.person_id,
        (SELECT framework_id FROM framework_versions WHERE id = NEW.framework_version_id));
    RETURN NULL;
END
$$;
CREATE TRIGGER assessments_standing AFTER INSERT OR UPDATE OF status ON assessments
    FOR EACH ROW WHEN (NEW.status = 'submitted') EXECUTE FUNCTION assessments_refresh_standing();

-- What was submitted before this migration.
SELECT refresh_current_ratings(s.person_id, s.framework_id)
  FROM (SELECT DISTINCT a.person_id, v.framework_id FROM assessments a
          JOIN framework_versions v ON v.id = a.framework_version_id WHERE a.status = 'submitted') s;
