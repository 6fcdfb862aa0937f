/*
 * labs/pom.xml, derived from core/pom.xml. labs/ is core/ with the lab bodies carved out, so its
 * build is core's build under another name: the same dependencies and plugins, artifactId
 * rediscover-labs, jar rediscover-labs.jar, and a header saying the file is generated.
 *
 * The derivation is a handful of exact text replacements, each of which must match exactly once;
 * if core's pom changes shape so that one does not, the tool refuses rather than guess. Like the
 * carve, it is deterministic, so `check-labs` can compare byte for byte.
 */
package dev.rediscover.tools;

final class LabsPom {
    static final String CORE_ARTIFACT = "<artifactId>rediscover-core</artifactId>";
    static final String LABS_ARTIFACT = "<artifactId>rediscover-labs</artifactId>";
    static final String HEADER = """
            <!--
              GENERATED from core/pom.xml by the carving tool (tools/, LabsPom): do not edit. Regenerate
              with ./run-lab.sh regenerate. labs/ is the learner's workspace: core/ with every @Lab
              method body replaced by a LabNotDone stub, built as rediscover-labs.jar.
            -->""";

    private LabsPom() {}

    static String derive(String corePom) throws CarveException {
        String pom = corePom;
        pom = replaceOnce(pom, between(pom, "<!--", "-->"), HEADER, "the header comment");
        int parentEnd = pom.indexOf("</parent>");
        if (parentEnd < 0) throw new CarveException("core/pom.xml: no <parent> element");
        String head = pom.substring(0, parentEnd), tail = pom.substring(parentEnd);
        tail = replaceOnce(tail, CORE_ARTIFACT, LABS_ARTIFACT, "the module's own " + CORE_ARTIFACT);
        tail = replaceOnce(tail, between(tail, "<name>", "</name>"), "<name>Rediscover labs (generated from core)</name>", "the <name>");
        tail = replaceOnce(tail, "<finalName>rediscover</finalName>", "<finalName>rediscover-labs</finalName>", "<finalName>rediscover</finalName>");
        return head + tail;
    }

    /** The first text from open to close, both included; "" if there is none. */
    private static String between(String s, String open, String close) {
        int a = s.indexOf(open);
        int b = a < 0 ? -1 : s.indexOf(close, a);
        return b < 0 ? "" : s.substring(a, b + close.length());
    }

    private static String replaceOnce(String s, String what, String with, String description) throws CarveException {
        int at = what.isEmpty() ? -1 : s.indexOf(what);
        if (at < 0 || s.indexOf(what, at + 1) >= 0) {
            throw new CarveException("core/pom.xml: expected exactly one " + description + " to derive labs/pom.xml from");
        }
        return s.substring(0, at) + with + s.substring(at + what.length());
    }
}
