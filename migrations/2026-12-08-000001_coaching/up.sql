-- Coaching and growth (issue 25): feedback in SBI form with replies and amendments,
-- feedback requests, 1:1 series with meetings, agendas, notes and action items, growth
-- goals with milestones, key results, check-ins and comments, citations of feedback and
-- goals as evidence for assessment ratings, and what a person has seen in their inbox.
--
-- What the database guarantees on its own, whatever the use cases do:
-- * nobody gives feedback to themself, and author and recipient are of one organization;
-- * an amendment keeps the text it replaced (one row per amendment, with its reason);
-- * a private note in a 1:1 belongs to one of the pair, one per meeting and person;
-- * an action item's owner is one of the 1:1's pair;
-- * a rating cites feedback or a goal of the person rated, in the same organization.
-- Who may read what (a private feedback note: its author only; a private 1:1 note: its
-- writer only, admins and HR included) is decided in service/policy.rs and in the reads
-- of db/coaching, which never return those rows to anyone else.

CREATE TABLE feedback_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    requester_id uuid NOT NULL,
    -- whom the feedback is about: the requester, or a report of theirs
    subject_id uuid NOT NULL,
    about text NOT NULL DEFAULT '' CHECK (length(about) <= 2000),
    -- competencies of a published framework version asked about (ids, checked on write)
    competency_ids uuid[] NOT NULL DEFAULT '{}',
    due_on date,
    created_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, requester_id) REFERENCES people (organization_id, id),
    FOREIGN KEY (organization_id, subject_id) REFERENCES people (organization_id, id)
);
CREATE INDEX feedback_requests_requester ON feedback_requests (organization_id, requester_id, created_at DESC);

-- Who was asked; answered by a feedback entry, or declined.
CREATE TABLE feedback_request_recipients (
    organization_id uuid NOT NULL,
    request_id uuid NOT NULL,
    person_id uuid NOT NULL,
    answered_at timestamptz,
    declined_at timestamptz,
    PRIMARY KEY (request_id, person_id),
    FOREIGN KEY (organization_id, request_id) REFERENCES feedback_requests (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, person_id) REFERENCES people (organization_id, id)
);
CREATE INDEX feedback_request_recipients_open ON feedback_request_recipients (person_id)
    WHERE answered_at IS NULL AND declined_at IS NULL;

CREATE TABLE feedback_entries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    author_id uuid NOT NULL,
    recipient_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('praise', 'constructive')),
    -- private: the author only; recipient: and the recipient; recipient_and_managers: and
    -- the people above the recipient in the reporting line
    visibility text NOT NULL CHECK (visibility IN ('private', 'recipient', 'recipient_and_managers')),
    situation text NOT NULL CHECK (length(btrim(situation)) BETWEEN 1 AND 2000),
    behaviour text NOT NULL CHECK (length(btrim(behaviour)) BETWEEN 1 AND 4000),
    impact text NOT NULL CHECK (length(btrim(impact)) BETWEEN 1 AND 4000),
    next_step text NOT NULL DEFAULT '' CHECK (length(next_step) <= 2000),
    competency_ids uuid[] NOT NULL DEFAULT '{}',
    -- the request this answers, if any
    request_id uuid,
    acknowledged_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- the last edit (within the author's 24 hours) or amendment
    edited_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    CHECK (author_id <> recipient_id),
    FOREIGN KEY (organization_id, author_id) REFERENCES people (organization_id, id),
    FOREIGN KEY (organization_id, recipient_id) REFERENCES people (organization_id, id),
    FOREIGN KEY (organization_id, request_id) REFERENCES feedback_requests (organization_id, id)
);
CREATE INDEX feedback_entries_recipient ON feedback_entries (organization_id, recipient_id, created_at DESC, id);
CREATE INDEX feedback_entries_author ON feedback_entries (organization_id, author_id, created_at DESC, id);

-- An amendment after the edit window: the text it replaced, and why.
CREATE TABLE feedback_amendments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    entry_id uuid NOT NULL,
    reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
    previous_situation text NOT NULL,
    previous_behaviour text NOT NULL,
    previous_impact text NOT NULL,
    previous_next_step text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organization_id, entry_id) REFERENCES feedback_entries (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX feedback_amendments_entry ON feedback_amendments (entry_id, created_at);

-- The recipient's replies (and the author's answers to them).
CREATE TABLE feedback_replies (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    entry_id uuid NOT NULL,
    author_id uuid NOT NULL,
    body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 4000),
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organization_id, entry_id) REFERENCES feedback_entries (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, author_id) REFERENCES people (organization_id, id)
);
CREATE INDEX feedback_replies_entry ON feedback_replies (entry_id, created_at);

