package dev.sluice.gateway.api.model;

import java.util.List;

public record FunctionVersionList(String name, List<FunctionVersionResponse> versions) {}
