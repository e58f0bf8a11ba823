SET 'execution.checkpointing.interval' = '10 s'
