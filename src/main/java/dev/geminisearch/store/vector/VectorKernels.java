package dev.geminisearch.store.vector;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link VectorKernel} once per JVM: the SIMD kernel when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (and can use it well), the scalar kernel otherwise. The
 * choice and its reason are logged at INFO the first time a kernel is asked for, which is when the
 * first local store opens. The choice never changes afterwards; the kernels hold no state.
 */
public final class VectorKernels {

    /** The incubating module the SIMD kernel needs on the module graph. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final Logger log = LoggerFactory.getLogger(VectorKernels.class);
    private static final String SIMD_KERNEL = "dev.geminisearch.store.vector.PanamaKernel";

    private VectorKernels() {
    }

    /** The kernel this JVM uses for search; chosen and logged on first call. */
    public static VectorKernel preferred() {
        return Preferred.KERNEL;
    }

    /** The plain-Java kernel: the fallback, and the oracle the SIMD kernel is checked against. */
    public static VectorKernel scalar() {
        return ScalarKernel.INSTANCE;
    }

    /** Initialised on first use only, so that merely loading this class neither selects nor logs. */
    private static final class Preferred {
        static final VectorKernel KERNEL = announce(select(ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(),
                jitCompilesVectorCode()));
    }

    /** A kernel and why it was chosen. */
    record Selection(VectorKernel kernel, String reason) {
    }

    /**
     * @param modulePresent        whether {@value #VECTOR_MODULE} is on the boot module graph
     * @param jitCompilesVectorCode whether the optimising JIT (C2) runs; without it every vector
     *                             operation is an object allocation, far slower than scalar code
     */
    static Selection select(boolean modulePresent, boolean jitCompilesVectorCode) {
        if (!modulePresent) {
            return new Selection(ScalarKernel.INSTANCE, "module " + VECTOR_MODULE + " is not on the module graph "
                    + "(the preferred vector width is unknown without it); start the JVM with --add-modules "
                    + VECTOR_MODULE + " for the SIMD kernel");
        }
        if (!jitCompilesVectorCode) {
            return new Selection(ScalarKernel.INSTANCE, "the optimising JIT compiler (C2) is off (-Xint or "
                    + "-XX:TieredStopAtLevel below 4), which makes the Vector API slower than scalar code");
        }
        try {
            // Reflection, so that no class here links against the incubator module unless it is present.
            VectorKernel simd = (VectorKernel) Class.forName(SIMD_KERNEL).getDeclaredConstructor().newInstance();
            return new Selection(simd, "module " + VECTOR_MODULE + " is present");
        } catch (InvocationTargetException e) {
            return new Selection(ScalarKernel.INSTANCE, e.getCause().getMessage());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new Selection(ScalarKernel.INSTANCE, "the SIMD kernel could not be loaded: " + e);
        }
    }

    private static VectorKernel announce(Selection selection) {
        log.info("Vector search kernel: {}; {}", selection.kernel().description(), selection.reason());
        return selection.kernel();
    }

    private static boolean jitCompilesVectorCode() {
        try {
            var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (vm == null) {
                return true;
            }
            boolean compiler = Boolean.parseBoolean(vm.getVMOption("UseCompiler").getValue());
            boolean tiered = Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
            int stopAt = Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue());
            return compiler && (!tiered || stopAt >= 4);
        } catch (RuntimeException | LinkageError e) {
            // not HotSpot, or no jdk.management: assume a JIT that compiles vector code
            return true;
        }
    }
}
