package com.allocation.backtest.localhost;

import com.microsoft.azure.functions.annotation.FunctionName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The function classes of the app: every class in the {@code functions} package with a
 * {@link FunctionName} method, the same rule by which azure-functions-maven-plugin writes
 * function.json. Found, not listed, so a new function cannot be missing from the local host.
 */
public final class LocalFunctions {
    static final String PACKAGE = "com.allocation.backtest.functions";

    public static final List<Class<?>> CLASSES = discover();

    private LocalFunctions() {
    }

    private static List<Class<?>> discover() {
        String folder = PACKAGE.replace('.', '/');
        URL url = LocalFunctions.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException("package " + PACKAGE + " is not on the classpath");
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                try (FileSystem jar = FileSystems.newFileSystem(url.toURI(), Map.of())) {
                    return functionClasses(jar.getPath(folder));
                }
            }
            return functionClasses(Path.of(url.toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Class<?>> functionClasses(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString())
                .filter(name -> name.endsWith(".class") && !name.contains("$"))
                .sorted()
                .map(name -> load(PACKAGE + "." + name.substring(0, name.length() - ".class".length())))
                .filter(LocalFunctions::hasFunctions)
                .sorted(Comparator.comparing(Class::getSimpleName))
                .<Class<?>>map(type -> type)
                .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, LocalFunctions.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasFunctions(Class<?> type) {
        return Arrays.stream(type.getMethods()).anyMatch(method -> method.isAnnotationPresent(FunctionName.class));
    }
}
