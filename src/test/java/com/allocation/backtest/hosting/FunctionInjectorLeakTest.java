package com.allocation.backtest.hosting;

import com.allocation.backtest.functions.HttpFunctions;
import com.allocation.backtest.localhost.InProcessRequests;
import com.allocation.backtest.support.TestStack;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import io.micronaut.azure.function.AzureFunction;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Functions worker asks {@link MicronautFunctionInjector} for an instance on every invocation.
 * micronaut-azure's own constructor adds a JVM shutdown hook each time, so without the injector
 * every call would leak a Thread and the function instance it holds. Needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (set in the surefire argLine) to read the hooks.
 */
class FunctionInjectorLeakTest {
    private static final int WARM_UP = 10_000;
    private static final int TOTAL = 100_000;
    /**
     * Allowed growth of the live heap between 10k and 100k invocations. One leaked hook per call
     * is a Thread (~300 bytes with its name and fields) plus the function instance: at least 90,000
     * x 300 bytes = 27 MB. 4 MB still flags any leak above ~45 bytes per invocation, while leaving
     * room for caches that fill once (JIT-generated classes, logger contexts, pooled buffers).
     */
    private static final long HEAP_TOLERANCE_BYTES = 4L * 1024 * 1024;

    private final TestStack stack = TestStack.get();

    @Test
    void a_hundred_thousand_injected_invocations_keep_the_shutdown_hooks_fixed_and_the_heap_flat() throws Exception {
        MicronautFunctionInjector injector = new MicronautFunctionInjector();
        HttpRequestMessage<Optional<String>> request = InProcessRequests.get("/healthz");
        ExecutionContext context = InProcessRequests.context("healthz");

        invoke(injector, request, context, WARM_UP);
        int hooksAfterWarmUp = shutdownHooks().size();
        long heapAfterWarmUp = usedHeapAfterGc();

        invoke(injector, request, context, TOTAL - WARM_UP);
        int hooksAtEnd = shutdownHooks().size();
        long heapAtEnd = usedHeapAfterGc();

        System.out.printf("injector: hooks %d -> %d, used heap after GC %,d -> %,d bytes%n",
            hooksAfterWarmUp, hooksAtEnd, heapAfterWarmUp, heapAtEnd);
        assertThat(hooksAtEnd).as("JVM shutdown hooks").isEqualTo(hooksAfterWarmUp);
        assertThat(heapAtEnd - heapAfterWarmUp)
            .as("live heap growth from %,d to %,d invocations (%,d -> %,d bytes)", WARM_UP, TOTAL, heapAfterWarmUp, heapAtEnd)
            .isLessThan(HEAP_TOLERANCE_BYTES);
    }

    @Test
    void the_injector_hands_out_one_instance_per_function_class() {
        MicronautFunctionInjector injector = new MicronautFunctionInjector();

        assertThat(injector.getInstance(HttpFunctions.class)).isSameAs(injector.getInstance(HttpFunctions.class));
    }

    @Test
    void the_hook_count_does_detect_the_leak_of_a_plain_micronaut_azure_function() throws Exception {
        // Control: proves the measurement above can fail. Each plain construction adds a hook.
        // The shared instance comes first, so the base class reuses the running context.
        new MicronautFunctionInjector().getInstance(HttpFunctions.class);
        Set<Thread> before = Set.copyOf(shutdownHooks().keySet());
        for (int i = 0; i < 10; i++) {
            new PlainAzureFunction();
        }
        Map<Thread, Thread> after = new IdentityHashMap<>(shutdownHooks());
        after.keySet().removeAll(before);
        try {
            assertThat(after).hasSize(10);
        } finally {
            after.keySet().forEach(Runtime.getRuntime()::removeShutdownHook);
        }
    }

    private static void invoke(MicronautFunctionInjector injector, HttpRequestMessage<Optional<String>> request,
                               ExecutionContext context, int times) {
        for (int i = 0; i < times; i++) {
            HttpResponseMessage response = injector.getInstance(HttpFunctions.class).healthz(request, context);
            if (response.getStatusCode() != 200) {
                throw new AssertionError("invocation " + i + " answered " + response.getStatusCode());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Thread, Thread> shutdownHooks() throws ReflectiveOperationException {
        Class<?> hooks = Class.forName("java.lang.ApplicationShutdownHooks");
        Field field = hooks.getDeclaredField("hooks");
        field.setAccessible(true);
        synchronized (hooks) {
            return new IdentityHashMap<>((Map<Thread, Thread>) field.get(null));
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Several collections, keeping the lowest reading: one System.gc() can leave floating garbage.
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** micronaut-azure's base class as the worker would construct it without our injector. */
    static final class PlainAzureFunction extends AzureFunction {
    }
}
