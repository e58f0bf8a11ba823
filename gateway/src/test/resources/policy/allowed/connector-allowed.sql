CREATE TEMPORARY TABLE discarded (id BIGINT) WITH ('connector' = 'blackhole')
