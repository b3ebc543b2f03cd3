//! Who may hold a RACI letter has one definition (`PersonStatus::may_hold_ownership`) and
//! one SQL twin (`db::ownership::may_hold_ownership`) used by row writes, the matrix import
//! and the reports. PostgreSQL is asked about a person of every status: the two agree.

use db::testing::TestDb;
use diesel::connection::SimpleConnection;
use diesel::sql_types::{Bool, Text};
use diesel::{QueryableByName, RunQueryDsl};
use domain::identity::PersonStatus;

#[derive(QueryableByName)]
struct Answer {
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Bool)]
    may_hold: bool,
}

#[test]
fn the_sql_and_the_domain_agree_on_every_status() {
    let test_db = TestDb::new();
    let mut conn = db::migrate::connect_sync(&test_db.url).unwrap();
    let mut insert =
        String::from("INSERT INTO organizations (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'Org');");
    for status in PersonStatus::ALL {
        let s = status.as_str();
        insert.push_str(&format!(
            "INSERT INTO people (organization_id, email, name, status) \
             VALUES ('00000000-0000-0000-0000-000000000001', '{s}@x.org', '{s}', '{s}');"
        ));
    }
    conn.batch_execute(&insert).unwrap();
    let sql = format!(
        "SELECT p.status, {} AS may_hold FROM people p ORDER BY p.status",
        db::ownership::may_hold_ownership("p")
    );
    let answers: Vec<Answer> = diesel::sql_query(sql).load(&mut conn).unwrap();
    assert_eq!(answers.len(), PersonStatus::ALL.len());
    for a in answers {
        let status = PersonStatus::parse(&a.status).expect("a known status");
        assert_eq!(a.may_hold, status.may_hold_ownership(), "{}", a.status);
    }
    // the definition itself: only deactivated people are kept out
    assert!(PersonStatus::Invited.may_hold_ownership());
    assert!(PersonStatus::Active.may_hold_ownership());
    assert!(!PersonStatus::Deactivated.may_hold_ownership());
}
