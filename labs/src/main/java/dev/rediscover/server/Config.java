/*
 * The server's configuration: every parameter with its type, default, limits and whether it can
 * change at run time, read from a redis.conf-format file and redis-server-style flags, and
 * served by CONFIG GET / SET (Redis: config.c and its standardConfig table).
 *
 * Values are kept as their canonical text, the form CONFIG GET answers with ("yes", "1073741824",
 * "3600 1 300 100 60 10000"); typed getters parse them. Parts of the engine that read a value on
 * the hot path subscribe with onChange() and keep their own copy.
 *
 * The parameters themselves are declared in ConfigParameters.java, one line each.
 */
package dev.rediscover.server;

import dev.rediscover.resp.InlineSplitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

public final class Config {
    /** How a parameter's text is checked and normalised. */
    public enum Kind { BOOL, INT, MEMORY, STRING, ENUM, SPECIAL }

    /** Turns a raw value into canonical text, or throws with Redis's message. */
    @FunctionalInterface
    public interface Normaliser {
        String normalise(String raw) throws ConfigException;
    }

    public static final class Param {
        final String name;
        final String[] aliases;
        final Kind kind;
        final boolean mutable;
        final long min, max;
        final String[] choices;
        final Normaliser special;
        final String defaultValue;
        String value;
        final List<Consumer<String>> listeners = new ArrayList<>();

        Param(String name, String[] aliases, Kind kind, boolean mutable, long min, long max,
              String[] choices, Normaliser special, String defaultValue) {
            this.name = name;
            this.aliases = aliases;
            this.kind = kind;
            this.mutable = mutable;
            this.min = min;
            this.max = max;
            this.choices = choices;
            this.special = special;
            this.defaultValue = defaultValue;
            this.value = defaultValue;
        }

        public String name() { return name; }

        public String value() { return value; }

        public boolean mutable() { return mutable; }

        public String[] aliases() { return aliases; }

        public String defaultValue() { return defaultValue; }

        /** Settable by CONFIG SET only when enable-protected-configs allows it. */
        public boolean isProtected() { return protectedConfig; }

        boolean protectedConfig;
    }

    private final Map<String, Param> params = new LinkedHashMap<>();   // canonical name -> param
    private final Map<String, Param> byAnyName = new LinkedHashMap<>();   // name or alias -> param
    private Path configFile;
    /** Directives that redis.conf may contain but that are not simple parameters (rename-command...). */
    private final List<String[]> extraDirectives = new ArrayList<>();

    public Config() {
        ConfigParameters.declare(this);
    }

    // ---------------------------------------------------------------- declaring

    void declare(String name, Kind kind, boolean mutable, String defaultValue, long min, long max,
                 String[] choices, Normaliser special, String... aliases) {
        Param p = new Param(name, aliases, kind, mutable, min, max, choices, special, defaultValue);
        params.put(name, p);
        byAnyName.put(name, p);
        visibleNames.put(name, p);
        for (String a : aliases) {
            byAnyName.put(a, p);
            visibleNames.put(a, p);
        }
    }

    // ---------------------------------------------------------------- reading

    public Param param(String name) { return byAnyName.get(name.toLowerCase(Locale.ROOT)); }

    public Iterable<Param> all() { return params.values(); }

    /**
     * Every name a parameter answers to (canonical names and aliases) that glob patterns may
     * match, for CONFIG GET. Hidden parameters answer only to their exact name (HIDDEN_CONFIG).
     */
    public Map<String, Param> allNames() { return java.util.Collections.unmodifiableMap(visibleNames); }

    private final Map<String, Param> visibleNames = new LinkedHashMap<>();

    /** Mark a parameter protected (Redis's PROTECTED_CONFIG). */
    void protect(String name) { params.get(name).protectedConfig = true; }

    /** Keep a parameter out of pattern matches (Redis's HIDDEN_CONFIG). */
    void hide(String name) { visibleNames.remove(name); }

    public String get(String name) {
        Param p = param(name);
        if (p == null) throw new IllegalArgumentException("no such config parameter: " + name);
        return p.value;
    }

    public long getLong(String name) { return Long.parseLong(get(name)); }

