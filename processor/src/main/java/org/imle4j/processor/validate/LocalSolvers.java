package org.imle4j.processor.validate;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import org.imle4j.processor.model.Algorithm;

/**
 * Finds layer annotations on methods of local and anonymous classes, which javac never shows to processors (they are
 * not members of any type), so that such a solver gets an error instead of silently no layer. It reads the source
 * trees, where the annotations are not resolved yet, so it recognises them by name: {@code ImleLayer} where the file
 * imports it or its package, or the qualified name. Compilers other than javac have no source trees for processors;
 * there the check is skipped.
 *
 * <p>javac runs a processor only in compilations where an annotation it supports is visible, and one on a local
 * class's method is not: a file whose only layer annotation is there is therefore also read when javac analyses it,
 * which every compilation but {@code -proc:only} does.
 */
public final class LocalSolvers {
    private static final String ANNOTATION_PACKAGE = Algorithm.IMLE.annotation().packageName();

    private final Trees trees;
    private final Reporter reporter;
    private final Set<CompilationUnitTree> scanned = new HashSet<>();

    /**
     * Creates the check of one compilation.
     *
     * @param environment the processing environment, javac's or another compiler's
     * @param reporter where errors go
     */
    public LocalSolvers(ProcessingEnvironment environment, Reporter reporter) {
        this.trees = javacTrees(environment);
        this.reporter = reporter;
        if (trees != null) {
            JavacTask.instance(environment).addTaskListener(new TaskListener() {
                @Override
                public void started(TaskEvent event) {
                    if (event.getKind() == TaskEvent.Kind.ANALYZE) {
                        scan(event.getCompilationUnit());
                    }
                }
            });
        }
    }

    /**
     * Reports every layer annotation on a method of a local or anonymous class in the sources of a round.
     *
     * @param round the round, whose root elements are the sources to read
     */
    public void report(RoundEnvironment round) {
        if (trees == null) {
            return;
        }
        for (Element root : round.getRootElements()) {
            TreePath path = trees.getPath(root);
            if (path != null) {
                scan(path.getCompilationUnit());
            }
        }
    }

    private void scan(CompilationUnitTree unit) {
        if (unit != null && scanned.add(unit)) {
            new Scanner(unit).scan(unit, null);
        }
    }

    private static Trees javacTrees(ProcessingEnvironment environment) {
        try {
            return Trees.instance(environment);
        } catch (IllegalArgumentException notJavac) {
            return null;
        }
    }

    private final class Scanner extends TreePathScanner<Void, Void> {
        private final CompilationUnitTree unit;

        Scanner(CompilationUnitTree unit) {
            this.unit = unit;
        }

        @Override
        public Void visitClass(ClassTree type, Void unused) {
            Optional<String> enclosingMethod = localTo(getCurrentPath());
            if (enclosingMethod.isPresent()) {
                for (Tree member : type.getMembers()) {
                    if (member instanceof MethodTree method) {
                        for (AnnotationTree annotation : method.getModifiers().getAnnotations()) {
                            layerAnnotation(annotation).ifPresent(algorithm -> reporter.reportOnTree(
                                    Diagnostic.LOCAL_SOLVER, trees, method, unit,
                                    "@" + algorithm.annotation().simpleName() + " method " + method.getName(),
                                    describe(type, enclosingMethod.get())));
                        }
                    }
                }
            }
            return super.visitClass(type, unused);
        }

        /** The member in whose body the class is declared, if it is local or anonymous or inside such a class. */
        private Optional<String> localTo(TreePath path) {
            Optional<String> member = Optional.empty();
            boolean local = false;
            for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
                Tree leaf = p.getLeaf();
                if (leaf instanceof MethodTree method && member.isEmpty()) {
                    member = Optional.of(method.getName().toString());
                }
                local |= !(leaf instanceof ClassTree || leaf instanceof CompilationUnitTree);
            }
            return local ? Optional.of(member.orElse("an initializer")) : Optional.empty();
        }

        private Optional<Algorithm> layerAnnotation(AnnotationTree annotation) {
            String written = annotation.getAnnotationType().toString();
            for (Algorithm algorithm : Algorithm.values()) {
                String simpleName = algorithm.annotation().simpleName();
                if (written.equals(algorithm.annotation().canonicalName())
                        || written.equals(simpleName) && imports(simpleName)) {
                    return Optional.of(algorithm);
                }
            }
            return Optional.empty();
        }

        private boolean imports(String simpleName) {
            if (unit.getPackageName() != null && unit.getPackageName().toString().equals(ANNOTATION_PACKAGE)) {
                return true;
            }
            for (ImportTree imported : unit.getImports()) {
                String name = imported.getQualifiedIdentifier().toString();
                if (!imported.isStatic() && (name.equals(ANNOTATION_PACKAGE + "." + simpleName)
                        || name.equals(ANNOTATION_PACKAGE + ".*"))) {
                    return true;
                }
            }
            return false;
        }

        private static String describe(ClassTree type, String member) {
            String kind = type.getSimpleName().length() == 0
                    ? "an anonymous class"
                    : "local class " + type.getSimpleName();
            return member.equals("an initializer") ? kind + " in an initializer" : kind + " in method " + member;
        }
    }
}
