package dev.sluice.gateway.pgwire;

import java.util.List;
import java.util.Map;

/**
 * What a {@link LocalAnswers} may see of, and change in, the connection it answers: who connected, the client
 * parameters of the connection (what {@code SET}/{@code SHOW} of PostgreSQL's parameters read and write), and the
 * tables of the session's catalog.
 */
public interface PgSessionView {

    /** The user name the client gave at startup; informative only, the token decided who it is. */
    String user();

    /** The database name the client gave at startup (informative: every connection reads its session's catalog). */
    String database();

    /** The tenant whose token opened the connection. */
    String tenant();

    /**
     * The connection's client parameters by their canonical names ({@code DateStyle}, {@code application_name},
     * {@code sluice.row_kind}, ...): those sent at startup over the defaults of {@link ClientParameters}.
     */
    Map<String, String> parameters();

    /**
     * Sets a client parameter; {@code name} must be one {@link ClientParameters#canonicalName} knows, and the value
     * one it accepts. A parameter reported to clients (e.g. {@code application_name}) is sent as ParameterStatus.
     *
     * @throws PgException when the parameter is unknown or the value not accepted
     */
    void setParameter(String name, String value);

    /** The Flink catalog the session is in (a database, to PostgreSQL clients). */
    String currentCatalog();

    /** The Flink database the session is in (PostgreSQL's {@code current_schema()}). */
    String currentSchema();

    /** Every table and view of the session's current catalog it can see, temporary ones included, read now. */
    List<PgTable> tables();
}
