/*
 * The carving tool's command line: labs/ and the per-lab snapshots are derived from core/ by it,
 * run-lab.sh and CI call it. See tools/README.md and DESIGN.md ("The single-source lab mechanism").
 *
 * Directories are source roots such as core/src/main and labs/src/main: the tool mirrors
 * everything beneath them (java/ and resources/), so a relative path in one names the same file
 * in the other. Exit status: 0 done, 1 refused or differences found, 2 bad usage.
 */
package dev.rediscover.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

public final class Carve {
    static final String USAGE = """
            usage: java -jar rediscover-tools.jar <command> ...
              carve    <core-src-dir> <out-dir>           copy core, every @Lab body replaced by a LabNotDone stub
              snapshot <core-src-dir> <out-dir> <N>       the same, but labs before N keep their bodies
              solve    <core-src-dir> <labs-src-dir> <N>  put core's bodies for lab N into the labs tree
              reset    <core-src-dir> <labs-src-dir> <N>  put lab N's stubs back into the labs tree
              check    <core-src-dir> <labs-src-dir>      fail, listing files, if labs is not what carve makes
              list     <core-src-dir> [N]                 print every lab method (of lab N): NN Class.method file:line
              labs       <core-module> <labs-module>      carve core/src/main into labs/src/main and derive labs/pom.xml
              check-labs <core-module> <labs-module>      check both: the tree and the pom
            """;

    private static final String SRC_MAIN = "src/main";

    private final PrintStream out;
    private final PrintStream err;

    Carve(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Carve(System.out, System.err).run(args));
    }

    /** Runs one command and returns the exit status. */
    int run(String[] args) {
        try {
            return dispatch(args);
        } catch (UsageException e) {
            err.println("carve: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (CarveException e) {
            err.println("carve: " + e.getMessage());
            return 1;
        }
    }

    private int dispatch(String[] args) throws CarveException, UsageException {
        if (args.length == 0 || List.of("help", "-h", "--help").contains(args[0])) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "carve" -> carve(arguments(rest, 2, 2), 1);
            case "snapshot" -> {
                String[] a = arguments(rest, 3, 3);
                yield carve(a, labNumber(a[2]));
            }
            case "solve" -> swap(arguments(rest, 3, 3), LabSwap.Mode.SOLVE);
            case "reset" -> swap(arguments(rest, 3, 3), LabSwap.Mode.RESET);
            case "check" -> check(arguments(rest, 2, 2));
            case "list" -> list(arguments(rest, 1, 2));
            case "labs" -> labsModule(arguments(rest, 2, 2));
            case "check-labs" -> checkLabsModule(arguments(rest, 2, 2));
            default -> throw new UsageException("unknown command '" + args[0] + "'");
        };
    }

    private int carve(String[] a, int firstStubbed) throws CarveException {
        Path core = Path.of(a[0]);
        Path target = Path.of(a[1]);
        Path coreAbs = core.toAbsolutePath().normalize();
        Path targetAbs = target.toAbsolutePath().normalize();
        if (coreAbs.startsWith(targetAbs) || targetAbs.startsWith(coreAbs)) {
            throw new CarveException("the output directory " + target + " must be outside " + core + " (and not contain it)");
        }
        SortedMap<String, byte[]> carved = Carver.carve(core, firstStubbed);
        for (String gone : SourceTree.mirror(target, carved)) out.println("deleted " + target.resolve(gone));
        return 0;
    }

    private int swap(String[] a, LabSwap.Mode mode) throws CarveException, UsageException {
        for (String line : LabSwap.apply(Path.of(a[0]), Path.of(a[1]), labNumber(a[2]), mode)) out.println(line);
        return 0;
    }

    private int check(String[] a) throws CarveException {
        Path labs = Path.of(a[1]);
        SortedMap<String, byte[]> expected = Carver.carve(Path.of(a[0]), 1);
        Map<String, Path> actual = java.nio.file.Files.isDirectory(labs) ? SourceTree.files(labs) : Map.of();
        int differences = 0;
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            Path have = actual.get(e.getKey());
            if (have == null) {
                out.println("missing  " + labs.resolve(e.getKey()));
                differences++;
            } else if (!Arrays.equals(SourceTree.read(have), e.getValue())) {
                out.println("differs  " + labs.resolve(e.getKey()));
                differences++;
            }
        }
        for (String rel : actual.keySet()) {
            if (!expected.containsKey(rel)) {
                out.println("extra    " + labs.resolve(rel));
                differences++;
            }
        }
        if (differences == 0) return 0;
        err.println("carve: " + differences + " file(s) in " + labs + " differ from a fresh carve of " + a[0]
                + "; regenerate with: carve " + a[0] + " " + a[1]);
        return 1;
    }

    /** The whole labs module: src/main carved, pom.xml derived from core's (LabsPom). */
    private int labsModule(String[] a) throws CarveException {
        Path core = Path.of(a[0]), labs = Path.of(a[1]);
        int status = carve(new String[]{core.resolve(SRC_MAIN).toString(), labs.resolve(SRC_MAIN).toString()}, 1);
        byte[] pom = labsPom(core);
        Path labsPom = labs.resolve("pom.xml");
        if (!java.nio.file.Files.exists(labsPom) || !Arrays.equals(SourceTree.read(labsPom), pom)) SourceTree.write(labsPom, pom);
        return status;
    }

    private int checkLabsModule(String[] a) throws CarveException {
        Path core = Path.of(a[0]), labs = Path.of(a[1]);
        int status = check(new String[]{core.resolve(SRC_MAIN).toString(), labs.resolve(SRC_MAIN).toString()});
        Path labsPom = labs.resolve("pom.xml");
        if (!java.nio.file.Files.exists(labsPom)) {
            out.println("missing  " + labsPom);
            status = 1;
        } else if (!Arrays.equals(SourceTree.read(labsPom), labsPom(core))) {
            out.println("differs  " + labsPom);
            status = 1;
        }
        if (status != 0) err.println("carve: regenerate labs/ with: labs " + a[0] + " " + a[1] + "  (./run-lab.sh regenerate)");
        return status;
    }

    private static byte[] labsPom(Path core) throws CarveException {
        String derived = LabsPom.derive(SourceTree.readText(core.resolve("pom.xml")));
        return derived.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private int list(String[] a) throws CarveException, UsageException {
        Path core = Path.of(a[0]);
        Integer only = a.length > 1 ? labNumber(a[1]) : null;
        for (Carver.Located l : Carver.list(core)) {
            LabMethod m = l.method();
            if (only != null && m.lab() != only) continue;
            String file = core.resolve(l.file()).toString().replace(java.io.File.separatorChar, '/');
            out.printf("%02d %s %s:%d%n", m.lab(), m.signature().qualifiedName(), file, m.line());
        }
        return 0;
    }

    private static String[] arguments(String[] rest, int min, int max) throws UsageException {
        if (rest.length < min || rest.length > max) {
            throw new UsageException("expected " + (min == max ? min : min + " or " + max) + " arguments, got " + rest.length);
        }
        return rest;
    }

    private static int labNumber(String s) throws UsageException {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // fall through to the usage error
        }
        throw new UsageException("a lab number is 1 or more, not '" + s + "'");
    }

    /** Wrong arguments: print the usage. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
