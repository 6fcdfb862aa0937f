/*
 * One method whose body belongs to a lab: its lab number, its signature, where it is, and the
 * parsed declaration (from the JavaFile it was found in) so its body can be read or replaced.
 */
package dev.rediscover.tools;

import com.github.javaparser.ast.body.MethodDeclaration;

public record LabMethod(int lab, Signature signature, int line, MethodDeclaration declaration) {
}
