package dev.sluice.gateway.api.model;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

import javax.annotation.Nullable;

import java.time.DateTimeException;
import java.time.Instant;

/**
 * {@code POST /api/v1/jobs/{id}:resume}: from {@code savepoint} (default: the latest savepoint or retained checkpoint),
 * or, for jobs reading Kafka, from the offsets at {@code startFromTimestamp} (ISO-8601) with empty state.
 */
public record ResumeRequest(
        @Nullable String savepoint,
        @Nullable Boolean ignoreUnclaimedState,
        @Nullable String startFromTimestamp) {

    public ResumeRequest {
        if (savepoint != null && savepoint.isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "savepoint",
                    "Field 'savepoint' is blank.",
                    "Give a savepoint's path, or leave the field out to resume from the latest.");
        }
        startTime(startFromTimestamp);
    }

    public boolean ignoringUnclaimedState() {
        return Boolean.TRUE.equals(ignoreUnclaimedState);
    }

    @Nullable
    public Instant startTime() {
        return startTime(startFromTimestamp);
    }

    private static Instant startTime(@Nullable String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeException e) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "startFromTimestamp",
                    "Field 'startFromTimestamp' is not an ISO-8601 instant: '" + timestamp + "'.",
                    "For example 2026-11-23T10:15:30Z.");
        }
    }
}
