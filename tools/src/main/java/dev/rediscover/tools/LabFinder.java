/*
 * Finds the methods of a file that belong to a lab, following @Lab's rules:
 *
 *  - a method annotated @Lab(n) belongs to lab n;
 *  - otherwise a method belongs to the lab of the nearest enclosing type annotated @Lab(n)
 *    (class, interface, enum, record, through nested member types and enum constant bodies);
 *    constructors never do, and methods of anonymous or local classes never inherit;
 *  - a method without a body (abstract, native, an interface's abstract method) is skipped when
 *    it only inherits its lab from the type: it is the type's contract, not code to write. Put
 *    @Lab on such a method directly and the tool refuses: there is no body to carve;
 *  - a lab method nested inside another lab method's body is covered by the outer stub.
 *
 * The number must be a literal (@Lab(3) or @Lab(value = 3)), at least 1: the tool reads source,
 * it does not evaluate constants.
 */
package dev.rediscover.tools;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

final class LabFinder {
    private static final String SIMPLE = "Lab";
    private static final String QUALIFIED = "dev.rediscover.lab.Lab";

    private LabFinder() {}

    /** Every lab method of the file, in source order. */
    static List<LabMethod> labMethods(JavaFile file) throws CarveException {
        List<LabMethod> found = new ArrayList<>();
        for (MethodDeclaration m : file.unit.findAll(MethodDeclaration.class)) {
            OptionalInt own = labOf(file, m);
            OptionalInt lab = own.isPresent() ? own : inheritedLab(file, m);
            if (lab.isEmpty() || insideLabMethod(file, m)) continue;
            if (m.getBody().isEmpty()) {
                if (own.isPresent()) {
                    throw new CarveException(file.path + ":" + file.line(m) + ": @Lab on " + m.getNameAsString()
                            + ", which has no body (abstract, native or an interface method);"
                            + " annotate the methods that implement it instead");
                }
                continue;
            }
            Optional<Signature> sig = signature(m);
            if (sig.isEmpty()) {
                throw new CarveException(file.path + ":" + file.line(m) + ": @Lab method " + m.getNameAsString()
                        + " is in an anonymous or local class; lab methods must belong to a named member type");
            }
            found.add(new LabMethod(lab.getAsInt(), sig.get(), file.line(m.getName()), m));
        }
        return found;
    }

    /** The signature of any method, or empty if it sits in an anonymous or local class. */
    static Optional<Signature> signature(MethodDeclaration m) {
        List<String> types = new ArrayList<>();
        for (Node n = m.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof TypeDeclaration<?> t) {
                types.add(0, t.getNameAsString());
            } else if (n instanceof EnumConstantDeclaration c) {
                types.add(0, c.getNameAsString());
            } else if (!(n instanceof CompilationUnit)) {
                return Optional.empty(); // inside a body or an expression: a local or anonymous class
            }
        }
        List<String> params = new ArrayList<>();
        for (Parameter p : m.getParameters()) params.add(p.getType().asString() + (p.isVarArgs() ? "..." : ""));
        return Optional.of(new Signature(String.join(".", types), m.getNameAsString(), params));
    }

    /** The lab a type-level @Lab gives the method, through member types only. */
    private static OptionalInt inheritedLab(JavaFile file, MethodDeclaration m) throws CarveException {
        for (Node n = m.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof TypeDeclaration<?> t) {
                OptionalInt lab = labOf(file, t);
                if (lab.isPresent()) return lab;
            } else if (!(n instanceof EnumConstantDeclaration)) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    private static boolean insideLabMethod(JavaFile file, MethodDeclaration m) throws CarveException {
        for (Node n = m.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof MethodDeclaration outer && outer.getBody().isPresent()) {
                if (labOf(file, outer).isPresent() || inheritedLab(file, outer).isPresent()) return true;
            }
        }
        return false;
    }

    /** The number in the node's own @Lab annotation, if it has one. */
    private static OptionalInt labOf(JavaFile file, NodeWithAnnotations<?> node) throws CarveException {
        for (AnnotationExpr a : node.getAnnotations()) {
            String name = a.getNameAsString();
            if (!name.equals(SIMPLE) && !name.equals(QUALIFIED)) continue;
            Expression value = null;
            if (a instanceof SingleMemberAnnotationExpr s) value = s.getMemberValue();
            if (a instanceof NormalAnnotationExpr na) {
                for (MemberValuePair p : na.getPairs()) if (p.getNameAsString().equals("value")) value = p.getValue();
            }
            if (value instanceof IntegerLiteralExpr i && i.asNumber().intValue() >= 1) {
                return OptionalInt.of(i.asNumber().intValue());
            }
            throw new CarveException(file.path + ":" + file.line(a) + ": @Lab needs a literal lab number"
                    + " of at least 1, like @Lab(3); found " + a);
        }
        return OptionalInt.empty();
    }
}
