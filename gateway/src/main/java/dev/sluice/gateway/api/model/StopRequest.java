package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

/**
 * {@code POST /api/v1/jobs/{id}:stop}: with {@code savepoint} true, stop with a savepoint to resume from later;
 * otherwise cancel. {@code drain} fires every window and timer before the savepoint, for a final stop.
 */
public record StopRequest(
        @Nullable Boolean savepoint, @Nullable Boolean drain) {

    public boolean withSavepoint() {
        return Boolean.TRUE.equals(savepoint);
    }

    public boolean draining() {
        return Boolean.TRUE.equals(drain);
    }
}
