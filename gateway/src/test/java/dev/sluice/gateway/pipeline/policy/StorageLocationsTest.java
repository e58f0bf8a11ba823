package dev.sluice.gateway.pipeline.policy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A path is judged in every form a job may open it in, against locations that stay protected inside any storage root.
 * Real directories and links under a temporary directory.
 */
class StorageLocationsTest {

    @TempDir
    Path root;

    private Path data;
    private Path granted;
    private StorageLocations storage;
    private TenantRules tenant;

    @BeforeEach
    void aDataDirectoryBesideAGrantedRoot() throws Exception {
        data = Files.createDirectories(root.resolve("data"));
        Files.writeString(data.resolve("admin.token"), "secret");
        granted = Files.createDirectories(root.resolve("granted"));
        storage = StorageLocations.builder()
                .protect("the admin token file", data.resolve("admin.token").toString())
                .protect("the data directory", data.toString())
                .protect("the checkpoint directory", "s3://state/checkpoints")
                .build();
        tenant = tenantWithRoots(granted.toString(), "s3://state");
    }

    private TenantRules tenantWithRoots(String... roots) {
        Policy policy = new Policy(null, List.of(roots), null, null, null, null, null, null, null, null, null);
        return new TenantRules(
                "acme",
                policy,
                storage,
                name -> List.of(),
                new SettingAllowlist(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        new SettingAllowlist.RestartBounds(10, Duration.ofHours(1), false)));
    }

    @Test
    void aPathUnderTheRootIsAllowedInEachSpelling() {
        assertThat(tenant.pathProblem(granted.resolve("in/a.csv").toString())).isEmpty();
        assertThat(tenant.pathProblem(granted.toUri().toString())).isEmpty();
        assertThat(tenant.pathProblem("file://localhost" + granted.resolve("x")))
                .isEmpty();
        assertThat(tenant.pathProblem(granted + "/out/../in")).isEmpty();
        assertThat(tenant.pathProblem("s3://state/acme/in")).isEmpty();
    }

    @Test
    void aPathOutsideTheRootsOrAboveItsRootIsRefused() {
        assertThat(tenant.pathProblem("/etc/passwd"))
                .get()
                .extracting(TenantRules.PathProblem::reason)
                .asString()
                .contains("not under a storage root");
        assertThat(tenant.pathProblem(granted + "/../../etc"))
                .get()
                .extracting(TenantRules.PathProblem::reason)
                .asString()
                .contains("not under a storage root");
        assertThat(tenant.pathProblem("relative/x"))
                .get()
                .extracting(TenantRules.PathProblem::reason)
                .asString()
                .contains("not an absolute path");
        assertThat(tenant.pathProblem("/../etc/passwd"))
                .get()
                .extracting(TenantRules.PathProblem::reason)
                .asString()
                .contains("not an absolute path");
    }

    @Test
    void percentEncodingIsJudgedDecodedToo() {
        assertThat(tenant.pathProblem(granted.toUri() + "/%2e%2e/data/admin.token"))
                .isPresent();
        assertThat(tenant.pathProblem(granted + "/%2E%2E%2F%2E%2E/etc")).isPresent();
        assertThat(tenant.pathProblem(granted + "/a%20b")).isEmpty();
    }

    @Test
    void protectedLocationsStayOutOfReachInsideARoot() {
        TenantRules everything = tenantWithRoots(root.toString());

        assertThat(everything.pathProblem(data.resolve("admin.token").toString()))
                .get()
                .extracting(TenantRules.PathProblem::reason)
                .asString()
                .contains("the admin token file");
        assertThat(everything.pathProblem(data.resolve("metadata.mv.db").toString()))
                .get()
                .extracting(TenantRules.PathProblem::reason)
                .asString()
                .contains("the data directory");
        // A directory holding one is read recursively, and overwritten whole.
        assertThat(everything.pathProblem(root.toString()))
                .get()
                .extracting(TenantRules.PathProblem::reason)
                .asString()
                .contains("the data directory");
        assertThat(tenantWithRoots("s3://state").pathProblem("s3://state"))
                .get()
                .extracting(TenantRules.PathProblem::reason)
                .asString()
                .contains("the checkpoint directory");
        assertThat(tenantWithRoots("s3://state").pathProblem("S3://STATE/checkpoints/job/chk-1"))
                .isPresent();
        assertThat(everything.pathProblem(granted.toString())).isEmpty();
    }

    @Test
    void linksAreFollowedOutOfTheRoot() throws Exception {
        Files.createSymbolicLink(granted.resolve("link"), data);
        Files.createSymbolicLink(granted.resolve("etc"), Path.of("/etc"));
        // A dangling link: a sink writing to it would create its target.
        Files.createSymbolicLink(granted.resolve("dangling"), root.resolve("elsewhere/new"));

        assertThat(tenant.pathProblem(granted.resolve("link/admin.token").toString()))
                .get()
                .extracting(TenantRules.PathProblem::reason)
                .asString()
                .contains("the admin token file");
        assertThat(tenant.pathProblem(granted.resolve("link").toString()))
                .get()
                .extracting(TenantRules.PathProblem::reason)
                .asString()
                .contains("the data directory");
        assertThat(tenant.pathProblem(granted.resolve("etc/passwd").toString()))
                .get()
                .extracting(TenantRules.PathProblem::reason)
                .asString()
                .contains("not under a storage root");
        assertThat(tenant.pathProblem(granted.resolve("dangling/file").toString()))
                .get()
                .extracting(TenantRules.PathProblem::reason)
                .asString()
                .contains("not under a storage root");
    }

    /** Both forms must be under a root: as written and with links followed. */
    @Test
    void aRootGrantedThroughALinkCoversItsTargetButALinkIntoARootIsNoWayIn() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("granted-link"), granted);

        assertThat(tenantWithRoots(link.toString())
                        .pathProblem(granted.resolve("x").toString()))
                .isEmpty();
        assertThat(tenantWithRoots(link.toString())
                        .pathProblem(link.resolve("x").toString()))
                .isEmpty();
        assertThat(tenantWithRoots(granted.toString())
                        .pathProblem(link.resolve("x").toString()))
                .isPresent();
    }

    @Test
    void aRootThatIsOrLiesInsideAProtectedLocationIsNoRoot() {
        assertThat(storage.holding(storage.forms(data.toString()).orElseThrow()))
                .get()
                .extracting(StorageLocations.Protected::what)
                .isEqualTo("the data directory");
        assertThat(storage.holding(storage.forms(data.resolve("sub").toString()).orElseThrow()))
                .isPresent();
        assertThat(storage.holding(storage.forms(root.toString()).orElseThrow()))
                .isEmpty();
    }
}
