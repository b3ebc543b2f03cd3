//! Organizations of a given size for the bench: one created with `hatrack create-admin`,
//! then filled by SQL with people in a reporting tree (eight reports per manager) spread
//! over ten teams, and a finished assessment cycle in which everyone has a submitted self
//! and manager assessment of all 27 competencies of the built-in framework. A "Matrix
//! team" of 25 people (person 1 to 25) with a role profile gives the skills-matrix figure.
//! The admin is also HR, to read every profile and matrix. An ownership catalog (200
//! components in the smaller organization, 2,000 in the larger) gives the matrix, gaps,
//! key-person and impact figures. Signing in through the API
//! gives the bearer token and the cookies the load generator sends.

use crate::proc::run as sh;
use crate::tools;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

pub const PASSWORD: &str = "bench-password-2026";

pub struct BenchOrg {
    pub people: usize,
    pub bearer: String,
    pub cookie: String,
    /// Someone in the middle of the tree (a manager with reports and teams).
    pub person_id: String,
    /// The team of 25 for the skills matrix.
    pub matrix_team_id: String,
    /// Components in the ownership catalog (every one with a row for every activity).
    pub components: usize,
    /// A component with a moderate number of others depending on it, and the one every
    /// other component depends on (transitively), for the impact figures.
    pub some_component_id: String,
    pub root_component_id: String,
    pub interviews: BenchInterviews,
}

/// Components per organization: 200 for the smaller, 2,000 for the larger.
pub fn components_for(people: usize) -> usize {
    if people >= 10_000 { 2_000 } else { 200 }
}

pub fn admin_email(people: usize) -> String {
    format!("admin@bench{people}.example")
}

