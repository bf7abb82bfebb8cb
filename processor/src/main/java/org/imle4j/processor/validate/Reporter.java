package org.imle4j.processor.validate;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;
import org.imle4j.processor.model.LayerModel;

/**
 * The processor's only way to speak: formats a {@link Diagnostic}, attaches it to the most precise element, drops
 * warnings that {@code @SuppressWarnings("imle4j")} silences, and counts errors.
 */
public final class Reporter {
    /** The {@code @SuppressWarnings} value that silences this processor's warnings. */
    static final String SUPPRESSION = "imle4j";

    private final Messager messager;
    private int errors;

    /**
     * Creates the reporter of one compilation.
     *
     * @param messager where messages go
     */
    public Reporter(Messager messager) {
        this.messager = messager;
    }

    /**
     * Reports a failure of the processor itself, with its stack trace, on the element being processed.
     *
     * @param element the element being processed
     * @param failure what went wrong
     */
    public void internalError(Element element, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        report(Diagnostic.INTERNAL_ERROR, element, describe(element), failure, trace);
    }

    /**
     * Reports that the Filer refused to write the layer of {@code model}.
     *
     * @param model the layer that could not be written
     * @param failure the Filer's exception
     */
    public void writeFailed(LayerModel model, IOException failure) {
        String subject = "@" + model.algorithm().annotation().simpleName() + " method " + model.methodName();
        report(Diagnostic.WRITE_FAILED, model.method(), subject, model.layer().canonicalName(), failure);
    }

    void report(Diagnostic diagnostic, Element element, Object... args) {
        reportOnAnnotation(diagnostic, element, null, null, args);
    }

    /** Reports on an annotation of {@code element}, or on one of its values where {@code value} is not null. */
    void reportOnAnnotation(Diagnostic diagnostic, Element element, AnnotationMirror annotation,
            AnnotationValue value, Object... args) {
        if (diagnostic.kind() == Kind.WARNING && suppressed(element)) {
            return;
        }
        if (diagnostic.kind() == Kind.ERROR) {
            errors++;
        }
        messager.printMessage(diagnostic.kind(), diagnostic.format(args), element, annotation, value);
    }

    /**
     * Reports on a source tree that has no element, such as a method of a local class.
     *
     * @param diagnostic the message
     * @param trees javac's trees of the compilation
     * @param tree where the message points
     * @param unit the file of {@code tree}
     * @param args the message's arguments
     */
    void reportOnTree(Diagnostic diagnostic, Trees trees, Tree tree, CompilationUnitTree unit, Object... args) {
        if (diagnostic.kind() == Kind.ERROR) {
            errors++;
        }
        trees.printMessage(diagnostic.kind(), diagnostic.format(args), tree, unit);
    }

    /** Errors reported so far, so that a validator can tell whether a method had any. */
    int errorCount() {
        return errors;
    }

    private static boolean suppressed(Element element) {
        for (Element e = element; e != null; e = e.getEnclosingElement()) {
            SuppressWarnings suppress = e.getAnnotation(SuppressWarnings.class);
            if (suppress != null && Arrays.asList(suppress.value()).contains(SUPPRESSION)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Element element) {
        Element enclosing = element.getEnclosingElement();
        return enclosing == null ? element.toString() : element + " in " + enclosing;
    }
}
