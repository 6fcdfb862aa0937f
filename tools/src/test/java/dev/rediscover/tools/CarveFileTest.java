/*
 * Carving one file: which methods get stubbed, what the stub looks like, and that every byte
 * outside the replaced bodies survives (comments, odd spacing, braces in strings and text blocks).
 */
package dev.rediscover.tools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CarveFileTest {
    private static String carve(String source) throws CarveException {
        return Carver.carveFile("T.java", source, 1);
    }

    @Test
    void replacesAnAnnotatedBodyAndAddsTheImportAfterLab() throws Exception {
        String source = """
                package p;

                import dev.rediscover.lab.Lab;
                import java.util.List;

                class Strings {
                    /** GET key */
                    @Lab(3)
                    static void get(List<String> c) {
                        int x = 1;
                        if (x > 0) { x++; }
                    }

                    static int helper() {
                        return 2;
                    }
                }
                """;
        assertThat(carve(source)).isEqualTo("""
                package p;

                import dev.rediscover.lab.Lab;
                import dev.rediscover.lab.LabNotDone;
                import java.util.List;

                class Strings {
                    /** GET key */
                    @Lab(3)
                    static void get(List<String> c) {
                        throw new LabNotDone(3, "Strings.get");
                    }

                    static int helper() {
                        return 2;
                    }
                }
                """);
    }

    @Test
    void leavesAFileWithoutLabsUntouched() throws Exception {
        String source = "package p;\n\n  class   X{int f(){return 1;}}  // odd\n";
        assertThat(carve(source)).isSameAs(source);
    }

    @Test
    void keepsEveryByteOutsideTheBodies() throws Exception {
        String source = """
                package p;
                import dev.rediscover.lab.Lab;   // trailing comment
                /* a { block } comment */
                class   Odd   {
                    static final String BRACES = "}{ \\" { }";
                    static final String BLOCK = \"""
                        { not code }
                        \""";
                    char c = '{';

                    @Lab(2)   int  weird ( int a ,int b )/* before body */{ return a
                        + b; }   // after body

                    // a comment with a } brace
                    @Lab(value = 2)
                    public <T extends Comparable<T>> T max(T a, T b) {
                        String s = "}";
                        Runnable r = () -> { System.out.println("{"); };
                        String tb = \"""
                            }}}
                            \""";
                        return a.compareTo(b) >= 0 ? a : b;
                    }
                    int   tail( ) { return   0 ; }
                }
                """;
        String carved = carve(source);
        assertThat(carved).isEqualTo("""
                package p;
                import dev.rediscover.lab.Lab;   // trailing comment
                import dev.rediscover.lab.LabNotDone;
                /* a { block } comment */
                class   Odd   {
                    static final String BRACES = "}{ \\" { }";
                    static final String BLOCK = \"""
                        { not code }
                        \""";
                    char c = '{';

                    @Lab(2)   int  weird ( int a ,int b )/* before body */{
                        throw new LabNotDone(2, "Odd.weird");
                    }   // after body

                    // a comment with a } brace
                    @Lab(value = 2)
                    public <T extends Comparable<T>> T max(T a, T b) {
                        throw new LabNotDone(2, "Odd.max");
                    }
                    int   tail( ) { return   0 ; }
                }
                """);
    }

    /**
     * Java 17 in full: sealed types, records with compact constructors, switch expressions with
     * yield, varargs generics, a comment between ')' and '{' (LexicalPreservingPrinter's own node
     * replacement drops it), empty bodies, braces in text blocks, chars and anonymous classes.
     * The expected file was checked by eye once and is compared byte for byte.
     */
    @Test
    void aFileFullOfAwkwardJavaCarvesExactly() throws Exception {
        String source = resource("carving/Stress.java.txt");
        assertThat(carve(source)).isEqualTo(resource("carving/Stress.carved.txt"));
    }

    private static String resource(String name) throws java.io.IOException {
        try (var in = CarveFileTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aOneLineBodyGetsAOneLineStub() throws Exception {
        String source = "package p;\nimport dev.rediscover.lab.Lab;\nclass A {\n    @Lab(1) int size() { return n; }\n}\n";
        assertThat(carve(source)).isEqualTo("package p;\nimport dev.rediscover.lab.Lab;\nimport dev.rediscover.lab.LabNotDone;\n"
                + "class A {\n    @Lab(1) int size() { throw new LabNotDone(1, \"A.size\"); }\n}\n");
    }

    @Test
    void followsTabsAndCrLf() throws Exception {
        String source = "package p;\r\nimport dev.rediscover.lab.Lab;\r\nclass A {\r\n\t@Lab(1)\r\n\tvoid f() {\r\n\t\tg();\r\n\t}\r\n"
                + "\t@Lab(1)\r\n\tvoid e() {\r\n\t}\r\n}\r\n";
        assertThat(carve(source)).isEqualTo("package p;\r\nimport dev.rediscover.lab.Lab;\r\nimport dev.rediscover.lab.LabNotDone;\r\n"
                + "class A {\r\n\t@Lab(1)\r\n\tvoid f() {\r\n\t\tthrow new LabNotDone(1, \"A.f\");\r\n\t}\r\n"
                + "\t@Lab(1)\r\n\tvoid e() {\r\n\t\tthrow new LabNotDone(1, \"A.e\");\r\n\t}\r\n}\r\n");
    }

    @Test
    void aBodyStartingWithACommentTakesTheCommentsIndentation() throws Exception {
        String source = "package p;\nimport dev.rediscover.lab.Lab;\nclass A {\n  @Lab(1)\n  void f() {\n      // why\n      g(); }\n}\n";
        assertThat(carve(source)).contains("  void f() {\n      throw new LabNotDone(1, \"A.f\");\n  }\n}\n");
    }

    @Test
    void aClassAnnotationMarksEveryMethodButNotConstructors() throws Exception {
        String source = """
                package p;

                import dev.rediscover.lab.Lab;

                @Lab(5)
                final class SkipList {
                    private int level;

                    SkipList() {
                        level = 1;
                    }

                    int level() {
                        return level;
                    }

                    @Lab(6)
                    void later() {
                        level = 2;
                    }

                    static final class Node {
                        Node next() {
                            return null;
                        }
                    }
                }
                """;
        String carved = carve(source);
        assertThat(carved)
                .contains("    SkipList() {\n        level = 1;\n    }")
                .contains("    int level() {\n        throw new LabNotDone(5, \"SkipList.level\");\n    }")
                .contains("    void later() {\n        throw new LabNotDone(6, \"SkipList.later\");\n    }")
                .contains("        Node next() {\n            throw new LabNotDone(5, \"SkipList.Node.next\");\n        }");
    }

    @Test
    void nestedTypesAreNamedOuterDotInner() throws Exception {
        String source = """
                package p;
                import dev.rediscover.lab.Lab;
                class Outer {
                    static class Inner {
                        class Deepest {
                            @Lab(7)
                            void f() {
                                g();
                            }
                        }
                    }
                    record Pair(int a, int b) {
                        @Lab(7)
                        int sum() {
                            return a + b;
                        }
                    }
                }
                """;
        assertThat(carve(source))
                .contains("throw new LabNotDone(7, \"Outer.Inner.Deepest.f\");")
                .contains("throw new LabNotDone(7, \"Outer.Pair.sum\");");
    }

    @Test
    void overloadsAreEachStubbed() throws Exception {
        String source = """
                package p;
                import dev.rediscover.lab.Lab;
                class W {
                    @Lab(1)
                    void bulk(byte[] b) {
                        bulk(b, 0, b.length);
                    }
                    @Lab(1)
                    void bulk(byte[] b, int off, int len) {
                        write(b, off, len);
                    }
                    void bulk(String s) {
                        bulk(s.getBytes());
                    }
                }
                """;
        String carved = carve(source);
        assertThat(carved).containsOnlyOnce("void bulk(byte[] b) {\n        throw new LabNotDone(1, \"W.bulk\");")
                .containsOnlyOnce("void bulk(byte[] b, int off, int len) {\n        throw new LabNotDone(1, \"W.bulk\");")
                .contains("void bulk(String s) {\n        bulk(s.getBytes());");
    }

    @Test
    void interfaceDefaultMethodsAreStubbedAndAbstractOnesSkipped() throws Exception {
        String source = """
                package p;
                import dev.rediscover.lab.Lab;
                @Lab(8)
                interface Sink {
                    void accept(int x);

                    default void acceptTwice(int x) {
                        accept(x);
                        accept(x);
                    }

                    static Sink nothing() {
                        return x -> { };
                    }
                }
                """;
        assertThat(carve(source))
                .contains("    void accept(int x);\n")
                .contains("default void acceptTwice(int x) {\n        throw new LabNotDone(8, \"Sink.acceptTwice\");\n    }")
                .contains("static Sink nothing() {\n        throw new LabNotDone(8, \"Sink.nothing\");\n    }");
    }

    @Test
    void enumConstantBodiesAreNamedAfterTheConstant() throws Exception {
        String source = """
                package p;
                import dev.rediscover.lab.Lab;
                @Lab(9)
                enum Op {
                    ADD {
                        int apply(int a, int b) {
                            return a + b;
                        }
                    };
                    abstract int apply(int a, int b);
                }
                """;
        assertThat(carve(source)).contains("throw new LabNotDone(9, \"Op.ADD.apply\");")
                .contains("    abstract int apply(int a, int b);");
    }

    @Test
    void aLabMethodInsideALabBodyIsCoveredByTheOuterStub() throws Exception {
        String source = """
                package p;
                import dev.rediscover.lab.Lab;
                class A {
                    @Lab(1)
                    Runnable f() {
                        return new Runnable() {
                            @Lab(1)
                            public void run() {
                                g();
                            }
                        };
                    }
                }
                """;
        assertThat(carve(source)).contains("Runnable f() {\n        throw new LabNotDone(1, \"A.f\");\n    }\n}");
    }

    @Test
    void refusesLabOnAMethodWithoutABody() {
        String source = "package p;\nimport dev.rediscover.lab.Lab;\nabstract class A {\n    @Lab(3)\n    abstract void f();\n}\n";
        assertThatThrownBy(() -> carve(source)).isInstanceOf(CarveException.class)
                .hasMessageContaining("T.java:4").hasMessageContaining("@Lab on f, which has no body");
    }

    @Test
    void refusesALabNumberThatIsNotALiteral() {
        String source = "package p;\nimport dev.rediscover.lab.Lab;\nclass A {\n    @Lab(N)\n    void f() {}\n}\n";
        assertThatThrownBy(() -> carve(source)).isInstanceOf(CarveException.class)
                .hasMessageContaining("T.java:4: @Lab needs a literal lab number");
        String zero = "package p;\nclass A {\n    @dev.rediscover.lab.Lab(0)\n    void f() {}\n}\n";
        assertThatThrownBy(() -> carve(zero)).hasMessageContaining("at least 1");
    }

    @Test
    void refusesALabMethodInAnAnonymousClassOutsideALabBody() {
        String source = """
                package p;
                import dev.rediscover.lab.Lab;
                class A {
                    Runnable r = new Runnable() {
                        @Lab(1)
                        public void run() {
                            g();
                        }
                    };
                }
                """;
        assertThatThrownBy(() -> carve(source)).isInstanceOf(CarveException.class)
                .hasMessageContaining("T.java:5").hasMessageContaining("anonymous or local class");
    }

    @Test
    void refusesAFileThatDoesNotParse() {
        assertThatThrownBy(() -> carve("class A { void f( }")).isInstanceOf(CarveException.class)
                .hasMessageStartingWith("T.java: does not parse");
    }

    @Test
    void aSnapshotKeepsTheEarlierLabs() throws Exception {
        String source = """
                package p;
                import dev.rediscover.lab.Lab;
                class A {
                    @Lab(3)
                    void three() {
                        a();
                    }
                    @Lab(4)
                    void four() {
                        b();
                    }
                    @Lab(5)
                    void five() {
                        c();
                    }
                }
                """;
        String snapshot = Carver.carveFile("T.java", source, 4);
        assertThat(snapshot).contains("void three() {\n        a();")
                .contains("throw new LabNotDone(4, \"A.four\");").contains("throw new LabNotDone(5, \"A.five\");");
        assertThat(Carver.carveFile("T.java", source, 6)).isSameAs(source);
    }

    @Test
    void theImportGoesAfterTheLastImportWhenLabIsNotImported() throws Exception {
        String source = "package p;\n\nimport java.util.List; // why\nimport static java.lang.Math.max;\n\nclass A {\n"
                + "    @dev.rediscover.lab.Lab(1)\n    void f() {\n        g();\n    }\n}\n";
        assertThat(carve(source)).startsWith("package p;\n\nimport java.util.List; // why\n"
                + "import static java.lang.Math.max;\nimport dev.rediscover.lab.LabNotDone;\n\nclass A {\n");
    }

    @Test
    void theImportGetsItsOwnParagraphAfterThePackageWhenThereAreNoImports() throws Exception {
        String source = "package p;\n\nclass A {\n    @dev.rediscover.lab.Lab(1)\n    void f() {\n        g();\n    }\n}\n";
        assertThat(carve(source)).startsWith("package p;\n\nimport dev.rediscover.lab.LabNotDone;\n\nclass A {\n");
        String noPackage = "class A {\n    @dev.rediscover.lab.Lab(1)\n    void f() {\n        g();\n    }\n}\n";
        assertThat(carve(noPackage)).startsWith("import dev.rediscover.lab.LabNotDone;\n\nclass A {\n");
    }

    @Test
    void noImportWhenTheFileAlreadySeesLabNotDone() throws Exception {
        String inPackage = "package dev.rediscover.lab;\n\nclass A {\n    @Lab(1)\n    void f() {\n        g();\n    }\n}\n";
        assertThat(carve(inPackage)).startsWith("package dev.rediscover.lab;\n\nclass A {\n");
        String star = "package p;\n\nimport dev.rediscover.lab.*;\n\nclass A {\n    @Lab(1)\n    void f() {\n        g();\n    }\n}\n";
        assertThat(carve(star)).startsWith("package p;\n\nimport dev.rediscover.lab.*;\n\nclass A {\n");
    }
}
