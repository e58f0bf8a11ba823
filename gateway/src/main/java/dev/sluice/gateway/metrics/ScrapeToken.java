package dev.sluice.gateway.metrics;

import javax.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The token a Prometheus server scrapes {@code GET /metrics} with, read from a secret file: it opens that route only,
 * and is compared in constant time. None configured: only admins' tokens read the metrics.
 */
public final class ScrapeToken {

    /** Shorter tokens are refused at start: a scrape token is guessable only if it is short. */
    public static final int MIN_LENGTH = 32;

    private final Optional<byte[]> token;

    private ScrapeToken(Optional<byte[]> token) {
        this.token = token;
    }

    /** No scrape token: only admins read the metrics. */
    public static ScrapeToken none() {
        return new ScrapeToken(Optional.empty());
    }

    /** @throws IllegalArgumentException if the token is shorter than {@value #MIN_LENGTH} characters */
    public static ScrapeToken of(String token, String option) {
        requireNonNull(token, "token is null");
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("The scrape token in " + option + " has " + token.length()
                    + " characters; it needs at least " + MIN_LENGTH + " (e.g. openssl rand -hex 32).");
        }
        return new ScrapeToken(Optional.of(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code presented} (a bearer token, or null) is the scrape token. */
    public boolean matches(@Nullable String presented) {
        return presented != null
                && token.isPresent()
                && MessageDigest.isEqual(token.get(), presented.getBytes(StandardCharsets.UTF_8));
    }
}
