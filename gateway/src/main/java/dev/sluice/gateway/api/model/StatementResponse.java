package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.util.List;

/**
 * One statement of a script after it ran: a QUERY has columns and a results link; a JOB has its job; a COMMAND is
 * done.
 */
public record StatementResponse(
        String id,
        String kind,
        String status,
        @Nullable List<Column> columns,
        @Nullable String results,
        @Nullable JobResponse job) {}
