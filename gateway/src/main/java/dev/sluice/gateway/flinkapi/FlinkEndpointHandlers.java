package dev.sluice.gateway.flinkapi;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.io.network.netty.InboundChannelHandlerFactory;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandler;

import java.util.Map;
import java.util.Optional;

/**
 * Puts {@link OneLineErrors} into the Flink-compatible endpoint's network pipeline. Flink's REST servers find this
 * factory through the service loader, the embedded cluster's own REST endpoint included; only an endpoint whose
 * configuration sets {@link #ONE_LINE_ERRORS} (the one the gateway starts) gets the handler.
 */
public final class FlinkEndpointHandlers implements InboundChannelHandlerFactory {

    /** Set on the Flink-compatible endpoint's configuration only. */
    public static final ConfigOption<Boolean> ONE_LINE_ERRORS = ConfigOptions.key(
                    "sluice.flink-endpoint.one-line-errors")
            .booleanType()
            .defaultValue(false)
            .withDescription("Internal: whether a REST server answers errors in one line, without stack traces.");

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Optional<ChannelHandler> createHandler(Configuration configuration, Map<String, String> responseHeaders) {
        return configuration.get(ONE_LINE_ERRORS) ? Optional.of(new OneLineErrors()) : Optional.empty();
    }
}
