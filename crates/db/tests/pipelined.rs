//! The pipelined connection (`db::Pipelined`): reads in flight together on one connection
//! each get their own answer, and a connection that broke is replaced without failing the
//! read that found it broken.

use db::Pipelined;
use db::testing::TestDb;
use diesel::connection::SimpleConnection;
use uuid::Uuid;

const ORG: &str = "00000000-0000-0000-0000-000000000001";

fn person(i: usize) -> Uuid {
    Uuid::parse_str(&format!("00000000-0000-0000-0001-{i:012x}")).unwrap()
}

fn session(i: usize) -> Uuid {
    Uuid::parse_str(&format!("00000000-0000-0000-0002-{i:012x}")).unwrap()
}

/// Runs `sql` on a connection of its own (the blocking connection cannot run inside the
/// test's runtime, so on a thread of its own too).
fn run_sql(url: &str, sql: String) {
    let url = url.to_string();
    std::thread::spawn(move || db::migrate::connect_sync(&url).unwrap().batch_execute(&sql).unwrap()).join().unwrap();
}

/// How many connections the application has open to the test database.
fn backends(test_db: &TestDb) -> i64 {
    use diesel::RunQueryDsl;
    let (url, name) = (test_db.admin_url().to_string(), test_db.name().to_string());
    std::thread::spawn(move || {
        let sql =
            format!("(SELECT count(*) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid())");
        diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(&sql))
            .get_result::<i64>(&mut db::migrate::connect_sync(&url).unwrap())
            .unwrap()
    })
    .join()
    .unwrap()
}

/// An organization of `n` people, each signed in once.
fn people_with_sessions(test_db: &TestDb, n: usize) {
    let mut sql = format!("INSERT INTO organizations (id, name) VALUES ('{ORG}', 'Org');");
    for i in 0..n {
        let (p, s) = (person(i), session(i));
        sql.push_str(&format!(
            "INSERT INTO people (id, organization_id, email, name, status) VALUES ('{p}', '{ORG}', 'p{i}@x.org', 'Person {i}', 'active');
             INSERT INTO sessions (id, organization_id, person_id, family_id, refresh_hash, expires_at)
               VALUES ('{s}', '{ORG}', '{p}', '{s}', convert_to('{s}', 'UTF8'), now() + interval '1 day');"
        ));
    }
    run_sql(&test_db.url, sql);
}

async fn sign_in_check(pipelined: &Pipelined, pool: &db::Pool, i: usize) -> Uuid {
    let (p, s) = (person(i), session(i));
    let row = pipelined.read(pool, |conn| Box::pin(db::identity::people::actor(conn, p, s))).await.unwrap();
    row.expect("the person and session exist").id
}

#[tokio::test]
async fn reads_in_flight_together_each_get_their_own_row_on_one_connection() {
    let test_db = TestDb::new();
    people_with_sessions(&test_db, 40);
    let pool = test_db.pool();
    let pipelined = Pipelined::default();

    let reads = (0..40).map(|i| sign_in_check(&pipelined, &pool, i));
    let ids = futures_util::future::join_all(reads).await;

    assert_eq!(ids, (0..40).map(person).collect::<Vec<_>>());
    // All forty ran on the shared connection: the pool never had to open one.
    assert_eq!(pool.status().size, 0);
}

#[tokio::test]
async fn a_broken_connection_is_replaced_and_the_read_still_answers() {
    let test_db = TestDb::new();
    people_with_sessions(&test_db, 2);
    let pool = test_db.pool();
    let pipelined = Pipelined::default();
    assert_eq!(sign_in_check(&pipelined, &pool, 0).await, person(0));

    // The database ends the shared connection's backend (a restart, an administrator).
    let name = test_db.name();
    run_sql(
        test_db.admin_url(),
        format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ),
    );

    // The read that finds it broken is answered through the pool...
    assert_eq!(sign_in_check(&pipelined, &pool, 1).await, person(1));
    assert_eq!(pool.status().size, 1);
    // ...and the next one opens a new shared connection beside the pool's.
    assert_eq!(backends(&test_db), 1);
    assert_eq!(sign_in_check(&pipelined, &pool, 0).await, person(0));
    assert_eq!(backends(&test_db), 2);
}
