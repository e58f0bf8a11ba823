SET 'restart-strategy.type' = 'fixed-delay'
