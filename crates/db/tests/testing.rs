//! The per-test database factory: isolated, migrated, dropped afterwards.

use db::testing::TestDb;
use diesel::RunQueryDsl;
use diesel::sql_types::BigInt;

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(url: &str, sql: &str) -> i64 {
    let mut conn = db::migrate::connect_sync(url).unwrap();
    diesel::sql_query(sql).get_result::<Count>(&mut conn).unwrap().n
}

#[test]
fn each_test_gets_its_own_migrated_database_which_is_dropped() {
    let a = TestDb::new();
    let b = TestDb::new();
    assert_ne!(a.name(), b.name());
    let mut conn = db::migrate::connect_sync(&a.url).unwrap();
    diesel::sql_query("INSERT INTO organizations (name) VALUES ('Only in A')").execute(&mut conn).unwrap();
    drop(conn);
    assert_eq!(count(&a.url, "SELECT count(*) AS n FROM organizations"), 1);
    assert_eq!(count(&b.url, "SELECT count(*) AS n FROM organizations"), 0, "isolated");
    let (admin, name) = (a.admin_url().to_string(), a.name().to_string());
    drop(a);
    assert_eq!(count(&admin, &format!("SELECT count(*) AS n FROM pg_database WHERE datname = '{name}'")), 0, "dropped");
}
