//! Prometheus metrics at `/metrics`: request counts and a latency histogram per route
//! pattern (not per raw path, so ids do not explode the series), pool usage and memory.
//! Hand-written text format: a few dozen lines instead of a metrics framework.

use db::pool::PoolUsage;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

#[derive(Default)]
pub struct Metrics {
    series: Mutex<BTreeMap<(String, String), Series>>,
}

#[derive(Default)]
struct Series {
    by_status: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

impl Metrics {
    pub fn record(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        let mut all = self.series.lock().unwrap_or_else(|p| p.into_inner());
        let s = all.entry((route.to_string(), method.to_string())).or_default();
        *s.by_status.entry(status).or_default() += 1;
        s.count += 1;
        s.sum_seconds += seconds;
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            s.buckets[i] += 1;
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self, pool: PoolUsage) -> String {
        let all = self.series.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::new();
        out.push_str("# HELP hatrack_http_requests_total HTTP requests by route pattern, method and status.\n");
        out.push_str("# TYPE hatrack_http_requests_total counter\n");
        for ((route, method), s) in all.iter() {
            for (status, n) in &s.by_status {
                let _ = writeln!(
                    out,
                    "hatrack_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        out.push_str("# HELP hatrack_http_request_duration_seconds Time to answer, by route pattern and method.\n");
        out.push_str("# TYPE hatrack_http_request_duration_seconds histogram\n");
        for ((route, method), s) in all.iter() {
            let labels = format!("route=\"{}\",method=\"{method}\"", escape(route));
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(s.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "hatrack_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(out, "hatrack_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}", s.count);
            let _ = writeln!(out, "hatrack_http_request_duration_seconds_sum{{{labels}}} {}", s.sum_seconds);
            let _ = writeln!(out, "hatrack_http_request_duration_seconds_count{{{labels}}} {}", s.count);
        }
        out.push_str("# HELP hatrack_db_pool_connections Database pool connections by state.\n");
        out.push_str("# TYPE hatrack_db_pool_connections gauge\n");
        let _ = writeln!(out, "hatrack_db_pool_connections{{state=\"max\"}} {}", pool.max_size);
        let _ = writeln!(out, "hatrack_db_pool_connections{{state=\"open\"}} {}", pool.size);
        let _ = writeln!(out, "hatrack_db_pool_connections{{state=\"idle\"}} {}", pool.available);
        out.push_str("# HELP hatrack_db_statements_total SQL statements sent to PostgreSQL.\n");
        out.push_str("# TYPE hatrack_db_statements_total counter\n");
        let _ = writeln!(out, "hatrack_db_statements_total {}", db::queries::total());
        out.push_str("# HELP hatrack_db_pool_waiting Requests waiting for a database connection.\n");
        out.push_str("# TYPE hatrack_db_pool_waiting gauge\n");
        let _ = writeln!(out, "hatrack_db_pool_waiting {}", pool.waiting);
        if let Some(rss) = resident_memory_bytes() {
            out.push_str("# HELP process_resident_memory_bytes Resident memory of the server process.\n");
            out.push_str("# TYPE process_resident_memory_bytes gauge\n");
            let _ = writeln!(out, "process_resident_memory_bytes {rss}");
        }
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// VmRSS from /proc (Linux).
pub fn resident_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_and_cumulative_buckets() {
        let m = Metrics::default();
        m.record("GET", "/readyz", 200, Duration::from_micros(500));
        m.record("GET", "/readyz", 503, Duration::from_millis(30));
        let text = m.render(PoolUsage { max_size: 16, size: 2, available: 1, waiting: 0 });
        assert!(text.contains("hatrack_http_requests_total{route=\"/readyz\",method=\"GET\",status=\"200\"} 1"));
        assert!(text.contains("hatrack_http_requests_total{route=\"/readyz\",method=\"GET\",status=\"503\"} 1"));
        assert!(text.contains("_bucket{route=\"/readyz\",method=\"GET\",le=\"0.001\"} 1"));
        assert!(text.contains("_bucket{route=\"/readyz\",method=\"GET\",le=\"0.05\"} 2"));
        assert!(text.contains("_count{route=\"/readyz\",method=\"GET\"} 2"));
        assert!(text.contains("hatrack_db_pool_connections{state=\"max\"} 16"));
    }
}
