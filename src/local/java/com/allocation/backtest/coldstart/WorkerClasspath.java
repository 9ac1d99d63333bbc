package com.allocation.backtest.coldstart;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * The classpath of the worker side: {@link WorkerMain} and every class of this build it refers to
 * (the local host's HTTP emulation) in a jar of their own, plus the Functions library, core
 * library and SPI jars, which the real worker provides too (the package leaves the core library
 * out of {@code lib/} for that reason). Nothing else of the local tooling or its dependencies is
 * visible there, so the app cannot pick up a class or a service file from the harness. A jar, not
 * a folder, because the JVM refuses to write a CDS archive over a classpath with a non-empty folder.
 */
final class WorkerClasspath {
    private WorkerClasspath() {
    }

    /** Writes the worker's classes into {@code jar} and returns the classpath entries. */
    static List<Path> assemble(Path jar) {
        Path root = location(WorkerMain.class);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String type : closure(root, internalName(WorkerMain.class))) {
                out.putNextEntry(new JarEntry(type + ".class"));
                Files.copy(root.resolve(type + ".class"), out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the worker jar " + jar, e);
        }
        return List.of(jar, location(FunctionName.class), location(ExecutionContext.class),
            location(FunctionInstanceInjector.class));
    }

    /** {@code start} and every class under {@code root} its constant pools reach, transitively. */
    static Set<String> closure(Path root, String start) throws IOException {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(start));
        while (!pending.isEmpty()) {
            String type = pending.pop();
            if (!found.add(type)) {
                continue;
            }
            try (InputStream in = Files.newInputStream(root.resolve(type + ".class"))) {
                for (String referenced : referencedClasses(in)) {
                    if (!found.contains(referenced) && Files.isRegularFile(root.resolve(referenced + ".class"))) {
                        pending.push(referenced);
                    }
                }
            }
        }
        return found;
    }

    /** The CONSTANT_Class entries of a class file (JVMS 4.4), element types for arrays. */
    static List<String> referencedClasses(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNameIndexes = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNameIndexes.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        List<String> names = new ArrayList<>();
        for (int index : classNameIndexes) {
            String name = utf8[index];
            if (name.startsWith("[")) {
                int element = name.indexOf('L');
                if (element < 0) {
                    continue;
                }
                name = name.substring(element + 1, name.length() - 1);
            }
            names.add(name);
        }
        return names;
    }

    private static String internalName(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
