//! The migration checks: every `down.sql` really reverses its `up.sql`, and the committed
//! `schema.rs` is what diesel prints for the migrated database.

use db::migrate::{MIGRATIONS, connect_sync};
use db::testing::TestDb;
use diesel::RunQueryDsl;
use diesel::migration::MigrationSource;
use diesel::pg::Pg;
use diesel::sql_types::Text;
use diesel_migrations::MigrationHarness;
use std::path::PathBuf;

#[derive(diesel::QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

/// A textual description of everything a migration can create in the database: tables,
/// columns, constraints, indexes, views, sequences, functions, triggers, types, policies,
/// grants and row-level security. Rows of diesel's own bookkeeping table are left out.
const SNAPSHOT: &str = r#"
SELECT line FROM (
  SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable
         || ' default=' || coalesce(column_default, '') AS line
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'
  UNION ALL
  SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '__diesel_schema_migrations'
  UNION ALL
  SELECT 'view ' || viewname || ' ' || definition FROM pg_views WHERE schemaname = 'public'
  UNION ALL
  SELECT 'sequence ' || sequencename FROM pg_sequences WHERE schemaname = 'public'
  UNION ALL
  SELECT 'function ' || pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
  UNION ALL
  SELECT 'type ' || t.typname || ' ' || coalesce(string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder), '')
    FROM pg_type t LEFT JOIN pg_enum e ON e.enumtypid = t.oid
    WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'c')
      AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)
    GROUP BY t.typname
  UNION ALL
  SELECT 'policy ' || tablename || ' ' || policyname || ' ' || cmd || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '')
    FROM pg_policies WHERE schemaname = 'public'
  UNION ALL
  SELECT 'grant ' || grantee || ' ' || table_name || ' ' || privilege_type
    FROM information_schema.role_table_grants WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'
  UNION ALL
  SELECT 'rls ' || relname || ' ' || relrowsecurity || ' ' || relforcerowsecurity
    FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
) everything ORDER BY line
"#;

fn snapshot(conn: &mut db::migrate::SyncConn) -> Vec<String> {
    diesel::sql_query(SNAPSHOT).load::<Line>(conn).expect("snapshot").into_iter().map(|l| l.line).collect()
}

#[test]
fn every_down_reverses_its_up() {
    let test_db = TestDb::empty();
    let mut conn = connect_sync(&test_db.url).unwrap();
    diesel::migration::MigrationConnection::setup(&mut conn).unwrap();
    let migrations = MigrationSource::<Pg>::migrations(&MIGRATIONS).unwrap();
    assert!(!migrations.is_empty());
    for migration in &migrations {
        let name = migration.name().to_string();
        let before = snapshot(&mut conn);
        conn.run_migration(migration.as_ref()).unwrap_or_else(|e| panic!("{name} up: {e}"));
        let after_up = snapshot(&mut conn);
        assert_ne!(before, after_up, "{name}: up.sql changed nothing");
        conn.revert_migration(migration.as_ref()).unwrap_or_else(|e| panic!("{name} down: {e}"));
        let after_down = snapshot(&mut conn);
        let extra: Vec<_> = after_down.iter().filter(|l| !before.contains(l)).collect();
        let missing: Vec<_> = before.iter().filter(|l| !after_down.contains(l)).collect();
        assert!(
            extra.is_empty() && missing.is_empty(),
            "{name}: down.sql does not reverse up.sql\nleft behind: {extra:#?}\nlost: {missing:#?}"
        );
        // and up again, to go on to the next migration from the real state
        conn.run_migration(migration.as_ref()).unwrap_or_else(|e| panic!("{name} up again: {e}"));
        assert_eq!(snapshot(&mut conn), after_up, "{name}: up.sql is not repeatable after down.sql");
    }
}

#[test]
fn committed_schema_rs_matches_the_migrations() {
    let test_db = TestDb::new();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let diesel = std::env::var("DIESEL_CLI").unwrap_or_else(|_| "diesel".into());
    let out = std::process::Command::new(&diesel)
        .args(["print-schema", "--database-url", &test_db.owner_url])
        .current_dir(&root)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `{diesel}` ({e}). `cargo xtask test` installs it; by hand: \
                 cargo install diesel_cli --version 2.3.14 --no-default-features --features postgres --locked"
            )
        });
    assert!(out.status.success(), "diesel print-schema failed: {}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8(out.stdout).unwrap();
    let committed = std::fs::read_to_string(root.join("crates/db/src/schema.rs")).unwrap();
    assert!(
        printed == committed,
        "crates/db/src/schema.rs is out of date; regenerate it with `diesel print-schema > crates/db/src/schema.rs` \
         (against a migrated database)\n--- printed ---\n{printed}"
    );
}
