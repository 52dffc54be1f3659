package io.vigil.app;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module graph points one way: CLI, then lab, then runtime and embedded, then topology, load generator and
 * subscribers, then detectors, then serdes and config. Maven's module dependencies already keep most arrows out;
 * this test also catches a pom that gains a backward dependency, and runs on every build.
 */
class ModuleDirectionTest {

    private static final JavaClasses VIGIL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.vigil");

    @Test
    void shouldOnlyImportDownTheModuleGraphWhenAnyMainClassIsChecked() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("io.vigil.app..")
                .layer("lab").definedBy("io.vigil.lab..")
                .layer("runtime").definedBy("io.vigil.runtime..")
                .layer("embedded").definedBy("io.vigil.embedded..")
                .layer("topology").definedBy("io.vigil.topology..")
                .layer("load-generator").definedBy("io.vigil.loadgen..")
                .layer("subscribers").definedBy("io.vigil.subscribers..")
                .layer("detectors").definedBy("io.vigil.detectors..")
                .layer("serdes").definedBy("io.vigil.serdes..", "io.vigil.events..")
                .layer("config").definedBy("io.vigil.config..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("lab").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("runtime").mayOnlyBeAccessedByLayers("lab", "cli")
                .whereLayer("embedded").mayOnlyBeAccessedByLayers("lab", "cli")
                .whereLayer("topology").mayOnlyBeAccessedByLayers("runtime", "lab", "cli")
                .whereLayer("load-generator").mayOnlyBeAccessedByLayers("lab", "cli")
                .whereLayer("subscribers").mayOnlyBeAccessedByLayers("runtime", "lab", "cli")
                .whereLayer("detectors").mayOnlyBeAccessedByLayers("topology", "runtime", "lab", "cli")
                .whereLayer("serdes").mayOnlyBeAccessedByLayers("detectors", "topology", "load-generator",
                        "subscribers", "runtime", "embedded", "lab", "cli")
                .whereLayer("config").mayOnlyBeAccessedByLayers("serdes", "detectors", "topology", "load-generator",
                        "subscribers", "runtime", "embedded", "lab", "cli")
                .check(VIGIL);
    }
}
