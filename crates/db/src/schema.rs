// @generated automatically by Diesel CLI.

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
        window_started_at -> Timestamptz,
        locked_until -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    organizations (id) {
        id -> Uuid,
        name -> Text,
        created_at -> Timestamptz,
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

diesel::joinable!(audit_events -> organizations (organization_id));
diesel::joinable!(people -> organizations (organization_id));
diesel::joinable!(teams -> organizations (organization_id));

diesel::allow_tables_to_appear_in_same_query!(
    audit_events,
    invitations,
    login_throttle,
    organizations,
    people,
    sessions,
    team_members,
    teams,
);
