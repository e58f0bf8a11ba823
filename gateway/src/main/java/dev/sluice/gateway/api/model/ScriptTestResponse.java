package dev.sluice.gateway.api.model;

import java.util.List;

/**
 * {@code POST /api/v1/scripts/{id}:test}: each saved case's outcome, as {@code statements:test} answers it; when every
 * case passed ({@code passed}), the script's last statement is recorded as tested.
 */
public record ScriptTestResponse(boolean passed, List<Case> cases) {

    /** One case: its name and its outcome. */
    public record Case(String name, StatementTestResponse result) {}
}
