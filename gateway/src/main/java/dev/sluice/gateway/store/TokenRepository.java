package dev.sluice.gateway.store;

import javax.sql.DataSource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The API tokens, looked up by the hash of the token a caller presents. */
public final class TokenRepository {

    private static final String COLUMNS = "id, tenant, name, token_hash, role, created_at, revoked_at";

    private final Jdbc jdbc;

    public TokenRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
    }

    /**
     * Throws {@link StoreException.Reason#ALREADY_EXISTS} if the id or the hash is taken, and
     * {@link StoreException.Reason#BROKEN_REFERENCE} if the tenant does not exist.
     */
    public void insert(TokenRecord token) {
        requireNonNull(token, "token is null");
        // A new token is never revoked, and binding a null timestamp is not portable: the column is left out.
        jdbc.update(
                "insert token '" + token.id() + "'",
                "INSERT INTO api_token (id, tenant, name, token_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                token.id(),
                token.tenant(),
                token.name(),
                token.tokenHash(),
                token.role(),
                token.createdAt());
    }

    /** The token with this hash, revoked or not. */
    public Optional<TokenRecord> findByHash(String tokenHash) {
        requireNonNull(tokenHash, "tokenHash is null");
        return jdbc.queryFirst(
                "look up a token",
                "SELECT " + COLUMNS + " FROM api_token WHERE token_hash = ?",
                TokenRepository::token,
                tokenHash);
    }

    public Optional<TokenRecord> find(String id) {
        requireNonNull(id, "id is null");
        return jdbc.queryFirst(
                "read token '" + id + "'",
                "SELECT " + COLUMNS + " FROM api_token WHERE id = ?",
                TokenRepository::token,
                id);
    }

    /** The tenant's tokens, revoked ones too, oldest first. */
    public List<TokenRecord> listByTenant(String tenant) {
        requireNonNull(tenant, "tenant is null");
        return jdbc.query(
                "list the tokens of tenant '" + tenant + "'",
                "SELECT " + COLUMNS + " FROM api_token WHERE tenant = ? ORDER BY created_at, id",
                TokenRepository::token,
                tenant);
    }

    /**
     * Marks the token revoked at {@code at}; revoking a revoked token keeps its first revocation time.
     *
     * @return {@code false} if there is no such token
     */
    public boolean revoke(String id, Instant at) {
        requireNonNull(id, "id is null");
        requireNonNull(at, "at is null");
        String action = "revoke token '" + id + "'";
        jdbc.update(action, "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id);
        return find(id).isPresent();
    }

    public boolean isEmpty() {
        return jdbc.queryFirst("count tokens", "SELECT COUNT(*) AS n FROM api_token", row -> row.getLong("n"))
                        .orElse(0L)
                == 0;
    }

    private static TokenRecord token(ResultSet row) throws SQLException {
        return new TokenRecord(
                row.getString("id"),
                row.getString("tenant"),
                row.getString("name"),
                row.getString("token_hash"),
                row.getString("role"),
                Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "revoked_at"));
    }
}
