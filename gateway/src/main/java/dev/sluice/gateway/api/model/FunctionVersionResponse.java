package dev.sluice.gateway.api.model;

import java.time.Instant;
import javax.annotation.Nullable;

/** One version of a function. A jar is never sent back, only its digest and size; a script's source is. */
public record FunctionVersionResponse(
        int version,
        boolean current,
        SignatureBody signature,
        @Nullable String entry,
        @Nullable String source,
        String sha256,
        long size,
        Instant createdAt,
        String createdBy) {}
