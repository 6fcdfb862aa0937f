/*
 * The console runner behind `./run-lab.sh NN`: runs the lesson tests of the labs named on the
 * command line, on whatever engine is on the class path (labs/, core/ or a snapshot), and prints
 * one line per test, ✓ or ✗, with the failure's explanation under it — no build-tool noise.
 *
 *   java -cp <engine>:<lesson tests>:<test libraries> dev.rediscover.testing.LabRunner [--summary] 01-resp 02 3
 *
 * Lab NN's tests are the classes in package dev.rediscover.lessons.labNN (and below). The last
 * line is "N passed, N failed". --summary prints only one line per lab, "lab NN <passed> <failed>",
 * for run-lab.sh's progress table, and a "failed <test>: <message>" line per failure. Exit status: 0 all passed, 1 a test failed, 2 no test found.
 *
 * What the engine prints while a test runs (its log, a learner's System.out debugging) is kept
 * and shown under that test only when it fails.
 *
 * Test classes run lab by lab, and in a lab by their @Order (LabClassOrderer): a lesson numbers
 * its classes by task, so the output reads in the order the learner works. Repetitions of a
 * @RepeatedTest or @ParameterizedTest that fail with the same message are printed once with a
 * count. The last lines name the first failing test (and the stub it hit, if any): "next: ...".
 */
package dev.rediscover.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

public final class LabRunner implements TestExecutionListener {
    private static final String PACKAGE = "dev.rediscover.lessons.lab";
    private static final int MAX_OUTPUT_LINES = 15;

    private final PrintStream out;
    private final boolean summary;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final Map<String, int[]> perLab = new TreeMap<>();   // lab -> {passed, failed}
    private final Map<String, String> topics = new TreeMap<>();  // lab -> topic, for headers
    private String currentLab;
    private TestPlan plan;
    private String firstFailure;          // the "next: ..." line, from the first test that failed
    private String lastFailureParent, lastFailureMessage;   // to fold identical repetitions
    private int foldedRepeats;

    private LabRunner(PrintStream out, boolean summary) {
        this.out = out;
        this.summary = summary;
    }

