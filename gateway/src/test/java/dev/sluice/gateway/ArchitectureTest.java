package dev.sluice.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of ARCHITECTURE.md, read from the compiled classes: where that page and this test disagree, fix one
 * of them in the same change. Reads the classes of the gateway and of the modules it uses; starts nothing.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sluice");

    private static final List<String> LISTENERS = List.of("api", "flinkapi", "pgwire");

    @Test
    void gatewayPackagesDoNotImportEachOtherInACircle() {
        slices().matching("dev.sluice.gateway.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    /**
     * The steps among themselves; with {@link #pipelineStepsDoNotImportThePipeline} no circle runs through the pipeline
     * either (slices of {@code pipeline.(**)} would leave the top-level package out).
     */
    @Test
    void pipelineStepsDoNotImportEachOtherInACircle() {
        slices().matching("dev.sluice.gateway.pipeline.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    /** {@code StatementPipeline} calls the steps; a step never calls back, nor uses anything else beside it. */
    @Test
    void pipelineStepsDoNotImportThePipeline() {
        noClasses()
                .that()
                .resideInAPackage("dev.sluice.gateway.pipeline.*..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.sluice.gateway.pipeline")
                .check(CLASSES);
    }

    /** The statement values every step takes and gives are a leaf: they know no step and not the pipeline. */
    @Test
    void statementValuesImportNoOtherPartOfThePipeline() {
        noClasses()
                .that()
                .resideInAPackage("dev.sluice.gateway.pipeline.statement..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.sluice.gateway.pipeline..")
                        .and(not(resideInAPackage("dev.sluice.gateway.pipeline.statement..")))
                        .as("the pipeline or its steps"))
                .check(CLASSES);
    }

    /**
     * Listeners → approvals → session service → script validation → pipeline → tracking → cluster; the stores and
     * services below. Statement tests sit beside the session service: they run a script, validated, on the pipeline
     * and the cluster without a client's session.
     */
    @Test
    void packagesImportOnlyTheLayersBelowThem() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Wiring")
                .definedBy("dev.sluice.gateway")
                .layer("Tools")
                .definedBy(
                        "dev.sluice.gateway.admin..",
                        "dev.sluice.gateway.calibrate..",
                        "dev.sluice.gateway.sqltestcli..")
                .layer("Listeners")
                .definedBy("dev.sluice.gateway.api..", "dev.sluice.gateway.flinkapi..", "dev.sluice.gateway.pgwire..")
                .layer("Approvals")
                .definedBy("dev.sluice.gateway.approval..")
                .layer("Session")
                .definedBy("dev.sluice.gateway.session..")
                .layer("StatementTests")
                .definedBy("dev.sluice.gateway.sqltest..")
                .layer("Validation")
                .definedBy("dev.sluice.gateway.validate..")
                .layer("Pipeline")
                .definedBy("dev.sluice.gateway.pipeline..")
                .layer("Tracking")
                .definedBy("dev.sluice.gateway.track..")
                .layer("Cluster")
                .definedBy("dev.sluice.gateway.execute..")
                .layer("Services")
                .definedBy("dev.sluice.gateway.auth..", "dev.sluice.gateway.catalog..", "dev.sluice.gateway.audit..")
                .layer("Store")
                .definedBy("dev.sluice.gateway.store..")
                .layer("Foundation")
                .definedBy("dev.sluice.gateway.config..", "dev.sluice.gateway.error..", "dev.sluice.gateway.metrics..")
                .whereLayer("Wiring")
                .mayOnlyBeAccessedByLayers("Tools")
                .whereLayer("Tools")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Listeners")
                .mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Approvals")
                .mayOnlyBeAccessedByLayers("Wiring", "Listeners")
                .whereLayer("Session")
                .mayOnlyBeAccessedByLayers("Wiring", "Listeners", "Approvals")
                .whereLayer("StatementTests")
                .mayOnlyBeAccessedByLayers("Wiring", "Tools", "Listeners")
                .whereLayer("Validation")
                .mayOnlyBeAccessedByLayers("Wiring", "Listeners", "Session", "StatementTests")
                .whereLayer("Pipeline")
                .mayOnlyBeAccessedByLayers(
                        "Wiring", "Tools", "Listeners", "Approvals", "Session", "StatementTests", "Validation")
                .whereLayer("Tracking")
                .mayOnlyBeAccessedByLayers("Wiring", "Listeners", "Approvals", "Session", "StatementTests", "Pipeline")
                .whereLayer("Cluster")
                .mayOnlyBeAccessedByLayers("Wiring", "Tools", "Pipeline", "Tracking")
                .whereLayer("Cluster")
                .mayOnlyAccessLayers("Foundation")
                .whereLayer("Services")
                .mayOnlyBeAccessedByLayers(
                        "Wiring",
                        "Listeners",
                        "Approvals",
                        "Session",
                        "StatementTests",
                        "Validation",
                        "Pipeline",
                        "Tracking",
                        "Services")
                .whereLayer("Store")
                .mayNotAccessAnyLayer()
                .check(CLASSES);
    }

    /** Each listener is an adapter onto the session service: none uses another's, so one can change alone. */
    @Test
    void listenersDoNotImportEachOther() {
        for (String listener : LISTENERS) {
            String[] others = LISTENERS.stream()
                    .filter(other -> !other.equals(listener))
                    .map(other -> "dev.sluice.gateway." + other + "..")
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage("dev.sluice.gateway." + listener + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .check(CLASSES);
        }
    }

    /** The gateway uses the UDF catalog and the estimator; they know nothing of it or of each other. */
    @Test
    void modulesDoNotDependOnTheGatewayOrOnEachOther() {
        noClasses()
                .that()
                .resideInAPackage("dev.sluice.udf..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.sluice.gateway..", "dev.sluice.estimate..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAPackage("dev.sluice.estimate..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.sluice.gateway..", "dev.sluice.udf..")
                .check(CLASSES);
    }
}
