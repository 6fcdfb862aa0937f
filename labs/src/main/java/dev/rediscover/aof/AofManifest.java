/*
 * The manifest of Redis 7's multi-part AOF: which files make up the log, in order. It lives in
 * the AOF directory (appenddirname) as "<appendfilename>.manifest", one line per file:
 *
 *   file appendonly.aof.1.base.rdb seq 1 type b      the base: a snapshot (RDB, or commands)
 *   file appendonly.aof.1.incr.aof seq 1 type i      commands since the base, in seq order
 *   file appendonly.aof.2.incr.aof seq 2 type i
 *
 * (type h: history, files a rewrite made obsolete, deleted as soon as possible.) Redis: aof.c,
 * aofLoadManifestFromFile / getAofManifestAsString. The manifest is replaced atomically (a temp
 * file renamed over it), so a crash leaves either the old list of files or the new one.
 */
package dev.rediscover.aof;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

public final class AofManifest {
    /** One line: a file, its sequence number and its type ('b' base, 'i' incr, 'h' history). */
    public record FileInfo(String name, long seq, char type) {
        String line() { return "file " + quote(name) + " seq " + seq + " type " + type + "\n"; }
    }

    public FileInfo base;
    public final List<FileInfo> incrs = new ArrayList<>();
    public final List<FileInfo> history = new ArrayList<>();

    public static String manifestName(String prefix) { return prefix + ".manifest"; }

    public static String baseName(String prefix, long seq, boolean rdb) {
        return prefix + "." + seq + ".base." + (rdb ? "rdb" : "aof");
    }

    public static String incrName(String prefix, long seq) { return prefix + "." + seq + ".incr.aof"; }

    public long lastIncrSeq() { return incrs.isEmpty() ? 0 : incrs.get(incrs.size() - 1).seq; }

    /** The files to load, in order: the base, then the incr files. */
    public List<FileInfo> loadOrder() {
        List<FileInfo> all = new ArrayList<>();
        if (base != null) all.add(base);
        all.addAll(incrs);
        return all;
    }

    /** Parse a manifest; throws with Redis's wording on anything malformed. */
    public static AofManifest parse(String text) throws IOException {
        AofManifest m = new AofManifest();
        long lastIncr = 0;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<String> words = split(line);
            String name = null;
            long seq = -1;
            char type = 0;
            for (int i = 0; i + 1 < words.size(); i += 2) {
                switch (words.get(i)) {
                    case "file" -> name = words.get(i + 1);
                    case "seq" -> seq = parseSeq(words.get(i + 1));
                    case "type" -> type = words.get(i + 1).isEmpty() ? 0 : words.get(i + 1).charAt(0);
                    default -> { }      // unknown keys are skipped, as Redis does for forward compatibility
                }
            }
            if (words.size() % 2 != 0 || name == null || seq < 0 || type == 0) {
                throw new IOException("Invalid AOF manifest file format");
            }
            FileInfo f = new FileInfo(name, seq, type);
            switch (type) {
                case 'b' -> {
                    if (m.base != null) throw new IOException("Found duplicate base file information");
                    m.base = f;
                }
                case 'h' -> m.history.add(f);
                case 'i' -> {
                    if (seq <= lastIncr) throw new IOException("Found a non-monotonic sequence number");
                    lastIncr = seq;
                    m.incrs.add(f);
                }
                default -> throw new IOException("Unknown AOF file type");
            }
        }
        return m;
    }

    private static long parseSeq(String s) throws IOException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IOException("Invalid AOF manifest file format");
        }
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        if (base != null) sb.append(base.line());
        for (FileInfo f : history) sb.append(f.line());
        for (FileInfo f : incrs) sb.append(f.line());
        return sb.toString();
    }

    public static AofManifest read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Replace the manifest atomically: temp file, fsync, rename, fsync the directory. */
    public void write(Path dir, String prefix) throws IOException {
        Path tmp = dir.resolve("temp-" + manifestName(prefix));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(text().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(manifestName(prefix)), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(dir);
    }

    /** Make a rename durable: fsync the directory itself (works on Linux). */
    static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Not every platform can open a directory; the rename is still atomic.
        }
    }

    /** Names with spaces or quotes are written quoted, as Redis's sdscatrepr does. */
    private static String quote(String name) {
        boolean plain = true;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch <= ' ' || ch == '"' || ch == '\'' || ch == '\\' || ch > 126) plain = false;
        }
        if (plain) return name;
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '"' || ch == '\\') sb.append('\\');
            sb.append(ch);
        }
        return sb.append('"').toString();
    }

    /** Split on spaces, honouring double quotes (enough of sdssplitargs for file names). */
    private static List<String> split(String line) throws IOException {
        List<String> out = new ArrayList<>();
        int i = 0, n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') i++;
            if (i >= n) break;
            StringBuilder w = new StringBuilder();
            if (line.charAt(i) == '"') {
                i++;
                while (i < n && line.charAt(i) != '"') {
                    if (line.charAt(i) == '\\' && i + 1 < n) i++;
                    w.append(line.charAt(i++));
                }
                if (i >= n) throw new IOException("Invalid AOF manifest file format");
                i++;
            } else {
                while (i < n && line.charAt(i) != ' ') w.append(line.charAt(i++));
            }
            out.add(w.toString());
        }
        return out;
    }
}