    public static void main(String[] args) {
        boolean summary = false;
        List<String> labs = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--summary")) summary = true;
            else labs.add(a);
        }
        PrintStream console = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.exit(new LabRunner(console, summary).run(labs));
    }

    /** Labs are given as numbers ("3", "03") or lesson folder names ("03-strings", for the header). */
    private int run(List<String> args) {
        List<String> labs = new ArrayList<>();
        for (String a : args) {
            int dash = a.indexOf('-');
            String lab = dash < 0 ? a : a.substring(0, dash);
            if (lab.length() == 1) lab = "0" + lab;
            if (dash >= 0) topics.put(lab, a.substring(dash + 1));
            labs.add(lab);
            perLab.put(lab, new int[2]);
        }
        LauncherDiscoveryRequest req = request()
                .selectors(labs.stream().map(l -> selectPackage(PACKAGE + l)).toList())
                .configurationParameter("junit.jupiter.testclass.order.default",
                        LabClassOrderer.class.getName())
                .build();
        PrintStream realOut = System.out, realErr = System.err;
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            LauncherFactory.create().execute(req, this);
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        int passed = 0, failed = 0;
        for (Map.Entry<String, int[]> e : perLab.entrySet()) {
            passed += e.getValue()[0];
            failed += e.getValue()[1];
            if (summary) out.println("lab " + e.getKey() + " " + e.getValue()[0] + " " + e.getValue()[1]);
        }
        if (!summary) {
            out.println();
            out.println(passed + " passed, " + failed + " failed");
            if (firstFailure != null) out.println(firstFailure);
        }
        return passed + failed == 0 ? 2 : failed > 0 ? 1 : 0;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) { plan = testPlan; }

    @Override
    public void executionStarted(TestIdentifier id) {
        captured.reset();
        if (summary) return;
        if (id.getSource().orElse(null) instanceof ClassSource cs && id.isContainer()) {
            String lab = labOf(cs.getClassName());
            if (!lab.equals(currentLab)) {
                currentLab = lab;
                out.println();
                out.println("Lab " + lab + (topics.containsKey(lab) ? " · " + topics.get(lab) : ""));
            }
            if (plan.getParent(id).flatMap(p -> p.getSource()).filter(s -> s instanceof ClassSource).isEmpty()) {
                out.println("  " + id.getDisplayName());
            }
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest() && foldedRepeats > 0 && id.getUniqueId().equals(lastFailureParent)) {
            if (!summary) out.println("      (and " + foldedRepeats + " more " + (foldedRepeats == 1 ? "run" : "runs") + " of it failed the same way)");
            foldedRepeats = 0;
        }
        if (!id.isTest()) {
            // A class that fails before its tests run (a @BeforeAll, a server that will not start)
            // counts as one failure, so it cannot look like "no tests".
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && id.getSource().orElse(null) instanceof ClassSource cs) {
                count(labOf(cs.getClassName()), false);
                report(id, result, "✗ " + id.getDisplayName() + " (could not run its tests)");
            }
            return;
        }
        String lab = id.getSource().orElse(null) instanceof MethodSource ms ? labOf(ms.getClassName()) : currentLab;
        boolean ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            if (!summary) out.println("    - " + name(id) + " (skipped)");
            return;
        }
        count(lab, ok);
        if (ok) {
            if (!summary) out.println("    ✓ " + name(id));
        } else if (!foldRepeat(id, result)) {
            report(id, result, "✗ " + name(id));
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (!summary && id.isTest()) out.println("    - " + name(id) + " (skipped: " + reason + ")");
    }

    /**
     * A repetition of a template (@RepeatedTest, @ParameterizedTest) that fails with the same
     * message as the one before it is counted, not printed; the count is shown when the template
     * finishes. Returns true when the failure was folded.
     */
    private boolean foldRepeat(TestIdentifier id, TestExecutionResult result) {
        String parent = plan.getParent(id)
                .filter(p -> !(p.getSource().orElse(null) instanceof ClassSource))
                .map(TestIdentifier::getUniqueId).orElse(null);
        String msg = result.getThrowable().map(t -> t.getClass().getName() + ":" + t.getMessage()).orElse("");
        if (parent != null && parent.equals(lastFailureParent) && msg.equals(lastFailureMessage)) {
            foldedRepeats++;
            return true;
        }
        lastFailureParent = parent;
        lastFailureMessage = msg;
        foldedRepeats = 0;
        return false;
    }

    private void report(TestIdentifier id, TestExecutionResult result, String headline) {
        if (summary) {
            // One line per failure, so a CI log that only shows the table still names the test.
            String testClass = id.getSource().orElse(null) instanceof MethodSource ms ? ms.getClassName() : "";
            String msg = result.getThrowable().map(t -> String.valueOf(t.getMessage()).lines().findFirst().orElse("")).orElse("");
            out.println("failed " + testClass.substring(testClass.lastIndexOf('.') + 1) + " › " + name(id) + ": " + msg);
            return;
        }
        out.println("    " + headline);
        Throwable t = result.getThrowable().orElse(null);
        String testClass = id.getSource().orElse(null) instanceof MethodSource ms ? ms.getClassName()
                : id.getSource().orElse(null) instanceof ClassSource cs ? cs.getClassName() : null;
        String where = null, method = null;
        if (t != null) {
            String msg = t instanceof AssertionError ? String.valueOf(t.getMessage())
                    : t.getClass().getSimpleName() + ": " + t.getMessage();
            for (String line : trimLines(msg)) out.println("        " + line);
            method = Explain.unwrittenMethod(t.getMessage());
            if (method != null && !(t instanceof AssertionError)) {
                out.println("        hint: " + method + " is still a stub: write its body (see the lesson's tasks)");
            }
            where = whereInTest(t, testClass);
            if (where != null) out.println("        at " + where);
        }
        if (firstFailure == null) {
            String test = (testClass == null ? "" : testClass.substring(testClass.lastIndexOf('.') + 1) + " › ") + name(id);
            firstFailure = method != null
                    ? "next: write " + method + " (the first failing test, " + test + ", reaches its stub)"
                    : "next: make \"" + test + "\" pass" + (where == null ? "" : " (" + where + ")");
        }
        String output = captured.toString(StandardCharsets.UTF_8).strip();
        if (!output.isEmpty()) {
            out.println("        output while it ran:");
            String[] lines = output.split("\\R");
            for (int i = 0; i < Math.min(lines.length, MAX_OUTPUT_LINES); i++) out.println("        | " + lines[i]);
            if (lines.length > MAX_OUTPUT_LINES) out.println("        | ... " + (lines.length - MAX_OUTPUT_LINES) + " more lines");
        }
    }

    /** The test's own name; a parameterized invocation also shows its template's name. */
    private String name(TestIdentifier id) {
        String parent = plan.getParent(id)
                .filter(p -> !(p.getSource().orElse(null) instanceof ClassSource))
                .map(TestIdentifier::getDisplayName).orElse(null);
        return parent == null ? id.getDisplayName() : parent + " " + id.getDisplayName();
    }

    private void count(String lab, boolean ok) {
        perLab.computeIfAbsent(lab, k -> new int[2])[ok ? 0 : 1]++;
    }

    private static String labOf(String className) {
        if (!className.startsWith(PACKAGE)) return "??";
        String rest = className.substring(PACKAGE.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /**
     * The message's lines without the indent they share and without blank lines around them
     * (String.strip would take the first line's indent only, leaving it out of line with the rest).
     */
    private static List<String> trimLines(String msg) {
        List<String> lines = new ArrayList<>(List.of(msg.stripIndent().split("\\R")));
        while (!lines.isEmpty() && lines.get(0).isBlank()) lines.remove(0);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) lines.remove(lines.size() - 1);
        return lines;
    }

    /**
     * Where the failure happened in the test, as File.java:line, so the learner can open it: the
     * first frame in the test's own class (not a shared helper such as Wire.java), else the first
     * frame in lesson code.
     */
    private static String whereInTest(Throwable t, String testClass) {
        if (testClass != null) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                for (StackTraceElement e : c.getStackTrace()) {
                    String cn = e.getClassName();
                    if ((cn.equals(testClass) || cn.startsWith(testClass + "$")) && e.getFileName() != null) {
                        return e.getFileName() + ":" + e.getLineNumber();
                    }
                }
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (StackTraceElement e : c.getStackTrace()) {
                if (e.getClassName().startsWith("dev.rediscover.lessons.") && e.getFileName() != null) {
                    return e.getFileName() + ":" + e.getLineNumber();
                }
            }
        }
        return null;
    }
}