/// Creates the organization and its admin (the server must be stopped: the CLI starts
/// the embedded database itself).
pub fn create(server_bin: &Path, data_dir: &Path, people: usize) -> Result<(), String> {
    let mut child = Command::new(server_bin)
        .args(["create-admin", "--org", &format!("Bench {people}"), "--email", &admin_email(people)])
        .env("HATRACK_DATA_DIR", data_dir)
        .env("HATRACK_LOG", "warn")
        .env_remove("DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("create-admin: {e}"))?;
    child.stdin.take().ok_or("no stdin")?.write_all(format!("{PASSWORD}\n").as_bytes()).map_err(|e| e.to_string())?;
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() { Ok(()) } else { Err(format!("create-admin for {people} people failed")) }
}

/// Adds people (the admin counts as one) while the server runs.
pub fn fill(data_dir: &Path, people: usize) -> Result<(), String> {
    let bindir = tools::postgres_bindir().ok_or("PostgreSQL binaries not found")?;
    let socket = data_dir.join("run");
    let org = format!("(SELECT id FROM organizations WHERE name = 'Bench {people}')");
    let sql = format!(
        "INSERT INTO teams (organization_id, name, description) \
           SELECT {org}, 'Team ' || t, 'Bench team' FROM generate_series(1, 10) t; \
         INSERT INTO people (organization_id, email, name, job_title, roles, status) \
           SELECT {org}, 'person' || i || '@bench{people}.example', 'Person ' || i, 'Engineer', \
                  ARRAY['member', 'manager'], 'active' \
             FROM generate_series(1, {n}) i; \
         UPDATE people p SET manager_id = m.id FROM people m \
          WHERE p.organization_id = {org} AND m.organization_id = p.organization_id \
            AND p.email LIKE 'person%' AND m.email = 'person' || (split_part(substr(p.email, 7), '@', 1)::int / 8) || '@bench{people}.example'; \
         INSERT INTO team_members (organization_id, team_id, person_id) \
           SELECT p.organization_id, t.id, p.id FROM people p JOIN teams t \
             ON t.organization_id = p.organization_id \
            AND t.name = 'Team ' || (1 + abs(hashtext(p.email)) % 10) \
          WHERE p.organization_id = {org}; \
         UPDATE people SET roles = roles || ARRAY['hr'] WHERE organization_id = {org} AND email LIKE 'admin@%'; \
         INSERT INTO teams (organization_id, name, description) SELECT {org}, 'Matrix team', '25 people for the matrix'; \
         INSERT INTO team_members (organization_id, team_id, person_id) \
           SELECT p.organization_id, t.id, p.id FROM people p JOIN teams t \
             ON t.organization_id = p.organization_id AND t.name = 'Matrix team' \
          WHERE p.organization_id = {org} AND p.email ~ '^person([1-9]|1[0-9]|2[0-5])@'; \
         INSERT INTO role_profiles (organization_id, framework_version_id, name) \
           SELECT {org}, v.id, 'Bench engineer' FROM framework_versions v WHERE v.organization_id = {org}; \
         INSERT INTO role_expectations (organization_id, role_profile_id, competency_id, level) \
           SELECT r.organization_id, r.id, c.id, 3 FROM role_profiles r JOIN competencies c \
             ON c.version_id = r.framework_version_id WHERE r.organization_id = {org}; \
         UPDATE people SET role_profile_id = (SELECT id FROM role_profiles WHERE organization_id = {org}) \
          WHERE organization_id = {org}; \
         INSERT INTO assessment_cycles (organization_id, name, starts_on, ends_on, framework_version_id, status) \
           SELECT {org}, 'Bench cycle', '2026-03-01', '2026-03-31', v.id, 'closed' \
             FROM framework_versions v WHERE v.organization_id = {org}; \
         INSERT INTO assessments (organization_id, cycle_id, framework_version_id, person_id, kind, author_id) \
           SELECT p.organization_id, c.id, c.framework_version_id, p.id, k.kind, COALESCE(CASE WHEN k.kind = 'manager' THEN p.manager_id END, p.id) \
             FROM people p JOIN assessment_cycles c ON c.organization_id = p.organization_id \
             CROSS JOIN (VALUES ('self'), ('manager')) k(kind) WHERE p.organization_id = {org}; \
         INSERT INTO ratings (organization_id, assessment_id, framework_version_id, competency_id, level, evidence) \
           SELECT a.organization_id, a.id, a.framework_version_id, c.id, 1 + abs(hashtext(a.id::text || c.slug)) % 5, \
                  'Seen during the bench cycle: handled the work at this level without help.' \
             FROM assessments a JOIN competencies c ON c.version_id = a.framework_version_id \
            WHERE a.organization_id = {org}; \
         UPDATE assessments SET status = 'submitted', submitted_at = now() - interval '1 day' * (abs(hashtext(id::text)) % 200) \
          WHERE organization_id = {org}; \
         {ownership} \
         {interviews} \
         ANALYZE;",
        n = people - 1,
        ownership = ownership_sql(&org, people),
        interviews = interviews_sql(&org, people),
    );
    let psql = || {
        let mut cmd = Command::new(bindir.join("psql"));
        let socket = socket.to_string_lossy();
        cmd.args(["-h", &socket, "-p", "5432", "-U", "postgres", "-d", "hatrack", "-v", "ON_ERROR_STOP=1"]);
        cmd
    };
    sh(psql().args(["-qc", &sql]))?;
    // Measure a settled database, as a server that has run a while has: the rows just
    // written vacuumed (visibility map set) and their WAL checkpointed, rather than the
    // first figures paying for a checkpoint of this fill.
    sh(psql().args(["-qc", "VACUUM (ANALYZE)", "-qc", "CHECKPOINT"]))
}

/// The ownership catalog: `components_for(people)` components in stacks of 50, shaped
/// like an IT estate: "Component 1" is the foundation (think network) that the first
/// component of every stack needs; inside a stack each component needs the ones at half
/// and a third of its place, so a component low in a stack (e.g. "Component 7") has a
/// few dozen downstream and the foundation has everything. Every component has a row for
/// every activity with an A among the first 500 people and a different R, and a fixed
/// number of problems whatever the size: 10 rows without an R, 5 overdue rows, and 10
/// tier 1–2 rows one person carries alone.
fn ownership_sql(org: &str, people: usize) -> String {
    let c = components_for(people);
    let num = "split_part(x.name, ' ', 2)::int";
    let needs = |div: u8| format!("'Component ' || CASE WHEN k.j = 0 THEN 1 ELSE k.n - k.j + k.j / {div} END");
    format!(
        "INSERT INTO components (organization_id, name, kind, tier, description) \
           SELECT {org}, 'Component ' || i, 'service', 1 + i % 4, 'Bench component' FROM generate_series(1, {c}) i; \
         INSERT INTO component_dependencies (organization_id, component_id, depends_on_id, reason) \
           SELECT DISTINCT x.organization_id, x.id, y.id, 'bench' FROM components x \
             CROSS JOIN LATERAL (SELECT {num} AS n, ({num} - 1) % 50 AS j) k \
             JOIN components y ON y.organization_id = x.organization_id AND y.name IN ({half}, {third}) \
          WHERE x.organization_id = {org} AND x.id <> y.id; \
         INSERT INTO ownership_rows (organization_id, component_id, activity_id, created_at, confirmed_at) \
           SELECT c.organization_id, c.id, a.id, now() - interval '200 days', now() - interval '10 days' \
             FROM components c JOIN activities a ON a.organization_id = c.organization_id WHERE c.organization_id = {org}; \
         CREATE TEMP TABLE bench_pick AS \
           SELECT r.component_id, r.activity_id, 1 + abs(hashtext(r.component_id::text || r.activity_id::text)) % 500 AS k \
             FROM ownership_rows r WHERE r.organization_id = {org}; \
         INSERT INTO ownership_assignments (organization_id, component_id, activity_id, letter, person_id) \
           SELECT p.organization_id, b.component_id, b.activity_id, l.letter, p.id FROM bench_pick b \
             CROSS JOIN (VALUES ('A', 0), ('R', 1)) l(letter, off) \
             JOIN people p ON p.organization_id = {org} AND p.email = 'person' || (b.k + l.off) || '@bench{people}.example'; \
         INSERT INTO ownership_assignments (organization_id, component_id, activity_id, letter, team_id) \
           SELECT {org}, b.component_id, b.activity_id, CASE WHEN b.k % 2 = 0 THEN 'R' ELSE 'C' END, t.id FROM bench_pick b \
             JOIN teams t ON t.organization_id = {org} AND t.name = 'Team ' || (1 + b.k % 10); \
         DROP TABLE bench_pick; \
         DELETE FROM ownership_assignments a USING components c, activities v \
          WHERE c.id = a.component_id AND v.id = a.activity_id AND a.organization_id = {org} AND a.letter = 'R' \
            AND v.name = 'Patching' AND c.name IN (SELECT 'Component ' || i FROM generate_series(1, 10) i); \
         UPDATE ownership_rows r SET confirmed_at = NULL FROM components c, activities v \
          WHERE c.id = r.component_id AND v.id = r.activity_id AND r.organization_id = {org} \
            AND v.name = 'Monitoring' AND c.name IN (SELECT 'Component ' || i FROM generate_series(11, 15) i); \
         DELETE FROM ownership_assignments a USING components c, activities v \
          WHERE c.id = a.component_id AND v.id = a.activity_id AND a.organization_id = {org} AND a.letter IN ('A', 'R') \
            AND v.name = 'Incident response' AND c.name IN (SELECT 'Component ' || i FROM generate_series(16, 35) i WHERE i % 4 < 2); \
         INSERT INTO ownership_assignments (organization_id, component_id, activity_id, letter, person_id) \
           SELECT c.organization_id, c.id, v.id, l.letter, p.id FROM components c \
             JOIN activities v ON v.organization_id = c.organization_id AND v.name = 'Incident response' \
             JOIN people p ON p.organization_id = c.organization_id AND p.email = 'person3@bench{people}.example' \
             CROSS JOIN (VALUES ('A'), ('R')) l(letter) \
            WHERE c.organization_id = {org} AND c.name IN (SELECT 'Component ' || i FROM generate_series(16, 35) i WHERE i % 4 < 2);",
        half = needs(2),
        third = needs(3),
    )
}

/// Loops where the scorecard-save figure writes, one load generator each.
pub const SAVE_LOOPS: usize = 8;

/// Interview loops per organization: 200 for the smaller, 2,000 for the larger.
pub fn loops_for(people: usize) -> usize {
    if people >= 10_000 { 2_000 } else { 200 }
}

/// Interviews: a published plan "Bench plan" with one panel stage rating the first eight
/// competencies of the framework, and `loops_for(people)` loops, each with a panel of six
/// of the first sixty people, every scorecard submitted (over the last two years, so the
/// leniency trend has quarters) with a level and evidence for all eight: a candidate's
/// "true" level per competency, a lenient third of the interviewers one level up, and a
/// little noise. [`SAVE_LOOPS`] more loops, "BENCH-SAVE-1" and on, have the admin on
/// their panel with no scorecard yet: the scorecard-save figure writes the admin's drafts
/// there, one load generator per loop (as interviewers save their own scorecards at once;
/// pgbench's TPC-B-like baseline likewise spreads its writes over branches and accounts).
fn interviews_sql(org: &str, people: usize) -> String {
    let loops = loops_for(people);
    let person = |expr: &str| format!("'person' || ({expr}) || '@bench{people}.example'");
    let panelist = person("1 + (l.n * 7 + j * 10) % 60");
    format!(
        "INSERT INTO interview_plans (organization_id, role_profile_id, name) \
           SELECT {org}, r.id, 'Bench plan' FROM role_profiles r WHERE r.organization_id = {org}; \
         CREATE TEMP TABLE bench_comp AS \
           SELECT c.id, c.slug, c.version_id, (row_number() OVER (ORDER BY c.position) - 1)::int AS pos \
             FROM competencies c JOIN role_profiles r ON r.framework_version_id = c.version_id \
            WHERE r.organization_id = {org} ORDER BY c.position LIMIT 8; \
         INSERT INTO interview_plan_versions (organization_id, plan_id, number, status, framework_version_id, document, published_at) \
           SELECT {org}, p.id, 1, 'published', (SELECT version_id FROM bench_comp LIMIT 1), \
                  jsonb_build_object('stages', jsonb_build_array(jsonb_build_object('name', 'Panel', 'kind', 'panel', \
                    'blind', false, 'minutes', 60, 'items', jsonb_build_array(jsonb_build_object('text', 'Walk us through an outage you led.')), \
                    'competencies', (SELECT jsonb_agg(jsonb_build_object('competency', slug, 'notes', '') ORDER BY pos) FROM bench_comp)))), \
                  now() - interval '800 days' \
             FROM interview_plans p WHERE p.organization_id = {org}; \
         INSERT INTO plan_stages (organization_id, plan_version_id, framework_version_id, position, name, kind, minutes) \
           SELECT {org}, v.id, v.framework_version_id, 0, 'Panel', 'panel', 60 \
             FROM interview_plan_versions v WHERE v.organization_id = {org}; \
         INSERT INTO plan_stage_competencies (organization_id, stage_id, framework_version_id, competency_id, position) \
           SELECT {org}, s.id, s.framework_version_id, c.id, c.pos FROM plan_stages s CROSS JOIN bench_comp c \
            WHERE s.organization_id = {org}; \
         INSERT INTO candidates (organization_id, name, email, source, consent_at, retain_until) \
           SELECT {org}, 'Candidate ' || n, 'candidate' || n || '@example.org', 'Bench', now(), current_date + 180 \
             FROM generate_series(0, {loops} + {SAVE_LOOPS} - 1) n; \
         INSERT INTO interview_loops (organization_id, candidate_id, plan_version_id, hiring_manager_id, code, created_at) \
           SELECT {org}, c.id, v.id, (SELECT id FROM people WHERE email = {manager}), \
                  CASE WHEN substr(split_part(c.email, '@', 1), 10)::int >= {loops} \
                       THEN 'BENCH-SAVE-' || (substr(split_part(c.email, '@', 1), 10)::int - {loops} + 1) \
                       ELSE 'B' || lpad(substr(split_part(c.email, '@', 1), 10), 6, '0') END, now() - interval '800 days' \
             FROM candidates c CROSS JOIN interview_plan_versions v \
            WHERE c.organization_id = {org} AND v.organization_id = {org}; \
         CREATE TEMP TABLE bench_loop AS \
           SELECT l.id, s.id AS stage_id, CASE WHEN l.code LIKE 'BENCH-SAVE-%' THEN -1 ELSE substr(l.code, 2)::int END AS n \
             FROM interview_loops l JOIN plan_stages s ON s.plan_version_id = l.plan_version_id WHERE l.organization_id = {org}; \
         INSERT INTO loop_stages (organization_id, loop_id, stage_id, scheduled_at, minutes) \
           SELECT {org}, l.id, l.stage_id, now() - interval '1 day' * (abs(l.n) % 730), 60 FROM bench_loop l; \
         INSERT INTO loop_interviewers (organization_id, loop_id, loop_stage_id, person_id) \
           SELECT {org}, l.id, ls.id, p.id FROM bench_loop l JOIN loop_stages ls ON ls.loop_id = l.id \
             CROSS JOIN generate_series(0, 5) j \
             JOIN people p ON p.organization_id = {org} \
              AND p.email = CASE WHEN l.n < 0 AND j = 0 THEN '{admin}' ELSE {panelist} END; \
         INSERT INTO scorecards (organization_id, loop_id, loop_stage_id, stage_id, interviewer_id, recommendation, notes) \
           SELECT {org}, i.loop_id, i.loop_stage_id, ls.stage_id, i.person_id, \
                  (ARRAY['strong_no', 'no', 'yes', 'strong_yes'])[1 + abs(hashtext(i.loop_id::text || i.person_id::text)) % 4], \
                  'Bench scorecard.' \
             FROM loop_interviewers i JOIN loop_stages ls ON ls.id = i.loop_stage_id \
             JOIN bench_loop l ON l.id = i.loop_id WHERE l.n >= 0; \
         INSERT INTO scorecard_ratings (organization_id, scorecard_id, stage_id, competency_id, level, evidence) \
           SELECT {org}, s.id, s.stage_id, c.id, \
                  greatest(1, least(5, 1 + abs(hashtext(s.loop_id::text || c.slug)) % 5 \
                    + CASE WHEN abs(hashtext(s.interviewer_id::text)) % 3 = 0 THEN 1 ELSE 0 END \
                    + CASE abs(hashtext(s.id::text || c.slug)) % 5 WHEN 0 THEN -1 WHEN 1 THEN 1 ELSE 0 END)), \
                  'Seen in the bench panel: explained the trade-offs and what they would check next.' \
             FROM scorecards s JOIN bench_comp c ON true WHERE s.organization_id = {org}; \
         UPDATE scorecards s SET status = 'submitted', submitted_at = now() - interval '1 day' * (l.n % 730) \
           FROM bench_loop l WHERE l.id = s.loop_id AND s.organization_id = {org}; \
         DROP TABLE bench_comp, bench_loop;",
        manager = person("2"),
        admin = admin_email(people),
    )
}

/// The interview figures' loops: one whose debrief is open (every scorecard in), and the
/// admin's scorecard saves on "BENCH-SAVE-n": each loop's id and the JSON body of its PUT.
pub struct BenchInterviews {
    pub loops: usize,
    pub debrief_loop_id: String,
    pub saves: Vec<(String, String)>,
}

pub fn interviews(data_dir: &Path, people: usize) -> Result<BenchInterviews, String> {
    let bindir = tools::postgres_bindir().ok_or("PostgreSQL binaries not found")?;
    let socket = data_dir.join("run");
    let org = format!("(SELECT id FROM organizations WHERE name = 'Bench {people}')");
    let psql = |sql: &str| {
        crate::proc::output(Command::new(bindir.join("psql")).args([
            "-h",
            &socket.to_string_lossy(),
            "-p",
            "5432",
            "-U",
            "postgres",
            "-d",
            "hatrack",
            "-AtF",
            "|",
            "-c",
            sql,
        ]))
    };
    let debrief = psql(&format!("SELECT id FROM interview_loops WHERE organization_id = {org} AND code = 'B000001'"))?;
    let saves = psql(&format!(
        "SELECT l.id, ls.id, (SELECT string_agg(c.slug, ',' ORDER BY sc.position) FROM plan_stage_competencies sc \
                  JOIN competencies c ON c.id = sc.competency_id WHERE sc.stage_id = ls.stage_id) \
           FROM interview_loops l JOIN loop_stages ls ON ls.loop_id = l.id \
          WHERE l.organization_id = {org} AND l.code LIKE 'BENCH-SAVE-%' ORDER BY l.code"
    ))?;
    let mut out = Vec::new();
    for line in saves.lines().filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.trim().split('|').collect();
        let [save_loop, save_stage, slugs] = fields[..] else {
            return Err(format!("bench interviews of {people} people: unreadable {line}"));
        };
        let ratings: Vec<serde_json::Value> = slugs
            .split(',')
            .enumerate()
            .map(|(i, slug)| {
                serde_json::json!({"competency": slug, "level": 1 + i % 4,
                    "evidence": "Talked through the rollback and who they would call first."})
            })
            .collect();
        let body = serde_json::json!({"stage_id": save_stage, "ratings": ratings, "recommendation": "yes",
            "notes": "Draft saved by the bench.", "submit": false});
        out.push((save_loop.to_string(), body.to_string()));
    }
    if debrief.trim().is_empty() || out.len() != SAVE_LOOPS {
        return Err(format!("bench interviews of {people} people not found ({} save loops)", out.len()));
    }
    Ok(BenchInterviews { loops: loops_for(people), debrief_loop_id: debrief.trim().to_string(), saves: out })
}

