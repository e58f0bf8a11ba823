SELECT /*+ STATE_TTL('clicks' = '1h') */ id, COUNT(*) FROM clicks GROUP BY id
