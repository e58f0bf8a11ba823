package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.util.List;

/**
 * One statement of a script after it ran: a QUERY has columns, its key and a results link; a JOB has its job; a
 * COMMAND is done.
 *
 * @param key a query's columns that identify its rows (a later row with the same values there replaces the earlier
 *     one), from its plan: the grouping columns and window bound of an aggregation; empty when rows have no key
 */
public record StatementResponse(
        String id,
        String kind,
        String status,
        @Nullable List<Column> columns,
        @Nullable List<String> key,
        @Nullable String results,
        @Nullable JobResponse job) {}
