package dev.geminisearch.store.vector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which kernel a JVM gets, and what the start-up log says about it. */
class VectorKernelsTests {

    @Test
    void withoutTheVectorModuleTheScalarKernelIsChosenAndTheReasonSaysHowToGetSimd() {
        VectorKernels.Selection selection = VectorKernels.select(false, true);

        assertThat(selection.kernel()).isSameAs(VectorKernels.scalar());
        assertThat(selection.reason()).contains("not on the module graph", "--add-modules jdk.incubator.vector");
    }

    @Test
    void withoutTheOptimisingJitTheScalarKernelIsChosenEvenWithTheModule() {
        VectorKernels.Selection selection = VectorKernels.select(true, false);

        assertThat(selection.kernel()).isSameAs(VectorKernels.scalar());
        assertThat(selection.reason()).contains("C2");
    }

    @Test
    void withTheVectorModuleTheSimdKernelIsChosen() {
        // The build runs tests with --add-modules jdk.incubator.vector (pom.xml, surefire argLine).
        assertThat(ModuleLayer.boot().findModule(VectorKernels.VECTOR_MODULE))
                .as("the test JVM was started with --add-modules jdk.incubator.vector").isPresent();

        VectorKernels.Selection selection = VectorKernels.select(true, true);

        assertThat(selection.kernel()).isInstanceOf(PanamaKernel.class);
        assertThat(selection.reason()).contains("present");
        assertThat(VectorKernels.preferred()).isInstanceOf(PanamaKernel.class);
    }
}
