//! Connections from the pool fail as "unavailable" (503), never as a query error (500),
//! when their backend goes away mid-statement, and a statement cannot run for ever.

use db::DbError;
use db::testing::TestDb;
use diesel::sql_types::Integer;
use diesel_async::RunQueryDsl;
use std::time::{Duration, Instant};

#[derive(diesel::QueryableByName)]
struct Pid {
    #[diesel(sql_type = Integer)]
    pid: i32,
}

#[tokio::test]
async fn a_connection_lost_mid_statement_is_unavailable() {
    let test_db = TestDb::new();
    let pool = test_db.pool();
    let mut conn = db::pool::get(&pool).await.unwrap();
    let Pid { pid } = diesel::sql_query("SELECT pg_backend_pid() AS pid").get_result(&mut conn).await.unwrap();
    // An operator (or a crash) ends the backend while it works on our statement.
    let admin = test_db.admin_url().to_string();
    let killer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        let mut c = db::migrate::connect_sync(&admin).unwrap();
        diesel::RunQueryDsl::execute(diesel::sql_query(format!("SELECT pg_terminate_backend({pid})")), &mut c).unwrap();
    });
    let err = diesel::sql_query("SELECT pg_sleep(3)").execute(&mut conn).await.map_err(DbError::from).unwrap_err();
    killer.join().unwrap();
    assert!(matches!(err, DbError::Unavailable(_)), "{err:?}");
    // The next statement on the dead connection is unavailable too, and the pool throws it away.
    let again = diesel::sql_query("SELECT 1").execute(&mut conn).await.map_err(DbError::from).unwrap_err();
    assert!(matches!(again, DbError::Unavailable(_)), "{again:?}");
    drop(conn);
    let mut fresh = db::pool::get(&pool).await.unwrap();
    diesel::sql_query("SELECT 1").execute(&mut fresh).await.expect("a new connection");
}

#[tokio::test]
async fn a_statement_is_cancelled_after_the_statement_timeout_and_the_connection_kept() {
    let test_db = TestDb::new();
    let pool = test_db.pool();
    let mut conn = db::pool::get(&pool).await.unwrap();
    let started = Instant::now();
    let sleep = format!("SELECT pg_sleep({})", db::connect::STATEMENT_TIMEOUT.as_secs() + 5);
    let err = diesel::sql_query(sleep).execute(&mut conn).await.map_err(DbError::from).unwrap_err();
    let took = started.elapsed();
    assert!(matches!(err, DbError::Unavailable(_)), "{err:?}");
    assert!(took >= db::connect::STATEMENT_TIMEOUT && took < db::connect::NO_ANSWER, "{took:?}");
    diesel::sql_query("SELECT 1").execute(&mut conn).await.expect("the same connection still works");
}

/// Start-up's blocking connection gives up on a server that takes the connection and
/// never answers (a frozen PostgreSQL looks like this listener, which accepts nothing).
#[test]
fn opening_a_blocking_connection_to_a_silent_server_gives_up() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("postgres://nobody@127.0.0.1:{}/nothing", silent.local_addr().unwrap().port());
    let started = Instant::now();
    let err = db::migrate::connect_sync_within(&url, Duration::from_millis(500)).err().expect("no connection");
    assert!(matches!(err, DbError::Unavailable(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}
