package dev.loupe.tensor;

import java.util.function.Supplier;

/**
 * Loads the classes that use the Vector API ({@code jdk.incubator.vector}). They are looked up by name, so that no
 * class referencing that module is loaded when it is absent; callers then keep their plain-Java versions. Setting
 * the system property {@code loupe.vector} to {@code false} asks for plain Java too.
 *
 * <p>Every such class uses {@code FloatVector.SPECIES_PREFERRED} and no other shape: on Java 17, one use of a
 * second shape (a 256-bit step for short tails was tried) pollutes the type profiles of the Vector API's shared
 * internals, C2 then stops intrinsifying them everywhere, and the GEMM, pooling and gathers all ran about ten times
 * slower. Two more measured on Java 17: comparing a vector with an {@code int} picks the {@code long} overload of
 * {@code compare}, so pass a {@code float}; and a loop of masked adds (one per kernel tap, folding columns into a
 * plane pixel-wise) ran two to three times slower than the scalar runs it was to replace, as did whole-vector
 * tails blended over overlapping runs (a load straddling a recent store waits for it). Unfolding vectors whose pixels
 * form three or four runs (narrow occlusion patches) by one load per run and blends was no faster than the hardware
 * gather it replaced; two runs are (see {@code Im2col}). Changes measured without effect are not kept.
 */
public final class VectorApi {
    private VectorApi() {
    }

    /** True when the module is in the boot layer and {@code loupe.vector} is not {@code false}. */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("loupe.vector"))
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * A new instance of the named class, made with its no-argument constructor, or null when the module is absent
     * or the class cannot be loaded. Ignores {@code loupe.vector}, for callers that decide per call.
     */
    public static <T> T load(String className, Class<T> type) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            var constructor = Class.forName(className).asSubclass(type).getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }

    /**
     * The named Vector API implementation when {@link #enabled()} and it loads, else {@code plain}: how each kernel
     * with a plain-Java twin picks one at class initialisation.
     */
    public static <T> T choose(String className, Class<T> type, Supplier<T> plain) {
        T vector = enabled() ? load(className, type) : null;
        return vector != null ? vector : plain.get();
    }
}
