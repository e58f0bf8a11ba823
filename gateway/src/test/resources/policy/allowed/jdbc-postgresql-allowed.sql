CREATE TEMPORARY TABLE orders_db (id BIGINT) WITH (
    'connector' = 'jdbc',
    'url' = 'jdbc:postgresql://localhost:5432/shop?sslmode=disable&ApplicationName=sluice',
    'table-name' = 'orders',
    'driver' = 'org.postgresql.Driver'
)
