package dev.sluice.gateway.api.model;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

/** {@code POST /api/v1/tenants/{tenant}/storage-roots}: a directory (path or URI) the tenant may read and write under. */
public record StorageRootRequest(String path) {
    public StorageRootRequest {
        if (path == null || path.isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "path",
                    "Field 'path' is missing or blank.",
                    "Give an absolute path or URI, e.g. {\"path\": \"/srv/sluice-data/acme\"}.");
        }
    }
}
