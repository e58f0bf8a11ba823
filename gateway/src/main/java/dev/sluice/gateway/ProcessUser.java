package dev.sluice.gateway;

import com.sun.security.auth.module.UnixSystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The user the gateway's process runs as, and whether it runs in a container, for the warning a start as root gets
 * on a host: whatever gets past the gateway's checks there acts with every right on the machine.
 *
 * @param uid the process's user id
 * @param inContainer whether the process runs in a container (Docker, Podman, Kubernetes), where the image's own
 *     user and the container's limits, not this process, decide its rights on the host
 */
record ProcessUser(long uid, boolean inContainer) {

    private static final long ROOT = 0;

    /** The process's own user, on Unix; a container is known by the marks its runtime leaves. */
    static ProcessUser current() {
        Map<String, String> environment = System.getenv();
        boolean inContainer = Files.exists(Path.of("/.dockerenv"))
                || Files.exists(Path.of("/run/.containerenv"))
                || environment.containsKey("KUBERNETES_SERVICE_HOST")
                || environment.containsKey("container");
        return new ProcessUser(new UnixSystem().getUid(), inContainer);
    }

    /** The warning to log at start, if the process runs as root outside a container. */
    Optional<String> rootWarning() {
        if (uid != ROOT || inContainer) {
            return Optional.empty();
        }
        return Optional.of("Sluice runs as root (uid 0). Whatever gets past its checks would act as root on this host:"
                + " Java functions, which admins upload and which run unsandboxed inside the gateway's JVM, an escape from"
                + " the JavaScript sandbox, a file a connector is let at. Run it as an unprivileged user that owns only"
                + " its data directory (README, \"What runs with which rights\").");
    }
}
