package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

/** {@code POST /api/v1/approvals/{id}:approve} or {@code :reject}: the admin's comment (required to reject). */
public record DecisionRequest(@Nullable String comment) {}
