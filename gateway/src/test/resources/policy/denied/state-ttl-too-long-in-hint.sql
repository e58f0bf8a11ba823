-- code: POLICY_STATE_TTL_TOO_LONG
-- position: 3:12
SELECT /*+ STATE_TTL('clicks' = '3d') */ id, COUNT(*) FROM clicks GROUP BY id
