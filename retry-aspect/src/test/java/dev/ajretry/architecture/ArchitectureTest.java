package dev.ajretry.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of retry-annotations and retry-aspect, read from their compiled classes (the aspect as ajc wove
 * it): no package cycle, and the layers in one direction only:
 * <pre>
 *   dev.ajretry (the contract)  <-  internal.env  <-  internal.spec  <-  internal.call  <-  aspect
 *                                                                                       <-  runtime (user API)
 * </pre>
 * The engine never calls the user-facing facades, so they can change without reaching into it, and users are never
 * handed an engine type.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ajretry");
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("dev.ajretry.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theEngineNeverUsesTheUserFacingRuntime() {
        noClasses().that().resideInAPackage("dev.ajretry.internal..")
                .should().dependOnClassesThat().resideInAPackage("dev.ajretry.runtime..")
                .check(classes);
    }

    @Test
    void theEnvironmentKnowsNothingOfSpecsOrCalls() {
        noClasses().that().resideInAPackage("dev.ajretry.internal.env..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ajretry.internal.spec..",
                        "dev.ajretry.internal.call..", "dev.ajretry.aspect..")
                .check(classes);
    }

    @Test
    void specsAreBuiltWithoutKnowingOfCalls() {
        noClasses().that().resideInAPackage("dev.ajretry.internal.spec..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ajretry.internal.call..",
                        "dev.ajretry.aspect..")
                .check(classes);
    }

    @Test
    void theContractDependsOnNothingOfTheEngine() {
        noClasses().that().resideInAnyPackage("dev.ajretry", "dev.ajretry.rules..", "dev.ajretry.processor..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ajretry.internal..", "dev.ajretry.runtime..",
                        "dev.ajretry.aspect..")
                .check(classes);
    }

    @Test
    void onlyTheAspectWeavesAndOnlyTheSpecsReadJoinPoints() {
        noClasses().that().resideOutsideOfPackages("dev.ajretry.aspect..", "dev.ajretry.internal.spec..")
                .should().dependOnClassesThat().resideInAPackage("org.aspectj..")
                .check(classes);
    }

    /** Every main source folder of every module holds a package-info.java saying what it is for and may use. */
    @Test
    void everyPackageSaysWhatItIsFor() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(f -> f.toString().matches(".*/retry-[a-z]+/src/main/(java|aspect)/.*\\.(java|aj)"))
                    .collect(Collectors.toList());
        }
        List<String> packages = sources.stream()
                .map(f -> root.relativize(f.getParent()).toString().replaceFirst("/src/main/(java|aspect)/", "/"))
                .distinct().sorted().collect(Collectors.toList());
        List<String> documented = sources.stream().filter(f -> f.getFileName().toString().equals("package-info.java"))
                .map(f -> root.relativize(f.getParent()).toString().replaceFirst("/src/main/(java|aspect)/", "/"))
                .collect(Collectors.toList());
        assertThat(packages).hasSizeGreaterThan(10);
        assertThat(documented).as("packages with a package-info.java").containsAll(packages);
    }
}
