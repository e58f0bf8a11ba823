package dev.sluice.gateway.auth;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.store.TokenRecord;
import dev.sluice.gateway.store.TokenRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Checks the bearer tokens both listeners receive. Only a SHA-256 hash of a token is stored or compared, and no
 * token is ever logged; a token is seen in clear once, when it is created.
 */
public final class TokenAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(TokenAuthenticator.class);
    private static final String TOKEN_PREFIX = "slc_";
    private static final int TOKEN_BYTES = 32;
    /** A token an operator chooses must be at least this long (a generated one has 47 characters). */
    private static final int MIN_GIVEN_TOKEN_LENGTH = 32;

    private final TokenRepository tokens;
    private final SecureRandom random = new SecureRandom();

    public TokenAuthenticator(TokenRepository tokens) {
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    /** The principal the token belongs to; 401 when it is missing, unknown or revoked. */
    public Principal authenticate(@Nullable String token) {
        if (token == null || token.isBlank()) {
            throw new GatewayException(
                    ErrorCode.UNAUTHENTICATED,
                    "No token was presented.",
                    null,
                    null,
                    "Send 'Authorization: Bearer <token>' (Sluice API) or the session property sluice.token (Flink"
                            + " JDBC driver, SQL Client). The first admin token is in <data-dir>/admin.token.",
                    null);
        }
        TokenRecord record = tokens.findByHash(hash(token.strip()))
                .filter(found -> found.revokedAt() == null)
                .orElseThrow(() -> new GatewayException(
                        ErrorCode.UNAUTHENTICATED,
                        "The token is not valid.",
                        null,
                        null,
                        "Check the token; it may have been revoked.",
                        null));
        return principal(record);
    }

    /**
     * The principal of a token known by its id, e.g. to act later for whoever made a request; 403 when the token
     * has been revoked since, because its owner may no longer act.
     */
    public Principal principalOfTokenId(String tokenId) {
        TokenRecord record = tokens.find(tokenId)
                .orElseThrow(
                        () -> new GatewayException(ErrorCode.FORBIDDEN, "The token " + tokenId + " no longer exists."));
        if (record.revokedAt() != null) {
            throw new GatewayException(
                    ErrorCode.FORBIDDEN,
                    "The token " + record.name() + " (" + tokenId + ") was revoked.",
                    null,
                    null,
                    "Whoever holds a valid token of the tenant submits the statement again.",
                    null);
        }
        return principal(record);
    }

    /** Whether the token exists and has not been revoked: sessions it opened may still be used. */
    public boolean isActive(String tokenId) {
        return tokens.find(tokenId).filter(record -> record.revokedAt() == null).isPresent();
    }

    private static Principal principal(TokenRecord record) {
        return new Principal(record.id(), record.name(), record.tenant(), Role.valueOf(record.role()));
    }

    /** A token just made: its record, and the token itself, which is never shown again. */
    public record CreatedToken(TokenRecord record, String token) {}

    /**
     * Makes a token for an existing tenant (the caller checks the name and that the tenant exists).
     *
     * @throws dev.sluice.gateway.store.StoreException with {@code BROKEN_REFERENCE} if the tenant does not exist
     */
    public CreatedToken createToken(String tenant, String name, Role role) {
        String token = newToken();
        TokenRecord record = new TokenRecord(
                UUID.randomUUID().toString(), tenant, name, hash(token), role.name(), Instant.now(), null);
        tokens.insert(record);
        LOG.info("Created token {} ('{}', {}) of tenant '{}'", record.id(), name, role.apiName(), tenant);
        return new CreatedToken(record, token);
    }

    /** Revokes a token: it authenticates no further call. Returns the token's record, or nothing if there is none. */
    public Optional<TokenRecord> revoke(String id) {
        if (!tokens.revoke(id, Instant.now())) {
            return Optional.empty();
        }
        LOG.info("Revoked token {}", id);
        return tokens.find(id);
    }

    public List<TokenRecord> tokensOf(String tenant) {
        return tokens.listByTenant(tenant);
    }

    public Optional<TokenRecord> find(String id) {
        return tokens.find(id);
    }

    /**
     * On the first start (no token stored yet) creates an admin token and writes it to {@code file}, readable by
     * its owner only. Returns the token so it can be shown once; later starts return nothing.
     */
    public Optional<String> createFirstAdminToken(Path file) throws IOException {
        if (!tokens.isEmpty()) {
            return Optional.empty();
        }
        String token = newToken();
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        insertFirstAdmin(token);
        LOG.info("Created the first admin token and wrote it to {}", file);
        return Optional.of(token);
    }

    /**
     * On the first start (no token stored yet) makes {@code token}, which an operator chose (e.g. kept in a Kubernetes
     * Secret), the first admin token. Later starts leave the stored tokens alone, so changing it then changes nothing:
     * revoke and create tokens through the API instead. Returns whether it was stored.
     */
    public boolean useFirstAdminToken(String token) {
        if (token.length() < MIN_GIVEN_TOKEN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("The bootstrap admin token must be at least " + MIN_GIVEN_TOKEN_LENGTH
                    + " characters without spaces; it is not used.");
        }
        if (!tokens.isEmpty()) {
            return false;
        }
        insertFirstAdmin(token);
        LOG.info("Stored the given bootstrap admin token as the first admin token");
        return true;
    }

    private void insertFirstAdmin(String token) {
        tokens.insert(new TokenRecord(
                UUID.randomUUID().toString(),
                Tenants.DEFAULT,
                "admin",
                hash(token),
                Role.ADMIN.name(),
                Instant.now(),
                null));
    }

    private String newToken() {
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