-- A 1:1 series between two people: a manager and a report, or a mentor and a mentee.
CREATE TABLE one_on_ones (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    kind text NOT NULL CHECK (kind IN ('manager', 'mentoring')),
    -- the manager or mentor
    lead_id uuid NOT NULL,
    -- the report or mentee
    partner_id uuid NOT NULL,
    cadence_days integer NOT NULL CHECK (cadence_days BETWEEN 1 AND 90),
    created_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    UNIQUE (organization_id, id),
    UNIQUE (id, lead_id, partner_id),
    CHECK (lead_id <> partner_id),
    FOREIGN KEY (organization_id, lead_id) REFERENCES people (organization_id, id),
    FOREIGN KEY (organization_id, partner_id) REFERENCES people (organization_id, id)
);
CREATE UNIQUE INDEX one_on_ones_pair ON one_on_ones (organization_id, lead_id, partner_id) WHERE ended_at IS NULL;
CREATE INDEX one_on_ones_partner ON one_on_ones (organization_id, partner_id);

CREATE TABLE one_on_one_meetings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    series_id uuid NOT NULL,
    held_on date NOT NULL,
    -- notes both see
    shared_notes text NOT NULL DEFAULT '' CHECK (length(shared_notes) <= 20000),
    -- closed: held, its uncovered agenda items roll over to the next meeting
    closed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    UNIQUE (series_id, id),
    FOREIGN KEY (organization_id, series_id) REFERENCES one_on_ones (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX one_on_one_meetings_series ON one_on_one_meetings (series_id, held_on DESC);

-- An agenda item belongs to the series until a meeting covers it: it shows on every open
-- meeting from the one it was added for until then (that is how it rolls over).
CREATE TABLE agenda_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    series_id uuid NOT NULL,
    author_id uuid NOT NULL,
    body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 2000),
    added_for_meeting_id uuid,
    covered_in_meeting_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organization_id, series_id) REFERENCES one_on_ones (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (series_id, added_for_meeting_id) REFERENCES one_on_one_meetings (series_id, id),
    FOREIGN KEY (series_id, covered_in_meeting_id) REFERENCES one_on_one_meetings (series_id, id),
    FOREIGN KEY (organization_id, author_id) REFERENCES people (organization_id, id)
);
CREATE INDEX agenda_items_open ON agenda_items (series_id, created_at) WHERE covered_in_meeting_id IS NULL;

-- A participant's own note on a meeting: read by its writer only.
CREATE TABLE one_on_one_private_notes (
    organization_id uuid NOT NULL,
    meeting_id uuid NOT NULL,
    author_id uuid NOT NULL,
    body text NOT NULL CHECK (length(body) <= 20000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, author_id),
    FOREIGN KEY (organization_id, meeting_id) REFERENCES one_on_one_meetings (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, author_id) REFERENCES people (organization_id, id)
);

-- Action items carry over from meeting to meeting until done; the owner is one of the
-- pair (the trigger below).
CREATE TABLE action_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    series_id uuid NOT NULL,
    -- the meeting it was agreed in
    meeting_id uuid,
    owner_id uuid NOT NULL,
    body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 2000),
    due_on date,
    done_at timestamptz,
    created_by uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, series_id) REFERENCES one_on_ones (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (series_id, meeting_id) REFERENCES one_on_one_meetings (series_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES people (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES people (organization_id, id)
);
CREATE INDEX action_items_open ON action_items (organization_id, owner_id, due_on) WHERE done_at IS NULL;
CREATE INDEX action_items_series ON action_items (series_id, created_at);

CREATE FUNCTION action_item_owner_in_pair() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM one_on_ones s
        WHERE s.id = NEW.series_id AND NEW.owner_id IN (s.lead_id, s.partner_id)
    ) THEN
        RAISE EXCEPTION 'an action item''s owner must be one of the 1:1''s pair'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'action_item_owner_in_pair';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER action_items_owner BEFORE INSERT OR UPDATE OF owner_id, series_id ON action_items
    FOR EACH ROW EXECUTE FUNCTION action_item_owner_in_pair();

CREATE FUNCTION private_note_by_participant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM one_on_one_meetings m JOIN one_on_ones s ON s.id = m.series_id
        WHERE m.id = NEW.meeting_id AND NEW.author_id IN (s.lead_id, s.partner_id)
    ) THEN
        RAISE EXCEPTION 'a private note is written by one of the 1:1''s pair'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'private_note_by_participant';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER one_on_one_private_notes_author BEFORE INSERT OR UPDATE OF author_id, meeting_id
    ON one_on_one_private_notes FOR EACH ROW EXECUTE FUNCTION private_note_by_participant();

