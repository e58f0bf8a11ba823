package dev.sluice.gateway.api.model;

import java.util.List;

public record FunctionList(List<FunctionResponse> functions) {}
