SET 'parallelism.default' = '1'
