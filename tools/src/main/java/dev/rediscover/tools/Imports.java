/*
 * The one import a carved file may need: dev.rediscover.lab.LabNotDone, which the stubs throw.
 *
 * Carving adds it (unless the file already imports it or lives in dev.rediscover.lab); solve
 * takes it out again once no stub is left and core's file never had it, so carve-then-solve gives
 * back core's file byte for byte. The edit is a splice at a position JavaParser gives: the
 * LexicalPreservingPrinter's own import insertion and removal choose their line breaks
 * asymmetrically (a removal eats the blank line after the imports), which would break that
 * round trip. Placement, in order of preference:
 *  - on the line after `import dev.rediscover.lab.Lab;` (core's files import it for @Lab);
 *  - on the line after the last import;
 *  - after the package line, as its own paragraph;
 *  - at the top of a file with neither.
 * Removal undoes exactly that, including the paragraph's blank line.
 */
package dev.rediscover.tools;

import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.PackageDeclaration;
import com.github.javaparser.ast.expr.SimpleName;

import java.util.List;
import java.util.Optional;

final class Imports {
    static final String PACKAGE = "dev.rediscover.lab";
    static final String LAB_NOT_DONE = PACKAGE + ".LabNotDone";
    private static final String LINE = "import " + LAB_NOT_DONE + ";";

    private Imports() {}

    /** True when code in this file can name LabNotDone without adding an import. */
    static boolean canSeeLabNotDone(JavaFile file) {
        if (file.unit.getPackageDeclaration().map(p -> p.getNameAsString().equals(PACKAGE)).orElse(false)) {
            return true;
        }
        return file.unit.getImports().stream().anyMatch(i -> !i.isStatic()
                && (i.isAsterisk() ? i.getNameAsString().equals(PACKAGE) : i.getNameAsString().equals(LAB_NOT_DONE)));
    }

    /** True when the file mentions LabNotDone anywhere outside its imports. */
    static boolean usesLabNotDone(JavaFile file) {
        return file.unit.findAll(SimpleName.class).stream().anyMatch(n -> n.getIdentifier().equals("LabNotDone"));
    }

    /** The file's text with the LabNotDone import added (the file must not already see it). */
    static String add(JavaFile file) {
        String text = file.text;
        List<ImportDeclaration> imports = file.unit.getImports();
        Optional<ImportDeclaration> anchor = imports.stream()
                .filter(i -> !i.isStatic() && !i.isAsterisk() && i.getNameAsString().equals(PACKAGE + ".Lab"))
                .findFirst();
        if (anchor.isEmpty() && !imports.isEmpty()) anchor = Optional.of(imports.get(imports.size() - 1));
        if (anchor.isPresent()) {
            int at = Lines.end(text, file.end(anchor.get()));
            return insert(text, at, Lines.separator(text, at, text.length()) + LINE);
        }
        Optional<PackageDeclaration> pkg = file.unit.getPackageDeclaration();
        String sep = Lines.separator(text, 0, text.length());
        if (pkg.isPresent()) {
            int at = Lines.end(text, file.end(pkg.get()));
            return insert(text, at, sep + sep + LINE);
        }
        return insert(text, 0, LINE + sep + sep);
    }

    /**
     * The file's text without its single-type LabNotDone import, undoing add(); unchanged when
     * there is no such import or it shares its line with other code.
     */
    static String remove(JavaFile file) {
        String text = file.text;
        Optional<ImportDeclaration> imp = file.unit.getImports().stream()
                .filter(i -> !i.isStatic() && !i.isAsterisk() && i.getNameAsString().equals(LAB_NOT_DONE))
                .findFirst();
        if (imp.isEmpty()) return text;
        int start = file.start(imp.get());
        int end = file.end(imp.get());
        int lineStart = Lines.start(text, start);
        int lineEnd = Lines.end(text, end);
        if (!Lines.blank(text, lineStart, start) || !Lines.blank(text, end, lineEnd)) return text;
        boolean otherImports = file.unit.getImports().size() > 1;
        if (lineStart == 0) {
            // added at the top as "import ...;" + blank line
            int cut = lineEnd + Lines.breakLength(text, lineEnd);
            if (!otherImports && emptyLineAt(text, cut)) cut += Lines.breakLength(text, cut);
            return text.substring(cut);
        }
        int cut = lineStart - Lines.breakBefore(text, lineStart);
        // added after the package line as its own paragraph: take the paragraph's blank line too
        if (!otherImports && emptyLineEndingAt(text, cut) && emptyLineAt(text, lineEnd + Lines.breakLength(text, lineEnd))) {
            cut -= Lines.breakBefore(text, cut);
        }
        return text.substring(0, cut) + text.substring(lineEnd);
    }

    /** True when an empty line starts at offset i (a line break right there). */
    private static boolean emptyLineAt(String text, int i) {
        return Lines.breakLength(text, i) > 0;
    }

    /** True when the line ending at offset i (a break at i) is empty. */
    private static boolean emptyLineEndingAt(String text, int i) {
        return Lines.breakLength(text, i) > 0 && Lines.breakBefore(text, i) > 0;
    }

    private static String insert(String text, int at, String what) {
        return text.substring(0, at) + what + text.substring(at);
    }
}
