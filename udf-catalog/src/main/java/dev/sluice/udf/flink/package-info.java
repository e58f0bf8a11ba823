/** What makes catalog functions resolvable in Flink SQL: the session's view of the catalog and the catalog function Flink gets. */
package dev.sluice.udf.flink;
