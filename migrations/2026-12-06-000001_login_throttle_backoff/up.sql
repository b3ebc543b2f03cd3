-- Sign-in throttling counts by (account, address) and by address, with a pause that
-- doubles after each further failure; never by account alone, which let anyone lock a
-- colleague out by typing five wrong passwords. Failures are forgotten a window after the
-- *last* one (a growing pause would otherwise outlast a window counted from the first).
ALTER TABLE login_throttle RENAME COLUMN window_started_at TO last_failure_at;
-- Locks by account alone are of the old rule: lift them.
DELETE FROM login_throttle WHERE key LIKE 'account:%';
-- Keys are now 'pair:<address>|<email>' and 'ip:<address>'.
