package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

/** {@code POST /api/v1/functions/{name}:rollback}: the version to make current again. */
public record RollbackRequest(@Nullable Integer version) {}
