package com.allocation.backtest.coldstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Functions host tells the Java worker before the first invocation: the app's
 * classpath (the script file and its {@code lib/} jars) and each function's entry point
 * ({@code Class.method}), as its FunctionLoadRequests do. The harness passes it as a small text
 * file, one {@code classpath PATH} or {@code function NAME ENTRY_POINT} per line, because the
 * worker side has no JSON library of its own.
 */
record FunctionLoad(List<Path> classpath, Map<String, String> entryPoints) {
    FunctionLoad {
        classpath = List.copyOf(classpath);
        entryPoints = Map.copyOf(entryPoints);
    }

    void write(Path file) {
        StringBuilder text = new StringBuilder();
        classpath.forEach(path -> text.append("classpath ").append(path.toAbsolutePath()).append('\n'));
        entryPoints.forEach((name, entryPoint) -> text.append("function ").append(name).append(' ')
            .append(entryPoint).append('\n'));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static FunctionLoad read(Path file) throws IOException {
        List<Path> classpath = new ArrayList<>();
        Map<String, String> entryPoints = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ", 3);
            if (fields.length == 2 && fields[0].equals("classpath")) {
                classpath.add(Path.of(fields[1]));
            } else if (fields.length == 3 && fields[0].equals("function")) {
                entryPoints.put(fields[1], fields[2]);
            } else if (!line.isBlank()) {
                throw new IllegalArgumentException(file + ": unexpected line '" + line + "'");
            }
        }
        return new FunctionLoad(classpath, entryPoints);
    }

    URL[] urls() {
        URL[] urls = new URL[classpath.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = classpath.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(classpath.get(i).toString(), e);
            }
        }
        return urls;
    }
}
