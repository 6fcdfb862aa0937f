/*
 * How a method is recognised across core/ and the learner's labs/ tree: the path of types that
 * declare it (Outer.Inner, or Enum.CONSTANT for a constant's own body), its name, and its
 * parameter types as written. A learner may change everything in a method except these, and
 * solve/reset still find it; overloads stay apart because the parameter types differ.
 */
package dev.rediscover.tools;

import java.util.List;

public record Signature(String typePath, String name, List<String> parameterTypes) {
    /** What LabNotDone reports and the learner searches for: "StringCommands.get". */
    public String qualifiedName() {
        return typePath + "." + name;
    }

    /** "StringCommands.get(Client)", for messages that must tell overloads apart. */
    @Override
    public String toString() {
        return qualifiedName() + "(" + String.join(", ", parameterTypes) + ")";
    }
}
