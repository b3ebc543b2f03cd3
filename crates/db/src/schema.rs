// @generated automatically by Diesel CLI.

diesel::table! {
    action_items (id) {
        id -> Uuid,
        organization_id -> Uuid,
        series_id -> Uuid,
        meeting_id -> Nullable<Uuid>,
        owner_id -> Uuid,
        body -> Text,
        due_on -> Nullable<Date>,
        done_at -> Nullable<Timestamptz>,
        created_by -> Uuid,
        created_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    activities (id) {
        id -> Uuid,
        organization_id -> Uuid,
        name -> Text,
        description -> Text,
        framework_id -> Nullable<Uuid>,
        competency_slug -> Nullable<Text>,
        min_level -> Nullable<Int4>,
        position -> Int4,
        version -> Int4,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    agenda_items (id) {
        id -> Uuid,
        organization_id -> Uuid,
        series_id -> Uuid,
        author_id -> Uuid,
        body -> Text,
        added_for_meeting_id -> Nullable<Uuid>,
        covered_in_meeting_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    assessment_cycles (id) {
        id -> Uuid,
        organization_id -> Uuid,
        name -> Text,
        starts_on -> Date,
        ends_on -> Date,
        framework_version_id -> Uuid,
        status -> Text,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    assessments (id) {
        id -> Uuid,
        organization_id -> Uuid,
        cycle_id -> Uuid,
        framework_version_id -> Uuid,
        person_id -> Uuid,
        kind -> Text,
        author_id -> Uuid,
        status -> Text,
        submitted_at -> Nullable<Timestamptz>,
        amends_id -> Nullable<Uuid>,
        amend_reason -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Int8,
        organization_id -> Uuid,
        actor_id -> Nullable<Uuid>,
        action -> Text,
        object_type -> Text,
        object_id -> Text,
        request_id -> Nullable<Text>,
        at -> Timestamptz,
        before -> Nullable<Jsonb>,
        after -> Nullable<Jsonb>,
    }
}

diesel::table! {
    candidates (id) {
        id -> Uuid,
        organization_id -> Uuid,
        name -> Text,
        email -> Text,
        source -> Text,
        notes -> Text,
        consent_at -> Nullable<Timestamptz>,
        retain_until -> Nullable<Date>,
        anonymised_at -> Nullable<Timestamptz>,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    competencies (id) {
        id -> Uuid,
        organization_id -> Uuid,
        version_id -> Uuid,
        area_id -> Uuid,
        slug -> Text,
        name -> Text,
        position -> Int4,
        level_count -> Int4,
    }
}

diesel::table! {
    component_dependencies (component_id, depends_on_id) {
        organization_id -> Uuid,
        component_id -> Uuid,
        depends_on_id -> Uuid,
        reason -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    components (id) {
        id -> Uuid,
        organization_id -> Uuid,
        name -> Text,
        kind -> Text,
        tier -> Int4,
        description -> Text,
        lifecycle -> Text,
        runbook_url -> Nullable<Text>,
        dashboard_url -> Nullable<Text>,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    current_ratings (person_id, framework_id, slug) {
        organization_id -> Uuid,
        person_id -> Uuid,
        framework_id -> Uuid,
        slug -> Text,
        manager_level -> Nullable<Int4>,
        self_level -> Nullable<Int4>,
    }
}

diesel::table! {
    exercises (id) {
        id -> Uuid,
        organization_id -> Uuid,
        builtin -> Nullable<Text>,
        title -> Text,
        kind -> Text,
        brief -> Text,
        materials -> Text,
        minutes -> Int4,
        good_looks_like -> Jsonb,
        competency_slugs -> Array<Nullable<Text>>,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    feedback_amendments (id) {
        id -> Uuid,
        organization_id -> Uuid,
        entry_id -> Uuid,
        reason -> Text,
        previous_situation -> Text,
        previous_behaviour -> Text,
        previous_impact -> Text,
        previous_next_step -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    feedback_entries (id) {
        id -> Uuid,
        organization_id -> Uuid,
        author_id -> Uuid,
        recipient_id -> Uuid,
        kind -> Text,
        visibility -> Text,
        situation -> Text,
        behaviour -> Text,
        impact -> Text,
        next_step -> Text,
        competency_ids -> Array<Nullable<Uuid>>,
        request_id -> Nullable<Uuid>,
        acknowledged_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        edited_at -> Nullable<Timestamptz>,
        version -> Int4,
    }
}

diesel::table! {
    feedback_replies (id) {
        id -> Uuid,
        organization_id -> Uuid,
        entry_id -> Uuid,
        author_id -> Uuid,
        body -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    feedback_request_recipients (request_id, person_id) {
        organization_id -> Uuid,
        request_id -> Uuid,
        person_id -> Uuid,
        answered_at -> Nullable<Timestamptz>,
        declined_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    feedback_requests (id) {
        id -> Uuid,
        organization_id -> Uuid,
        requester_id -> Uuid,
        subject_id -> Uuid,
        about -> Text,
        competency_ids -> Array<Nullable<Uuid>>,
        due_on -> Nullable<Date>,
        created_at -> Timestamptz,
        closed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    framework_versions (id) {
        id -> Uuid,
        organization_id -> Uuid,
        framework_id -> Uuid,
        number -> Int4,
        status -> Text,
        document -> Jsonb,
        change_note -> Text,
        based_on -> Nullable<Uuid>,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        published_by -> Nullable<Uuid>,
        published_at -> Nullable<Timestamptz>,
        version -> Int4,
        level_count -> Nullable<Int4>,
    }
}

diesel::table! {
    frameworks (id) {
        id -> Uuid,
        organization_id -> Uuid,
        name -> Text,
        builtin -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    goal_check_in_values (check_in_id, key_result_id) {
        goal_id -> Uuid,
        check_in_id -> Uuid,
        key_result_id -> Uuid,
        value -> Float8,
    }
}

diesel::table! {
    goal_check_ins (id) {
        id -> Uuid,
        organization_id -> Uuid,
        goal_id -> Uuid,
        author_id -> Uuid,
        progress -> Int4,
        confidence -> Text,
        note -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    goal_comments (id) {
        id -> Uuid,
        organization_id -> Uuid,
        goal_id -> Uuid,
        author_id -> Uuid,
        body -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    goal_key_results (id) {
        id -> Uuid,
        organization_id -> Uuid,
        goal_id -> Uuid,
        position -> Int4,
        name -> Text,
        unit -> Text,
        start_value -> Float8,
        target_value -> Float8,
        current_value -> Float8,
    }
}

diesel::table! {
    goal_milestones (id) {
        id -> Uuid,
        organization_id -> Uuid,
        goal_id -> Uuid,
        position -> Int4,
        title -> Text,
        due_on -> Nullable<Date>,
        done_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    goals (id) {
        id -> Uuid,
        organization_id -> Uuid,
        owner_id -> Uuid,
        title -> Text,
        why -> Text,
        competency_id -> Nullable<Uuid>,
        target_level -> Nullable<Int4>,
        status -> Text,
        due_on -> Nullable<Date>,
        check_in_days -> Int4,
        created_by -> Uuid,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        closed_at -> Nullable<Timestamptz>,
        version -> Int4,
    }
}

diesel::table! {
    inbox_seen (person_id, item) {
        organization_id -> Uuid,
        person_id -> Uuid,
        item -> Text,
        seen_at -> Timestamptz,
    }
}

diesel::table! {
    interview_loops (id) {
        id -> Uuid,
        organization_id -> Uuid,
        candidate_id -> Uuid,
        plan_version_id -> Uuid,
        hiring_manager_id -> Uuid,
        code -> Text,
        debrief_opened_at -> Nullable<Timestamptz>,
        debrief_opened_by -> Nullable<Uuid>,
        debrief_reason -> Nullable<Text>,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    interview_plan_versions (id) {
        id -> Uuid,
        organization_id -> Uuid,
        plan_id -> Uuid,
        number -> Int4,
        status -> Text,
        framework_version_id -> Uuid,
        document -> Jsonb,
        change_note -> Text,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        published_by -> Nullable<Uuid>,
        published_at -> Nullable<Timestamptz>,
        version -> Int4,
    }
}

diesel::table! {
    interview_plans (id) {
        id -> Uuid,
        organization_id -> Uuid,
        role_profile_id -> Uuid,
        name -> Text,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    invitations (id) {
        id -> Uuid,
        organization_id -> Uuid,
        person_id -> Uuid,
        token_hash -> Bytea,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    login_throttle (key) {
        key -> Text,
        failures -> Int4,
        last_failure_at -> Timestamptz,
        locked_until -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    loop_decisions (id) {
        id -> Uuid,
        organization_id -> Uuid,
        loop_id -> Uuid,
        decision -> Text,
        rationale -> Text,
        decided_by -> Uuid,
        decided_at -> Timestamptz,
        supersedes_id -> Nullable<Uuid>,
        supersede_reason -> Nullable<Text>,
    }
}

diesel::table! {
    loop_interviewers (loop_stage_id, person_id) {
        organization_id -> Uuid,
        loop_id -> Uuid,
        loop_stage_id -> Uuid,
        person_id -> Uuid,
    }
}

diesel::table! {
    loop_stages (id) {
        id -> Uuid,
        organization_id -> Uuid,
        loop_id -> Uuid,
        stage_id -> Uuid,
        scheduled_at -> Nullable<Timestamptz>,
        minutes -> Int4,
        location -> Text,
    }
}

diesel::table! {
    one_on_one_meetings (id) {
        id -> Uuid,
        organization_id -> Uuid,
        series_id -> Uuid,
        held_on -> Date,
        shared_notes -> Text,
        closed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    one_on_one_private_notes (meeting_id, author_id) {
        organization_id -> Uuid,
        meeting_id -> Uuid,
        author_id -> Uuid,
        body -> Text,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    one_on_ones (id) {
        id -> Uuid,
        organization_id -> Uuid,
        kind -> Text,
        lead_id -> Uuid,
        partner_id -> Uuid,
        cadence_days -> Int4,
        created_at -> Timestamptz,
        ended_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    organizations (id) {
        id -> Uuid,
        name -> Text,
        created_at -> Timestamptz,
        ownership_verify_days -> Int4,
        ownership_rasci -> Bool,
        ownership_generation -> Int8,
        skills_generation -> Int8,
        people_generation -> Int8,
        candidate_retention_days -> Int4,
        interviews_generation -> Int8,
    }
}

diesel::table! {
    ownership_assignments (id) {
        id -> Uuid,
        organization_id -> Uuid,
        component_id -> Uuid,
        activity_id -> Uuid,
        letter -> Text,
        person_id -> Nullable<Uuid>,
        team_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    ownership_rows (component_id, activity_id) {
        organization_id -> Uuid,
        component_id -> Uuid,
        activity_id -> Uuid,
        created_at -> Timestamptz,
        confirmed_at -> Nullable<Timestamptz>,
        confirmed_by -> Nullable<Uuid>,
        version -> Int4,
    }
}

diesel::table! {
    people (id) {
        id -> Uuid,
        organization_id -> Uuid,
        email -> Text,
        name -> Text,
        job_title -> Text,
        roles -> Array<Nullable<Text>>,
        manager_id -> Nullable<Uuid>,
        status -> Text,
        password_hash -> Nullable<Text>,
        token_version -> Int4,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        role_profile_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    plan_stage_competencies (stage_id, competency_id) {
        organization_id -> Uuid,
        stage_id -> Uuid,
        framework_version_id -> Uuid,
        competency_id -> Uuid,
        position -> Int4,
    }
}

diesel::table! {
    plan_stages (id) {
        id -> Uuid,
        organization_id -> Uuid,
        plan_version_id -> Uuid,
        framework_version_id -> Uuid,
        position -> Int4,
        name -> Text,
        kind -> Text,
        blind -> Bool,
        minutes -> Int4,
    }
}

diesel::table! {
    rating_citations (id) {
        id -> Uuid,
        organization_id -> Uuid,
        assessment_id -> Uuid,
        competency_id -> Uuid,
        feedback_id -> Nullable<Uuid>,
        goal_id -> Nullable<Uuid>,
        cited_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    ratings (assessment_id, competency_id) {
        organization_id -> Uuid,
        assessment_id -> Uuid,
        framework_version_id -> Uuid,
        competency_id -> Uuid,
        level -> Int4,
        evidence -> Text,
        evidence_links -> Array<Nullable<Text>>,
    }
}

diesel::table! {
    role_expectations (role_profile_id, competency_id) {
        organization_id -> Uuid,
        role_profile_id -> Uuid,
        competency_id -> Uuid,
        level -> Int4,
    }
}

diesel::table! {
    role_profiles (id) {
        id -> Uuid,
        organization_id -> Uuid,
        framework_version_id -> Uuid,
        name -> Text,
        description -> Text,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    rubric_areas (id) {
        id -> Uuid,
        organization_id -> Uuid,
        version_id -> Uuid,
        slug -> Text,
        name -> Text,
        position -> Int4,
    }
}

diesel::table! {
    scorecard_ratings (scorecard_id, competency_id) {
        organization_id -> Uuid,
        scorecard_id -> Uuid,
        stage_id -> Uuid,
        competency_id -> Uuid,
        level -> Nullable<Int4>,
        evidence -> Text,
    }
}

diesel::table! {
    scorecards (id) {
        id -> Uuid,
        organization_id -> Uuid,
        loop_id -> Uuid,
        loop_stage_id -> Uuid,
        stage_id -> Uuid,
        interviewer_id -> Uuid,
        status -> Text,
        recommendation -> Nullable<Text>,
        notes -> Text,
        submitted_at -> Nullable<Timestamptz>,
        amends_id -> Nullable<Uuid>,
        amend_reason -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int4,
    }
}

diesel::table! {
    sessions (id) {
        id -> Uuid,
        organization_id -> Uuid,
        person_id -> Uuid,
        family_id -> Uuid,
        refresh_hash -> Bytea,
        user_agent -> Text,
        ip -> Text,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        rotated_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    team_members (team_id, person_id) {
        organization_id -> Uuid,
        team_id -> Uuid,
        person_id -> Uuid,
    }
}

diesel::table! {
    teams (id) {
        id -> Uuid,
        organization_id -> Uuid,
        name -> Text,
        description -> Text,
        lead_id -> Nullable<Uuid>,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    work_sample_files (id) {
        id -> Uuid,
        organization_id -> Uuid,
        submission_id -> Uuid,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> Int4,
        content -> Bytea,
    }
}

diesel::table! {
    work_sample_links (id) {
        id -> Uuid,
        organization_id -> Uuid,
        loop_stage_id -> Uuid,
        token_hash -> Bytea,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    work_sample_submissions (id) {
        id -> Uuid,
        organization_id -> Uuid,
        loop_stage_id -> Uuid,
        link_id -> Nullable<Uuid>,
        attached_by -> Nullable<Uuid>,
        text -> Text,
        submitted_at -> Timestamptz,
    }
}

diesel::joinable!(activities -> organizations (organization_id));
diesel::joinable!(audit_events -> organizations (organization_id));
diesel::joinable!(candidates -> organizations (organization_id));
diesel::joinable!(components -> organizations (organization_id));
diesel::joinable!(exercises -> organizations (organization_id));
diesel::joinable!(feedback_entries -> organizations (organization_id));
diesel::joinable!(feedback_requests -> organizations (organization_id));
diesel::joinable!(frameworks -> organizations (organization_id));
diesel::joinable!(goals -> organizations (organization_id));
diesel::joinable!(interview_plans -> organizations (organization_id));
diesel::joinable!(one_on_ones -> organizations (organization_id));
diesel::joinable!(people -> organizations (organization_id));
diesel::joinable!(teams -> organizations (organization_id));

diesel::allow_tables_to_appear_in_same_query!(
    action_items,
    activities,
    agenda_items,
    assessment_cycles,
    assessments,
    audit_events,
    candidates,
    competencies,
    component_dependencies,
    components,
    current_ratings,
    exercises,
    feedback_amendments,
    feedback_entries,
    feedback_replies,
    feedback_request_recipients,
    feedback_requests,
    framework_versions,
    frameworks,
    goal_check_in_values,
    goal_check_ins,
    goal_comments,
    goal_key_results,
    goal_milestones,
    goals,
    inbox_seen,
    interview_loops,
    interview_plan_versions,
    interview_plans,
    invitations,
    login_throttle,
    loop_decisions,
    loop_interviewers,
    loop_stages,
    one_on_one_meetings,
    one_on_one_private_notes,
    one_on_ones,
    organizations,
    ownership_assignments,
    ownership_rows,
    people,
    plan_stage_competencies,
    plan_stages,
    rating_citations,
    ratings,
    role_expectations,
    role_profiles,
    rubric_areas,
    scorecard_ratings,
    scorecards,
    sessions,
    team_members,
    teams,
    work_sample_files,
    work_sample_links,
    work_sample_submissions,
);
