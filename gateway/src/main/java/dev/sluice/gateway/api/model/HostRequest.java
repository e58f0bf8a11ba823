package dev.sluice.gateway.api.model;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

/** {@code POST /api/v1/tenants/{tenant}/hosts}: an internal host, address or network the tenant may connect to. */
public record HostRequest(String host) {
    public HostRequest {
        if (host == null || host.isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "host",
                    "Field 'host' is missing or blank.",
                    "Give a host name, an address or a CIDR network, optionally with :port, e.g. {\"host\": \"kafka.internal:9092\"}.");
        }
    }
}
