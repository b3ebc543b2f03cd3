ALTER TABLE login_throttle RENAME COLUMN last_failure_at TO window_started_at;
