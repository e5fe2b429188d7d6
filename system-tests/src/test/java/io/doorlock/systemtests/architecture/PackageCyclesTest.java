package io.doorlock.systemtests.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.doorlock.systemtests.architecture.cycle.a.First;
import io.doorlock.systemtests.architecture.cycle.b.Second;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No module of the repository has a package cycle. */
class PackageCyclesTest {

    private final Modules modules = Modules.ofRepository();

    @Test
    void noModuleHasAPackageCycle() {
        assertThat(modules.withMainCode()).contains("common", "device-gateway", "dashboard-gateway", "command-service",
                "audit-service", "gateway-base", "service-base");
        List<String> cycles = new ArrayList<>();
        for (String module : modules.withMainCode()) {
            JavaClasses classes = new ClassFileImporter().importPath(modules.mainClasses(module));
            assertThat(classes).as(module + " classes").isNotEmpty();
            PackageCycles.check(classes).getFailureReport().getDetails().forEach(cycle -> cycles.add(module + ": " + cycle));
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    /** The rule sees a cycle when there is one: two fixture packages of this test that use each other. */
    @Test
    void theRuleFindsACycle() {
        JavaClasses fixture = new ClassFileImporter().importPackagesOf(First.class, Second.class);
        EvaluationResult result = PackageCycles.check(fixture);
        assertThat(result.hasViolation()).isTrue();
        assertThat(String.join("\n", result.getFailureReport().getDetails()))
                .contains("io.doorlock.systemtests.architecture.cycle.a")
                .contains("io.doorlock.systemtests.architecture.cycle.b");
    }
}