    public int getInt(String name) { return (int) getLong(name); }

    public boolean getBool(String name) { return get(name).equals("yes"); }

    public Path configFile() { return configFile; }

    public List<String[]> extraDirectives() { return extraDirectives; }

    /** Call listener now with the current value and again whenever it changes. */
    public void onChange(String name, Consumer<String> listener) {
        Param p = param(name);
        p.listeners.add(listener);
        listener.accept(p.value);
    }

    // ---------------------------------------------------------------- writing

    /** Set a parameter from text, validating it. Listeners hear the new value. */
    public void set(String name, String raw) throws ConfigException {
        Param p = param(name);
        if (p == null) throw new ConfigException("Bad directive or wrong number of arguments");
        apply(p, normalise(p, raw));
    }

    /** Store an already normalised value and tell the listeners (CONFIG SET, after validating all). */
    public void apply(Param p, String canonical) {
        p.value = canonical;
        for (Consumer<String> l : p.listeners) l.accept(canonical);
    }

    /** Check and canonicalise a value without storing it (CONFIG SET validates all first). */
    public String normalise(Param p, String raw) throws ConfigException {
        switch (p.kind) {
            case BOOL -> {
                String v = raw.toLowerCase(Locale.ROOT);
                if (!v.equals("yes") && !v.equals("no")) throw new ConfigException("argument must be 'yes' or 'no'");
                return v;
            }
            case INT -> {
                long n;
                try {
                    n = Long.parseLong(raw);
                } catch (NumberFormatException e) {
                    throw new ConfigException("argument couldn't be parsed into an integer");
                }
                checkRange(p, n);
                return Long.toString(n);
            }
            case MEMORY -> {
                long n = parseMemory(raw);
                if (n < 0) throw new ConfigException("argument must be a memory value");
                checkRange(p, n);
                return Long.toString(n);
            }
            case ENUM -> {
                for (String c : p.choices) if (c.equalsIgnoreCase(raw)) return c;
                throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", p.choices));
            }
            case SPECIAL -> { return p.special.normalise(raw); }
            default -> { return raw; }
        }
    }

    private static void checkRange(Param p, long n) throws ConfigException {
        if (n < p.min || n > p.max) {
            throw new ConfigException("argument must be between " + p.min + " and " + p.max + " inclusive");
        }
    }

