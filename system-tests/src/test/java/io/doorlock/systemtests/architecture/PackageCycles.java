package io.doorlock.systemtests.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The rule: no package may depend on itself through other packages. Every package is its own slice (the service
 * root, which holds the configuration, too), so a feature package that reaches back into the root or into another
 * feature that reaches it is a cycle. Dependencies are read from the bytecode: fields, signatures, calls,
 * annotations, inheritance.
 */
final class PackageCycles {

    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "every package";
        }
    };

    private PackageCycles() {
    }

    static EvaluationResult check(JavaClasses classes) {
        return slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().allowEmptyShould(true).evaluate(classes);
    }
}
