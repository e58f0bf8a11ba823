-- code: POLICY_WINDOW_TOO_LARGE
-- position: 3:1
SELECT * FROM two_hour_windows
