//! The audit log is append-only for the role the server runs as, by privileges and not
//! only by its trigger: every way to change or remove audit rows fails for the app role.

use db::migrate::connect_sync;
use db::testing::TestDb;
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use diesel::sql_types::BigInt;

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn audit_rows(url: &str) -> i64 {
    let mut conn = connect_sync(url).unwrap();
    diesel::sql_query("SELECT count(*) AS n FROM audit_events").get_result::<Count>(&mut conn).unwrap().n
}

#[test]
fn the_app_role_cannot_change_or_remove_audit_rows_by_any_route() {
    let test_db = TestDb::new();
    let mut app = connect_sync(&test_db.url).unwrap();
    // What the server does: append and read.
    app.batch_execute(
        "INSERT INTO organizations (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'Org');
         INSERT INTO audit_events (organization_id, action, object_type, object_id)
           VALUES ('00000000-0000-0000-0000-000000000001', 'org.created', 'organization', '1'),
                  ('00000000-0000-0000-0000-000000000001', 'person.created', 'person', '2');",
    )
    .expect("the app role appends to the audit log");
    assert_eq!(audit_rows(&test_db.url), 2, "and reads it");

    let attempts = [
        "UPDATE audit_events SET action = 'nothing happened'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "SET session_replication_role = replica",
        "ALTER TABLE audit_events DISABLE TRIGGER ALL",
        "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete",
        "DROP TRIGGER audit_events_no_update_delete ON audit_events",
        "DROP FUNCTION audit_events_are_append_only() CASCADE",
        "DROP TABLE audit_events CASCADE",
        "ALTER TABLE audit_events RENAME TO old_audit_events",
        "CREATE RULE forget AS ON INSERT TO audit_events DO INSTEAD NOTHING",
        // A non-owner's GRANT only warns "no privileges were granted"; the DELETE after it
        // is what must fail.
        "GRANT UPDATE, DELETE ON audit_events TO CURRENT_USER; DELETE FROM audit_events",
        "SET ROLE postgres",
        "SET SESSION AUTHORIZATION postgres",
        "ALTER ROLE CURRENT_USER SUPERUSER",
        "DELETE FROM organizations",
        "CREATE TABLE public.audit_shadow (id int)",
    ];
    for sql in attempts {
        let refused = app.batch_execute(sql);
        assert!(refused.is_err(), "the app role was allowed: {sql}");
    }
    // Together, as one would try it: each step fails, so nothing changes.
    let refused =
        app.batch_execute("BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM audit_events; COMMIT;");
    assert!(refused.is_err());
    let _ = app.batch_execute("ROLLBACK");
    assert_eq!(audit_rows(&test_db.owner_url), 2, "every audit row is still there");
    assert_eq!(db::roles::audit_risks(&mut app).unwrap(), Vec::<String>::new(), "a proper app role");
}

#[test]
fn the_owner_is_named_as_a_risk_and_the_app_role_is_not_the_owner() {
    let test_db = TestDb::new();
    let mut owner = connect_sync(&test_db.owner_url).unwrap();
    let risks = db::roles::audit_risks(&mut owner).unwrap();
    assert!(risks.iter().any(|r| r.contains("owns audit_events")), "{risks:?}");
    let mut app = connect_sync(&test_db.url).unwrap();
    assert_eq!(db::roles::current_role(&mut app).unwrap(), db::testing::TEST_APP_ROLE);
}

/// Tables that a later migration adds are the app role's to use without another grant
/// (default privileges of the owner), yet it may not truncate them.
#[test]
fn tables_added_later_by_the_owner_are_reachable_by_the_app_role() {
    let test_db = TestDb::new();
    let mut owner = connect_sync(&test_db.owner_url).unwrap();
    owner.batch_execute("CREATE TABLE added_later (id bigserial PRIMARY KEY, note text)").unwrap();
    let mut app = connect_sync(&test_db.url).unwrap();
    app.batch_execute(
        "INSERT INTO added_later (note) VALUES ('a');
         UPDATE added_later SET note = 'b';
         DELETE FROM added_later;",
    )
    .expect("default privileges reach new tables and their sequences");
    assert!(app.batch_execute("TRUNCATE added_later").is_err());
    assert!(app.batch_execute("DROP TABLE added_later").is_err());
}

/// The embedded cluster ensures its app role at every start: a role that gained a special
/// right (by hand, or in an older version) is made plain again.
#[test]
fn ensuring_the_app_role_takes_special_rights_away() {
    let test_db = TestDb::new();
    let role = format!("hatrack_tmp_{}", uuid_suffix(&test_db));
    let mut admin = connect_sync(test_db.admin_url()).unwrap();
    admin.batch_execute(&format!("CREATE ROLE {role} LOGIN SUPERUSER CREATEDB")).unwrap();
    db::roles::ensure_login_role(&mut admin, &role, None).unwrap();
    #[derive(diesel::QueryableByName)]
    struct Special {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        special: bool,
    }
    let r: Special =
        diesel::sql_query(format!("SELECT rolsuper OR rolcreatedb AS special FROM pg_roles WHERE rolname = '{role}'"))
            .get_result(&mut admin)
            .unwrap();
    admin.batch_execute(&format!("DROP ROLE {role}")).unwrap();
    assert!(!r.special, "made plain again");
    db::roles::ensure_login_role(&mut admin, &role, Some("pw")).unwrap();
    admin.batch_execute(&format!("DROP ROLE {role}")).unwrap();
}

/// A short unique suffix (the test database's name is unique).
fn uuid_suffix(test_db: &TestDb) -> String {
    test_db.name().trim_start_matches("hatrack_test_").chars().take(12).collect()
}
