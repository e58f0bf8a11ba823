/**
 * The PostgreSQL protocol listener (frontend/backend protocol version 3): an adapter onto the session service and the
 * pipeline, as the Flink-compatible endpoint is. Statements a PostgreSQL client sends about its connection or the
 * catalog are answered here through {@link dev.sluice.gateway.pgwire.LocalAnswers}; every other statement goes
 * through the same pipeline as on the other listeners.
 */
package dev.sluice.gateway.pgwire;