/// Signs in as the organization's admin and picks the person the per-person figures use.
pub fn sign_in(port: u16, people: usize, interviews: BenchInterviews) -> Result<BenchOrg, String> {
    let body = format!(r#"{{"email": "{}", "password": "{PASSWORD}"}}"#, admin_email(people));
    let (status, headers, text) = http(port, "POST", "/api/v1/auth/login", &[], Some(&body))?;
    if status != 200 {
        return Err(format!("bench sign-in: {status} {text}"));
    }
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let bearer = json["access_token"].as_str().ok_or("no access_token")?.to_string();
    let cookie = headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ");
    let auth = format!("Bearer {bearer}");
    let (_, _, found) = http(port, "GET", "/api/v1/people?q=person3%40", &[("authorization", &auth)], None)?;
    let found: serde_json::Value = serde_json::from_str(&found).map_err(|e| e.to_string())?;
    let person_id = found["items"][0]["id"].as_str().ok_or(format!("no person 3: {found}"))?.to_string();
    let (_, _, teams) = http(port, "GET", "/api/v1/teams", &[("authorization", &auth)], None)?;
    let teams: serde_json::Value = serde_json::from_str(&teams).map_err(|e| e.to_string())?;
    let matrix_team_id = teams
        .as_array()
        .and_then(|t| t.iter().find(|t| t["name"] == "Matrix team"))
        .and_then(|t| t["id"].as_str())
        .ok_or(format!("no matrix team: {teams}"))?
        .to_string();
    let component = |name: &str| -> Result<String, String> {
        let path = format!("/api/v1/components?per_page=500&q={}", name.replace(' ', "%20"));
        let (_, _, found) = http(port, "GET", &path, &[("authorization", &auth)], None)?;
        let found: serde_json::Value = serde_json::from_str(&found).map_err(|e| e.to_string())?;
        found["items"]
            .as_array()
            .and_then(|items| items.iter().find(|c| c["name"] == name))
            .and_then(|c| c["id"].as_str())
            .map(str::to_string)
            .ok_or(format!("no {name}: {found}"))
    };
    let some_component_id = component("Component 7")?;
    let root_component_id = component("Component 1")?;
    let components = components_for(people);
    Ok(BenchOrg {
        people,
        bearer,
        cookie,
        person_id,
        matrix_team_id,
        components,
        some_component_id,
        root_component_id,
        interviews,
    })
}

type Headers = Vec<(String, String)>;

/// A minimal HTTP/1.0 request: (status, headers, body).
fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Result<(u16, Headers, String), String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| e.to_string())?;
    let mut req = format!("{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        req.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", b.len()));
    }
    req.push_str("\r\n");
    req.push_str(body.unwrap_or(""));
    stream.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    let mut response = String::new();
    stream.read_to_string(&mut response).map_err(|e| e.to_string())?;
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)?.parse().ok()).ok_or("no status line")?;
    let headers =
        lines.filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))).collect();
    Ok((status, headers, body.to_string()))
}
