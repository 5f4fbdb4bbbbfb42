package dev.loadlab.service;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Proof-only ({@code degrade.pinning=true}): runs an upstream call so that a virtual thread blocking in it pins its
 * carrier, the failure virtual-thread users fear most, which the lab's gate must catch from JFR's
 * {@code jdk.VirtualThreadPinned} events.
 *
 * <p>How a JDK pins differs: up to JDK 23 a {@code synchronized} block around the call does (the classic mistake);
 * from JDK 24 (JEP 491) it no longer does, and the remaining cause is a native frame on the virtual thread's stack.
 * There the call runs inside a C library's {@code qsort} comparator, an upcall from a foreign-function downcall.
 * The foreign-function API is final only from JDK 22 and this module compiles for 21, so it is reached through
 * method handles looked up at run time.
 */
final class Pinning {

    /** From this JDK on, {@code synchronized} does not pin (JEP 491). */
    private static final int UNPINNED_MONITORS_FROM = 24;

    private static final ThreadLocal<Runnable> CALL_IN_UPCALL = new ThreadLocal<>();

    private final NativeFrame nativeFrame;

    private Pinning(NativeFrame nativeFrame) {
        this.nativeFrame = nativeFrame;
    }

    /** The way the running JDK pins. */
    static Pinning forThisJdk() {
        return new Pinning(Runtime.version().feature() >= UNPINNED_MONITORS_FROM ? NativeFrame.create() : null);
    }

    /**
     * Runs the call pinned.
     *
     * @param lock a per-request object: a monitor the JIT cannot elide, and no contention between requests
     */
    <T> T around(Object lock, Supplier<T> call) {
        if (nativeFrame == null) {
            synchronized (lock) {
                return call.get();
            }
        }
        return nativeFrame.run(call);
    }

    /** {@code qsort} on two equal ints, with a comparator (an upcall stub) that runs the call once. */
    private record NativeFrame(MethodHandle qsort, Object twoInts, Object comparator) {

        static NativeFrame create() {
            try {
                Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
                Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
                Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
                Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
                Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
                Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
                Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
                Object address = valueLayout.getField("ADDRESS").get(null);
                Object javaLong = valueLayout.getField("JAVA_LONG").get(null);
                Object javaInt = valueLayout.getField("JAVA_INT").get(null);
                Object linker = linkerType.getMethod("nativeLinker").invoke(null);
                Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
                Optional<?> symbol = (Optional<?>) Class.forName("java.lang.foreign.SymbolLookup")
                        .getMethod("find", String.class).invoke(lookup, "qsort");
                Object layouts = Array.newInstance(layoutType, 4);
                Array.set(layouts, 0, address);
                Array.set(layouts, 1, javaLong);
                Array.set(layouts, 2, javaLong);
                Array.set(layouts, 3, address);
                Object qsortDescriptor = descriptorType.getMethod("ofVoid", layouts.getClass()).invoke(null, layouts);
                Object noOptions = Array.newInstance(optionType, 0);
                MethodHandle qsort = (MethodHandle) linkerType.getMethod("downcallHandle", segmentType,
                        descriptorType, noOptions.getClass()).invoke(linker, symbol.orElseThrow(), qsortDescriptor,
                        noOptions);

                Object arguments = Array.newInstance(layoutType, 2);
                Array.set(arguments, 0, address);
                Array.set(arguments, 1, address);
                Object compareDescriptor = descriptorType.getMethod("of", layoutType, arguments.getClass())
                        .invoke(null, javaInt, arguments);
                MethodHandle compare = MethodHandles.lookup().findStatic(Pinning.class, "compareRunningTheCall",
                        MethodType.methodType(int.class, Object.class, Object.class))
                        .asType(MethodType.methodType(int.class, segmentType, segmentType));
                Object global = arenaType.getMethod("global").invoke(null);
                Object comparator = linkerType.getMethod("upcallStub", MethodHandle.class, descriptorType, arenaType,
                        noOptions.getClass()).invoke(linker, compare, compareDescriptor, global, noOptions);
                // two equal ints: the comparator says 0, qsort moves nothing, so requests can share them
                Object twoInts = arenaType.getMethod("allocate", long.class).invoke(global, 8L);
                return new NativeFrame(qsort, twoInts, comparator);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("degrade.pinning: cannot call qsort through the foreign-function API"
                        + " on JDK " + Runtime.version() + ": " + e, e);
            }
        }

        <T> T run(Supplier<T> call) {
            Object[] result = new Object[1];
            Throwable[] failure = new Throwable[1];
            boolean[] ran = new boolean[1];
            // an exception must not leave an upcall (the JVM would exit): it is carried out and rethrown here
            CALL_IN_UPCALL.set(() -> {
                ran[0] = true;
                try {
                    result[0] = call.get();
                } catch (Throwable t) {
                    failure[0] = t;
                }
            });
            try {
                qsort.invokeWithArguments(twoInts, 2L, 4L, comparator);
            } catch (Throwable t) {
                throw new IllegalStateException("degrade.pinning: qsort failed", t);
            } finally {
                CALL_IN_UPCALL.remove();
            }
            if (!ran[0]) {
                throw new IllegalStateException("degrade.pinning: this C library's qsort never called its comparator");
            }
            if (failure[0] instanceof RuntimeException e) {
                throw e;
            }
            if (failure[0] instanceof Error e) {
                throw e;
            }
            if (failure[0] != null) {
                throw new IllegalStateException(failure[0]);
            }
            @SuppressWarnings("unchecked")
            T value = (T) result[0];
            return value;
        }
    }

    /** The comparator qsort calls back: runs the pending call once (qsort may compare more than once). */
    private static int compareRunningTheCall(Object left, Object right) {
        Runnable call = CALL_IN_UPCALL.get();
        if (call != null) {
            CALL_IN_UPCALL.remove();
            call.run();
        }
        return 0;
    }
}
