/*
 * A directory of sources as the tool sees it: a sorted map from relative path ("java/dev/...",
 * always with '/') to file. Sorting makes every command's output and every error list
 * deterministic. Writing a tree mirrors it exactly: changed files are rewritten, unchanged ones
 * left alone (so build tools that compare timestamps do not rebuild for nothing), files the new
 * tree does not have are deleted.
 */
package dev.rediscover.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

final class SourceTree {
    private SourceTree() {}

    /** Every regular file under root, by relative path. */
    static SortedMap<String, Path> files(Path root) throws CarveException {
        if (!Files.isDirectory(root)) throw new CarveException(root + ": not a directory");
        SortedMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(p -> files.put(relative(root, p), p));
        } catch (IOException | UncheckedIOException e) {
            throw new CarveException(root + ": cannot list files: " + e.getMessage());
        }
        return files;
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    static byte[] read(Path file) throws CarveException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CarveException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The file as UTF-8 text, refusing bytes that are not UTF-8 (they would not survive a rewrite). */
    static String readText(Path file) throws CarveException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(read(file))).toString();
        } catch (CharacterCodingException e) {
            throw new CarveException(file + ": not valid UTF-8");
        }
    }

    static void write(Path file, byte[] content) throws CarveException {
        try {
            if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), content)) return;
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new CarveException(file + ": cannot write: " + e.getMessage());
        }
    }

    /** Makes out hold exactly the given files; returns the relative paths it deleted. */
    static List<String> mirror(Path out, Map<String, byte[]> content) throws CarveException {
        List<String> deleted = new ArrayList<>();
        if (Files.isDirectory(out)) {
            for (Map.Entry<String, Path> e : files(out).entrySet()) {
                if (content.containsKey(e.getKey())) continue;
                delete(e.getValue());
                deleted.add(e.getKey());
            }
            deleteEmptyDirectories(out);
        }
        for (Map.Entry<String, byte[]> e : content.entrySet()) write(out.resolve(e.getKey()), e.getValue());
        return deleted;
    }

    private static void delete(Path file) throws CarveException {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new CarveException(file + ": cannot delete: " + e.getMessage());
        }
    }

    private static void deleteEmptyDirectories(Path root) throws CarveException {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> dirs = walk.filter(Files::isDirectory).filter(d -> !d.equals(root))
                    .sorted(Comparator.reverseOrder()).toList();
            for (Path d : dirs) {
                try (Stream<Path> entries = Files.list(d)) {
                    if (entries.findAny().isEmpty()) Files.delete(d);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new CarveException(root + ": cannot tidy directories: " + e.getMessage());
        }
    }
}
