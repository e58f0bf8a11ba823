package dev.sluice.gateway.api.model;

import com.fasterxml.jackson.databind.JsonNode;

import javax.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * One statement-test case saved with a script: the fields of {@code POST /api/v1/statements:test} but the SQL, which is
 * the script's. {@link ScriptRequest} checks the cases, so that a mistake is named by its place in {@code tests}.
 */
public record TestCaseBody(
        String name,
        @Nullable Map<String, List<JsonNode>> inputs,
        @Nullable Map<String, String> watermarks,
        @Nullable List<JsonNode> expected,
        @Nullable Boolean ordered,
        @Nullable Boolean changelog) {}
