package dev.sluice.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/** What the wiring has started, closed in reverse order: a failed start closes what had started, a stop the rest. */
final class Started implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Started.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    <T extends AutoCloseable> T remember(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Failed to close {}", resource, e);
            }
        }
    }
}
