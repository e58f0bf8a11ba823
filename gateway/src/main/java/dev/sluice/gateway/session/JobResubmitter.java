package dev.sluice.gateway.session;

import dev.sluice.gateway.auth.TokenAuthenticator;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.pipeline.SubmittedStatement;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.track.JobSubmitter;
import dev.sluice.gateway.track.Resumption;
import dev.sluice.gateway.track.TimestampRestatement;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.catalog.UnresolvedIdentifier;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import static java.util.Objects.requireNonNull;

/**
 * Resubmits a recorded job's statement the way its owner's client would: in a session of its own, opened for the
 * owner in their tenant's catalog, through every step of the pipeline (their tenant's policy and quota included).
 * The session is closed once the job has been submitted; the job runs on.
 */
public final class JobResubmitter implements JobSubmitter {

    private final SessionService sessions;
    private final StatementPipeline pipeline;
    private final TokenAuthenticator authenticator;

    public JobResubmitter(SessionService sessions, StatementPipeline pipeline, TokenAuthenticator authenticator) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
    }

    @Override
    public void resubmit(
            Resumption resumption,
            String statement,
            Map<String, String> options,
            BiFunction<String, TimestampRestatement.TableOptions, String> rewrite) {
        sessions.runAs(authenticator.principalOfTokenId(resumption.owner()), Map.of(), session -> {
            CatalogManager catalogs = pipeline.validate(session, ScriptStatement.whole(statement))
                    .environment()
                    .getCatalogManager();
            String sql = rewrite.apply(statement, names -> tableOptions(catalogs, names));
            SubmittedStatement submitted =
                    pipeline.resubmit(session, ScriptStatement.whole(sql), Configuration.fromMap(options), resumption);
            pipeline.awaitSubmission(submitted);
            return submitted;
        });
    }

    private static Optional<Map<String, String>> tableOptions(CatalogManager catalogs, List<String> names) {
        return catalogs.getTable(catalogs.qualifyIdentifier(UnresolvedIdentifier.of(names)))
                .map(table -> (CatalogBaseTable) table.getResolvedTable())
                .filter(table -> table.getTableKind() == CatalogBaseTable.TableKind.TABLE)
                .map(CatalogBaseTable::getOptions);
    }
}
