/**
 * The connector statement tests run on ({@code 'connector' = 'sluice-test-rows'}): a bounded source of rows carried in
 * the table's options, keeping the table's watermark strategy, and a sink that collects what reaches it. It lives
 * here because the cluster's TaskManagers have this module on their class path.
 */
package dev.sluice.udf.testrows;
