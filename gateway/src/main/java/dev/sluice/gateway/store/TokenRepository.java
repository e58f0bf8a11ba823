package dev.sluice.gateway.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The API tokens, looked up by the hash of the token a caller presents. */
public final class TokenRepository {

    private static final String COLUMNS = "id, name, token_hash, role, created_at, revoked_at";

    private final Jdbc jdbc;

    public TokenRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
    }

    /** Throws {@link StoreException.Reason#ALREADY_EXISTS} if the id or the hash is taken. */
    public void insert(TokenRecord token) {
        requireNonNull(token, "token is null");
        jdbc.update(
                "insert token '" + token.id() + "'",
                "INSERT INTO api_token (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                token.id(),
                token.name(),
                token.tokenHash(),
                token.role(),
                token.createdAt(),
                token.revokedAt());
    }

    /** The token with this hash, revoked or not. */
    public Optional<TokenRecord> findByHash(String tokenHash) {
        requireNonNull(tokenHash, "tokenHash is null");
        return jdbc.queryFirst(
                "look up a token", "SELECT " + COLUMNS + " FROM api_token WHERE token_hash = ?", TokenRepository::token, tokenHash);
    }

    /** The token with this id, revoked or not. */
    public Optional<TokenRecord> findById(String id) {
        requireNonNull(id, "id is null");
        return jdbc.queryFirst(
                "look up token '" + id + "'", "SELECT " + COLUMNS + " FROM api_token WHERE id = ?", TokenRepository::token, id);
    }

    public boolean isEmpty() {
        return jdbc.queryFirst("count tokens", "SELECT COUNT(*) AS n FROM api_token", row -> row.getLong("n"))
                .orElse(0L) == 0;
    }

    private static TokenRecord token(ResultSet row) throws SQLException {
        return new TokenRecord(
                row.getString("id"),
                row.getString("name"),
                row.getString("token_hash"),
                row.getString("role"),
                Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "revoked_at"));
    }
}
