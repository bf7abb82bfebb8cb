package org.imle4j.runtime.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No DJL number operand ({@code array.mul(2f)}, {@code div(t)}, {@code NDArrays.sub(1, a)}, …) in the main code of
 * the runtime and the samples: DJL backs the number with a Java direct buffer that it frees when the call returns,
 * and autograd keeps the scalar for the backward pass (see {@link Scalars}).
 *
 * <p>The sources are attributed by javac against the test class path, so a call is matched by what it resolves to,
 * not by its name: {@code Math.max(1, x)} or {@code list.add(1)} never match. A call matches when it resolves to a
 * method of {@code NDArray}, {@code NDArrays} or {@code NDArrayEx} with a {@code java.lang.Number} parameter, except
 * {@code clip} and {@code percentile}, which hand the number to PyTorch as a scalar value. Where javac cannot
 * resolve the receiver (the samples' own dependencies and generated layers are not on this class path), a call named
 * like one of those methods with an argument of a numeric type matches too.
 *
 * <p>A method or class marked {@code @SuppressWarnings("imle4j:number-operand")} is skipped: the samples' probe of
 * the corruption uses a number operand on purpose.
 *
 * <p>Limits: a call is seen where it is written, so DJL's own code (its losses and blocks, see the README) is not
 * scanned, nor is a number operand reached through reflection or through a method reference such as
 * {@code BiFunction<NDArray, Number, NDArray> f = NDArray::mul}.
 */
class NumberOperandScanTest {
    /** Marks a method or class that uses a number operand on purpose, to measure what it does. */
    private static final String SUPPRESSION = "imle4j:number-operand";
    /** DJL methods with a Number parameter whose number reaches PyTorch as a value, not as a Java-backed array. */
    private static final Set<String> NATIVE_SCALAR_METHODS = Set.of("clip", "percentile");
    private static final Set<String> DJL_ARRAY_TYPES = Set.of(
            "ai.djl.ndarray.NDArray", "ai.djl.ndarray.NDArrays", "ai.djl.ndarray.internal.NDArrayEx");
    private static final Set<String> NUMBER_METHOD_NAMES = Set.of(
            "add", "sub", "mul", "div", "mod", "pow", "maximum", "minimum",
            "addi", "subi", "muli", "divi", "modi", "powi",
            "rsub", "rdiv", "rmod", "rpow", "rsubi", "rdivi", "rmodi", "rpowi",
            "eq", "neq", "gt", "gte", "lt", "lte", "contentEquals", "set", "setScalar");

    @Test
    void sourcesHaveNoNumberOperands() throws IOException {
        List<Path> roots = List.of(Path.of("src/main/java"), Path.of("../samples/src/main/java"),
                Path.of("src/test/java"), Path.of("../samples/src/test/java"));
        for (Path root : roots) {
            assertTrue(Files.isDirectory(root), "expected the sources at " + root.toAbsolutePath()
                    + "; the test runs in the runtime module's directory, as Maven's surefire does");
        }
        List<String> findings = scan(roots);
        assertEquals(List.of(), findings, "DJL number operands: DJL backs the number with a Java "
                + "buffer that it frees when the call returns, while autograd keeps it for the backward pass. "
                + "Write x.mul(Scalars.of(x, value)) (org.imle4j.runtime.autograd.Scalars) instead:\n"
                + String.join("\n", findings));
    }

    @Test
    void scanFindsNumberOperandsAndIgnoresOtherNumberCalls(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path source = dir.resolve("demo/Demo.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, String.join("\n",
                "package demo;",
                "import ai.djl.ndarray.NDArray;",
                "import ai.djl.ndarray.NDArrays;",
                "import java.util.ArrayList;",
                "import java.util.List;",
                "class Demo {",
                "    NDArray f(NDArray a, double t, int n) {",
                "        List<Integer> list = new ArrayList<>();",
                "        list.add(1);",
                "        int m = Math.max(1, n);",
                "        NDArray b = a.clip(0, 1).mul(a);",
                "        NDArray c = a.mul(2f);",
                "        NDArray d = a.div(t);",
                "        NDArray e = NDArrays.sub(1, a);",
                "        NDArray g = a.maximum(n - m);",
                "        return new Unresolved().scores().pow(2).add(b).add(c).add(d).add(e).add(g);",
                "    }",
                "    @SuppressWarnings(\"imle4j:number-operand\")",
                "    NDArray onPurpose(NDArray a) {",
                "        return a.mul(2f);",
                "    }",
                "}"), StandardCharsets.UTF_8);

        List<String> findings = scan(List.of(dir));

        assertEquals(5, findings.size(), String.join("\n", findings));
        assertTrue(findings.get(0).contains("Demo.java:12") && findings.get(0).contains("a.mul(2"),
                findings::toString);
        assertTrue(findings.get(1).contains("Demo.java:13") && findings.get(1).contains("a.div(t)"),
                findings::toString);
        assertTrue(findings.get(2).contains("Demo.java:14"), findings::toString);
        assertTrue(findings.get(3).contains("Demo.java:15"), findings::toString);
        assertTrue(findings.get(4).contains("Demo.java:16") && findings.get(4).contains("pow(2)"),
                findings::toString);
    }

    private static List<String> scan(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StandardJavaFileManager fileManager = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(files);
        // Surefire hands the test class path over in this property; java.class.path may be a manifest-only jar.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavacTask task = (JavacTask) javac.getTask(null, fileManager, diagnostic -> {},
                List.of("-proc:none", "-classpath", classPath), null, units);
        List<String> findings = new ArrayList<>();
        Iterable<? extends CompilationUnitTree> trees = task.parse();
        task.analyze();
        Trees treeUtils = Trees.instance(task);
        Scanner scanner = new Scanner(treeUtils, task.getElements(), task.getTypes(), findings);
        for (CompilationUnitTree unit : trees) {
            scanner.scan(unit, null);
        }
        try {
            fileManager.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings;
    }

    private static final class Scanner extends TreePathScanner<Void, Void> {
        private final Trees trees;
        private final Elements elements;
        private final Types types;
        private final List<String> findings;

        Scanner(Trees trees, Elements elements, Types types, List<String> findings) {
            this.trees = trees;
            this.elements = elements;
            this.types = types;
            this.findings = findings;
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
            String why = numberOperand(node);
            if (why != null && !suppressed()) {
                CompilationUnitTree unit = getCurrentPath().getCompilationUnit();
                long line = unit.getLineMap().getLineNumber(trees.getSourcePositions().getStartPosition(unit, node));
                String call = node.toString();
                findings.add(Path.of(unit.getSourceFile().toUri()).getFileName() + ":" + line + ": "
                        + (call.length() > 100 ? "…" + call.substring(call.length() - 100) : call) + " (" + why + ")");
            }
            return super.visitMethodInvocation(node, unused);
        }

        private String numberOperand(MethodInvocationTree node) {
            Element method = trees.getElement(getCurrentPath());
            if (method instanceof ExecutableElement executable
                    && executable.getEnclosingElement() instanceof TypeElement owner
                    && isDjlArrayType(owner)) {
                if (NATIVE_SCALAR_METHODS.contains(executable.getSimpleName().toString())) {
                    return null;
                }
                TypeMirror number = elements.getTypeElement("java.lang.Number").asType();
                for (VariableElement parameter : executable.getParameters()) {
                    if (types.isSameType(parameter.asType(), number)) {
                        return owner.getSimpleName() + "." + executable.getSimpleName() + "(…Number…)";
                    }
                }
                return null;
            }
            if (method != null && method.asType().getKind() != TypeKind.ERROR) {
                return null;
            }
            ExpressionTree select = node.getMethodSelect();
            if (!(select instanceof MemberSelectTree member)
                    || !NUMBER_METHOD_NAMES.contains(member.getIdentifier().toString())) {
                return null;
            }
            for (ExpressionTree argument : node.getArguments()) {
                if (isNumeric(trees.getTypeMirror(new TreePath(getCurrentPath(), argument)))) {
                    return "unresolved receiver, numeric argument";
                }
            }
            return null;
        }

        /** Whether a method or class around the call is marked {@code @SuppressWarnings(SUPPRESSION)}. */
        private boolean suppressed() {
            for (TreePath path = getCurrentPath(); path != null; path = path.getParentPath()) {
                if (path.getLeaf() instanceof MethodTree || path.getLeaf() instanceof ClassTree) {
                    Element element = trees.getElement(path);
                    SuppressWarnings annotation =
                            element == null ? null : element.getAnnotation(SuppressWarnings.class);
                    if (annotation != null && Arrays.asList(annotation.value()).contains(SUPPRESSION)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean isDjlArrayType(TypeElement owner) {
            return DJL_ARRAY_TYPES.contains(owner.getQualifiedName().toString())
                    || DJL_ARRAY_TYPES.stream()
                            .map(elements::getTypeElement)
                            .filter(type -> type != null)
                            .anyMatch(type -> types.isSubtype(types.erasure(owner.asType()),
                                    types.erasure(type.asType())));
        }

        private boolean isNumeric(TypeMirror type) {
            if (type == null) {
                return false;
            }
            if (type.getKind().isPrimitive()) {
                return type.getKind() != TypeKind.BOOLEAN;
            }
            TypeElement number = elements.getTypeElement("java.lang.Number");
            return type.getKind() == TypeKind.DECLARED && types.isSubtype(type, number.asType());
        }
    }

    @Test
    void numberMethodNamesCoverDjlsNumberMethods() {
        // Ties the name list of the unresolved-receiver fallback to DJL's own NDArray interface.
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavacTask task = (JavacTask) javac.getTask(null, null, diagnostic -> {},
                List.of("-proc:none", "-classpath", classPath), null, List.of());
        TypeElement array = task.getElements().getTypeElement("ai.djl.ndarray.NDArray");
        TypeMirror number = task.getElements().getTypeElement("java.lang.Number").asType();
        Set<String> withNumber = array.getEnclosedElements().stream()
                .filter(e -> e instanceof ExecutableElement)
                .map(e -> (ExecutableElement) e)
                .filter(m -> m.getParameters().stream()
                        .anyMatch(p -> task.getTypes().isSameType(p.asType(), number)))
                .map(m -> m.getSimpleName().toString())
                .filter(name -> !NATIVE_SCALAR_METHODS.contains(name))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        withNumber.removeAll(NUMBER_METHOD_NAMES);
        assertEquals(Set.of(), withNumber, "NDArray methods with a Number parameter missing from the name list");
    }
}
