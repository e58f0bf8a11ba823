package dev.sluice.gateway.validate;

import dev.sluice.gateway.pipeline.StatementPipeline;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.gateway.api.session.SessionHandle;

import javax.annotation.Nullable;

import static java.util.Objects.requireNonNull;

/**
 * A scratch session and the table environment its statements are validated in. Making an environment makes a
 * planner and a parser and finds their factories on the class path, so one is kept from statement to statement and,
 * with the session, from one validation of a script to the next; it is made again after the script changed the
 * session, as one made before does not see a changed setting. Used by one validation at a time.
 */
final class ScratchSession {

    private final SessionHandle handle;
    private final PlannerThreadState plannerThreads;

    @Nullable
    private TableEnvironmentInternal environment;

    ScratchSession(SessionHandle handle, PlannerThreadState plannerThreads) {
        this.handle = requireNonNull(handle, "handle is null");
        this.plannerThreads = requireNonNull(plannerThreads, "plannerThreads is null");
    }

    SessionHandle handle() {
        return handle;
    }

    /** The environment to validate the next statement in: the kept one, unless the session changed since it was made. */
    TableEnvironmentInternal environment(StatementPipeline pipeline) {
        if (environment == null) {
            environment = pipeline.environment(handle);
        } else {
            plannerThreads.adopt();
        }
        return environment;
    }

    /** Makes the calling thread ready to plan in this session's environment, which another thread may have made. */
    void usedOnThisThread() {
        plannerThreads.adopt();
    }

    /** Notes that a statement changed the session (DDL, SET, RESET, USE), so the next statement gets a new environment. */
    void changed() {
        environment = null;
    }
}
