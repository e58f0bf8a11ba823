package dev.sluice.gateway.api.model;

/** A session: it keeps the DDL and {@code SET}s of the statements run in it. */
public record SessionResponse(String sessionId) {}
