package com.allocation.backtest.coldstart;

import com.allocation.backtest.localhost.FunctionTriggers;
import com.allocation.backtest.localhost.LocalHttpHost;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the Azure Functions Java worker process, for measuring cold start.
 *
 * <p>Like the worker, it keeps its own classes apart from the app's: its classpath holds only
 * itself, the local host's HTTP emulation and the Functions library and SPI; the app (the staged
 * jar and {@code lib/*.jar}) is loaded by a {@link URLClassLoader} whose parent is the system
 * class loader, the worker's {@code EnhancedClassLoaderProvider} on Java 11+. Function classes are
 * loaded by their {@code function.json} entry points without initialising them, and instances
 * come from the app's {@code FunctionInstanceInjector}, so nothing of the app runs before the
 * first invocation, as in Azure.
 *
 * <p>HTTP triggers are served on the HTTP port; other triggers are invoked through
 * {@link WorkerChannel}, which stands in for the host's gRPC invocation requests. The host
 * ends the worker by closing its standard input, an orderly exit in which
 * {@code -XX:ArchiveClassesAtExit} can write its archive.
 *
 * <p>Standard output carries two markers with {@link System#nanoTime()} (the same monotonic
 * clock in every process on Linux), so the host can split the start-up into JVM boot, loading,
 * and first invocation.
 */
public final class WorkerMain {
    static final String MARKER = "cold-start-worker: ";
    static final String KEY_VARIABLE = "LOCAL_FUNCTION_KEY";

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        System.out.println(MARKER + "main " + started);
        if (args.length != 3) {
            System.err.println("usage: WorkerMain HTTP_PORT CHANNEL_PORT FUNCTION_LOAD_FILE");
            System.exit(2);
        }
        String key = System.getenv(KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            System.err.println("error: " + KEY_VARIABLE + " is not set");
            System.exit(2);
        }
        FunctionLoad load = FunctionLoad.read(Path.of(args[2]));
        URLClassLoader app = new URLClassLoader("app", load.urls(), WorkerMain.class.getClassLoader());
        List<Class<?>> classes = functionClasses(load.entryPoints(), app);
        LocalHttpHost.start(Integer.parseInt(args[0]), key, classes);
        WorkerChannel.start(Integer.parseInt(args[1]), key, FunctionTriggers.find(classes, QueueTrigger.class));
        System.out.println(MARKER + "listening " + System.nanoTime());
        awaitEndOfInput();
        System.exit(0);
    }

    /** The classes of the entry points, each checked to declare its function, as the worker checks at load. */
    static List<Class<?>> functionClasses(Map<String, String> entryPoints, ClassLoader app) throws ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        for (Map.Entry<String, String> function : entryPoints.entrySet()) {
            String entryPoint = function.getValue();
            int dot = entryPoint.lastIndexOf('.');
            Class<?> type = Class.forName(entryPoint.substring(0, dot), false, app);
            String methodName = entryPoint.substring(dot + 1);
            boolean declared = Arrays.stream(type.getMethods())
                .filter(method -> method.getName().equals(methodName))
                .map(method -> method.getAnnotation(FunctionName.class))
                .anyMatch(name -> name != null && name.value().equals(function.getKey()));
            if (!declared) {
                throw new IllegalStateException("function " + function.getKey() + ": " + entryPoint
                    + " is not a method annotated @FunctionName(\"" + function.getKey() + "\")");
            }
            if (!classes.contains(type)) {
                classes.add(type);
            }
        }
        return classes;
    }

    private static void awaitEndOfInput() throws IOException {
        byte[] ignored = new byte[256];
        while (System.in.read(ignored) != -1) {
            // the host never writes; it only closes
        }
    }
}
