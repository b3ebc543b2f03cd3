//! The database's own rules, which the use cases rely on when a concurrent write slips past
//! their checks: a reporting loop is a named check violation, a duplicate email a unique one.

use db::error::classify;
use db::testing::TestDb;
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;

#[test]
fn reporting_loops_and_duplicate_emails_are_refused_with_recognisable_errors() {
    let test_db = TestDb::new();
    let mut conn = db::migrate::connect_sync(&test_db.url).unwrap();
    conn.batch_execute(
        "INSERT INTO organizations (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'Org');
         INSERT INTO people (id, organization_id, email, name) VALUES
           ('00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-000000000001', 'a@x.org', 'A'),
           ('00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-000000000001', 'b@x.org', 'B');
         UPDATE people SET manager_id = '00000000-0000-0000-0000-00000000000a' WHERE email = 'b@x.org';",
    )
    .unwrap();
    let err = diesel::sql_query(
        "UPDATE people SET manager_id = '00000000-0000-0000-0000-00000000000b' WHERE email = 'a@x.org'",
    )
    .execute(&mut conn)
    .map_err(classify)
    .expect_err("a loop is refused");
    assert!(err.is_check_violation("people_no_reporting_cycle"), "{err:?}");

    let err = diesel::sql_query(
        "INSERT INTO people (organization_id, email, name) VALUES ('00000000-0000-0000-0000-000000000001', 'a@x.org', 'Again')",
    )
    .execute(&mut conn)
    .map_err(classify)
    .expect_err("a duplicate email is refused");
    assert!(err.is_unique_violation(), "{err:?}");
}