-- Growth goals: visible to the owner, the people above them and HR.
CREATE TABLE goals (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    owner_id uuid NOT NULL,
    title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    why text NOT NULL DEFAULT '' CHECK (length(why) <= 4000),
    -- a competency of a published framework version, and the level aimed for
    competency_id uuid,
    target_level integer CHECK (target_level BETWEEN 1 AND 7),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'achieved', 'dropped')),
    due_on date,
    -- a check-in is due this many days after the last one (or the goal's start)
    check_in_days integer NOT NULL DEFAULT 14 CHECK (check_in_days BETWEEN 1 AND 90),
    created_by uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    CHECK ((competency_id IS NULL) = (target_level IS NULL)),
    FOREIGN KEY (organization_id, owner_id) REFERENCES people (organization_id, id),
    FOREIGN KEY (organization_id, competency_id) REFERENCES competencies (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES people (organization_id, id)
);
CREATE INDEX goals_owner ON goals (organization_id, owner_id, status);

CREATE TABLE goal_milestones (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    goal_id uuid NOT NULL,
    position integer NOT NULL,
    title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    due_on date,
    done_at timestamptz,
    UNIQUE (goal_id, position),
    FOREIGN KEY (organization_id, goal_id) REFERENCES goals (organization_id, id) ON DELETE CASCADE
);

-- A measurable key result: from a start value towards a target, in a unit.
CREATE TABLE goal_key_results (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    goal_id uuid NOT NULL,
    position integer NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    unit text NOT NULL DEFAULT '' CHECK (length(unit) <= 40),
    start_value double precision NOT NULL,
    target_value double precision NOT NULL,
    current_value double precision NOT NULL,
    UNIQUE (goal_id, position),
    UNIQUE (goal_id, id),
    CHECK (start_value <> target_value),
    FOREIGN KEY (organization_id, goal_id) REFERENCES goals (organization_id, id) ON DELETE CASCADE
);

CREATE TABLE goal_check_ins (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    goal_id uuid NOT NULL,
    author_id uuid NOT NULL,
    -- how far along, as the owner sees it
    progress integer NOT NULL CHECK (progress BETWEEN 0 AND 100),
    confidence text NOT NULL CHECK (confidence IN ('low', 'medium', 'high')),
    note text NOT NULL DEFAULT '' CHECK (length(note) <= 4000),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (goal_id, id),
    FOREIGN KEY (organization_id, goal_id) REFERENCES goals (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, author_id) REFERENCES people (organization_id, id)
);
CREATE INDEX goal_check_ins_goal ON goal_check_ins (goal_id, created_at DESC);

-- The key-result values a check-in reported.
CREATE TABLE goal_check_in_values (
    goal_id uuid NOT NULL,
    check_in_id uuid NOT NULL,
    key_result_id uuid NOT NULL,
    value double precision NOT NULL,
    PRIMARY KEY (check_in_id, key_result_id),
    FOREIGN KEY (goal_id, check_in_id) REFERENCES goal_check_ins (goal_id, id) ON DELETE CASCADE,
    FOREIGN KEY (goal_id, key_result_id) REFERENCES goal_key_results (goal_id, id) ON DELETE CASCADE
);

-- A manager's (or HR's) comment on a goal.
CREATE TABLE goal_comments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    goal_id uuid NOT NULL,
    author_id uuid NOT NULL,
    body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 4000),
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organization_id, goal_id) REFERENCES goals (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, author_id) REFERENCES people (organization_id, id)
);
CREATE INDEX goal_comments_goal ON goal_comments (goal_id, created_at);

-- A rating's citations: feedback entries and achieved goals, beside its free-text
-- evidence. Exactly one of the two per row.
CREATE TABLE rating_citations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    assessment_id uuid NOT NULL,
    competency_id uuid NOT NULL,
    feedback_id uuid,
    goal_id uuid,
    cited_by uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((feedback_id IS NULL) <> (goal_id IS NULL)),
    FOREIGN KEY (assessment_id, competency_id) REFERENCES ratings (assessment_id, competency_id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, assessment_id) REFERENCES assessments (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, feedback_id) REFERENCES feedback_entries (organization_id, id),
    FOREIGN KEY (organization_id, goal_id) REFERENCES goals (organization_id, id),
    FOREIGN KEY (organization_id, cited_by) REFERENCES people (organization_id, id)
);
CREATE FUNCTION rating_citation_of_person() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rated uuid := (SELECT person_id FROM assessments WHERE id = NEW.assessment_id);
BEGIN
    IF NEW.feedback_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM feedback_entries WHERE id = NEW.feedback_id AND recipient_id = rated)
       OR NEW.goal_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM goals WHERE id = NEW.goal_id AND owner_id = rated) THEN
        RAISE EXCEPTION 'a rating cites feedback to, or a goal of, the person rated'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rating_citation_of_person';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER rating_citations_person BEFORE INSERT OR UPDATE ON rating_citations
    FOR EACH ROW EXECUTE FUNCTION rating_citation_of_person();
CREATE UNIQUE INDEX rating_citations_feedback ON rating_citations (assessment_id, competency_id, feedback_id)
    WHERE feedback_id IS NOT NULL;
CREATE UNIQUE INDEX rating_citations_goal ON rating_citations (assessment_id, competency_id, goal_id)
    WHERE goal_id IS NOT NULL;

-- What a person has seen in their inbox (an item's key, e.g. "reply:{id}"): what is
-- unread counts in the top bar. Items that ask for an act clear when it is done; this
-- only says whether they were opened.
CREATE TABLE inbox_seen (
    organization_id uuid NOT NULL,
    person_id uuid NOT NULL,
    item text NOT NULL CHECK (length(item) <= 100),
    seen_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (person_id, item),
    FOREIGN KEY (organization_id, person_id) REFERENCES people (organization_id, id) ON DELETE CASCADE
);