    /**
     * Redis's memory values (util.c, memtoull): a number with an optional unit, k=1000 kb=1024,
     * m=1000^2 mb=1024^2, g and gb likewise; case-insensitive. Returns -1 when malformed.
     */
    public static long parseMemory(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        long mul = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"},
                {"g", "1000000000"}, {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        if (s.isEmpty()) return 0;     // memtoull reads "" as 0: CONFIG SET maxmemory "" is allowed
        if (t.isEmpty()) return -1;
        for (int i = 0; i < t.length(); i++) if (!Character.isDigit(t.charAt(i))) return -1;
        try {
            return Math.multiplyExact(Long.parseLong(t), mul);
        } catch (ArithmeticException | NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- redis.conf and flags

    /**
     * Build a configuration from redis-server-style arguments:
     * [config-file] [--name value ...]. A file of "-" is read from standard input (not supported:
     * rejected). The flags are applied after the file, so they win, as in Redis.
     */
    public static Config fromArgs(String[] args) throws ConfigException, IOException {
        Config c = new Config();
        int i = 0;
        StringBuilder text = new StringBuilder();
        if (args.length > 0 && !args[0].startsWith("--")) {
            c.configFile = Path.of(args[0]).toAbsolutePath();
            c.load(Files.readString(c.configFile, StandardCharsets.UTF_8), c.configFile.toString());
            i = 1;
        }
        // "--port 6380 --save '' --bind 127.0.0.1 ::1" becomes the lines "port 6380", ...
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                if (text.length() > 0) text.append('\n');
                text.append(a.substring(2));
            } else {
                if (text.length() == 0) {
                    throw new ConfigException("Invalid argument '" + a + "': options start with --, as in --port 6380");
                }
                text.append(' ').append(quote(a));
            }
        }
        c.load(text.toString(), "the command line");
        return c;
    }

    /** Quote an argument so the config-line splitter reads it back as one word. */
    private static String quote(String a) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : a.toCharArray()) {
            if (ch == '"' || ch == '\\') sb.append('\\');
            sb.append(ch);
        }
        return sb.append('"').toString();
    }

    /**
     * Apply redis.conf-format text: one directive per line, words split like redis-cli input,
     * '#' comments. Errors name the line, as redis-server's "FATAL CONFIG FILE ERROR" does.
     */
    public void load(String text, String source) throws ConfigException {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            byte[] raw = line.getBytes(StandardCharsets.UTF_8);
            byte[][] words = InlineSplitter.split(raw, 0, raw.length);
            if (words == null) throw lineError(source, n + 1, line, "Unbalanced quotes in configuration line");
            if (words.length == 0) continue;
            String name = new String(words[0], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            try {
                applyDirective(name, words);
            } catch (ConfigException e) {
                throw lineError(source, n + 1, line, e.getMessage());
            }
        }
    }

    private void applyDirective(String name, byte[][] words) throws ConfigException {
        if (name.equals("include")) throw new ConfigException("include is not supported");
        if (name.equals("rename-command") || name.equals("user") || name.equals("loadmodule")) {
            String[] w = new String[words.length];
            for (int i = 0; i < words.length; i++) w[i] = new String(words[i], StandardCharsets.UTF_8);
            extraDirectives.add(w);
            return;
        }
        Param p = param(name);
        if (p == null) throw new ConfigException("Bad directive or wrong number of arguments");
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < words.length; i++) {
            if (i > 1) value.append(' ');
            value.append(new String(words[i], StandardCharsets.UTF_8));
        }
        if (words.length < 2 && p.kind != Kind.SPECIAL && p.kind != Kind.STRING) {
            throw new ConfigException("wrong number of arguments");
        }
        if (p.name.equals("save")) {
            applySaveLine(p, value.toString());
            return;
        }
        set(name, value.toString());
    }

    /**
     * redis.conf may hold several "save" lines ("save 900 1" then "save 300 10"): the first one in
     * a file replaces the default rules, the next ones add to them, and "save \"\"" clears them
     * (config.c, the save parameter's set function with its "first time" flag).
     */
    private void applySaveLine(Param p, String line) throws ConfigException {
        String rules = normalise(p, line);
        if (!savePairsSeen || rules.isEmpty() || p.value.isEmpty()) {
            savePairsSeen = !rules.isEmpty();
            apply(p, rules);
        } else {
            apply(p, p.value + " " + rules);
        }
    }

    /** Set once a file or the command line gave save rules: later lines add to them. */
    private boolean savePairsSeen;

    // ---------------------------------------------------------------- CONFIG REWRITE

    /**
     * Rewrite the file the server was started with so it holds the current values, keeping its
     * comments, blank lines, order and unknown lines, the way config.c's rewriteConfig does (see
     * ConfigRewrite for the rules). The new text goes to a temporary file renamed over the old
     * one, so a crash never leaves half a configuration behind.
     */
    public void rewrite() throws IOException {
        if (configFile == null) throw new IllegalStateException("no config file");
        List<String> old = Files.exists(configFile) ? Files.readAllLines(configFile, StandardCharsets.UTF_8) : List.of();
        String text = new ConfigRewrite(this).rewrite(old, rewriteUsers == null ? null : rewriteUsers.get());
        Path tmp = configFile.resolveSibling("temp-" + ProcessHandle.current().pid() + ".conf");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, configFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The "user ..." lines CONFIG REWRITE writes (the ACL sets it), or null for none. */
    private java.util.function.Supplier<List<String>> rewriteUsers;

    public void setRewriteUsers(java.util.function.Supplier<List<String>> users) { this.rewriteUsers = users; }

    private static ConfigException lineError(String source, int line, String text, String why) {
        return new ConfigException("\n*** FATAL CONFIG FILE ERROR (Rediscover) ***\n"
                + "Reading the configuration file (" + source + "), at line " + line + "\n"
                + ">>> '" + text + "'\n" + why);
    }
}
