package dev.sluice.gateway.api.model;

import java.util.List;

/** What {@code POST /api/v1/statements} returns: the session the script ran in and each of its statements. */
public record ScriptResponse(String sessionId, List<StatementResponse> statements) {}
