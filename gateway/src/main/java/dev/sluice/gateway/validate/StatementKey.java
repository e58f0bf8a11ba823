package dev.sluice.gateway.validate;

import dev.sluice.gateway.pipeline.statement.ScriptStatement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * A SHA-256 digest of everything a statement's validation depends on; equal keys mean equal findings. The
 * {@link Chain} builds them statement by statement through a script.
 */
record StatementKey(byte[] digest) {

    StatementKey {
        digest = digest.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StatementKey key && Arrays.equals(digest, key.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "StatementKey[" + java.util.HexFormat.of().formatHex(digest, 0, 8) + "]";
    }

    /**
     * The keys of one script's statements. The first key covers who validates and where: the caller's tenant and role
     * (a tenant's catalog, functions and policy are its own, and an admin sees every tenant's database, so no finding
     * is shared across either), the catalog's version (raised by any change to a table, function, policy or restore
     * point) and the session the script starts from (its settings, current database and TEMPORARY tables). Each
     * statement's key adds its exact text to the statements before it that changed the scratch session: a query after
     * the DDL it reads is validated again when that DDL changes, and not when another query between them does, nor
     * when a line typed above moves it (its findings move with it: {@link ValidationCache.Finding#at}).
     */
    static final class Chain {

        private byte[] prefix;

        private Chain(byte[] prefix) {
            this.prefix = prefix;
        }

        /**
         * @param settings the starting session's settings (sorted here, so their order does not matter)
         * @param session the starting session's current catalog and database and its TEMPORARY tables, as text
         */
        static Chain start(
                String tenant, String role, long catalogVersion, Map<String, String> settings, String session) {
            MessageDigest digest = sha256();
            update(digest, "tenant", requireNonNull(tenant, "tenant is null"));
            update(digest, "role", requireNonNull(role, "role is null"));
            update(digest, "catalog version", Long.toString(catalogVersion));
            new TreeMap<>(settings).forEach((key, value) -> update(digest, key, value));
            update(digest, "session", requireNonNull(session, "session is null"));
            return new Chain(digest.digest());
        }

        StatementKey keyOf(ScriptStatement statement) {
            MessageDigest digest = sha256();
            digest.update(prefix);
            update(digest, "statement", statement.sql());
            return new StatementKey(digest.digest());
        }

        /**
         * The state a scratch session is in at this point of the script: opened for whom, from where and at which
         * catalog version, with which changes applied. {@link WarmSessions} keeps sessions under it.
         */
        StatementKey state() {
            return new StatementKey(prefix);
        }

        /** Notes that {@code statement} changed the scratch session, so every later key depends on it. */
        void changedBy(ScriptStatement statement) {
            MessageDigest digest = sha256();
            digest.update(prefix);
            update(digest, "change", statement.sql());
            prefix = digest.digest();
        }

        /** Each part with its name and length, so no two different sequences of parts hash the same bytes. */
        private static void update(MessageDigest digest, String name, String value) {
            for (String part : new String[] {name, value}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) ':');
                digest.update(bytes);
            }
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every JVM has SHA-256", e);
            }
        }
    }
}
