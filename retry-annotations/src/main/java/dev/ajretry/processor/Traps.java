package dev.ajretry.processor;

import dev.ajretry.rules.TrapRules;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The traps of one method a {@code @Retry} applies to, its own or its type's: what javac sees, adapted to
 * {@link TrapRules}, which decides and words them (the engine applies the same rules at the first call).
 */
final class Traps {
    private final Elements elements;
    private final Types types;

    Traps(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /** The errors, as phrases for the report of {@code method}'s {@code @Retry}. */
    List<String> problems(ExecutableElement method) {
        List<String> problems = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        method.getParameters().forEach(p -> parameters.add(name(p.asType())));
        add(problems, TrapRules.suspendFunction(parameters));
        TypeMirror returned = method.getReturnType();
        add(problems, TrapRules.workAfterReturn(name(returned), selfAndSupertypes(returned), reactorRetries()));
        return problems;
    }

    /**
     * The warning for a transactional method, or null: none, or silenced by
     * {@code @SuppressWarnings("ajretry.transactional")} on the method or a type around it.
     *
     * @param where the method as the report names it
     */
    String warning(ExecutableElement method, String where) {
        if (suppressed(method)) {
            return null;
        }
        TypeElement type = (TypeElement) method.getEnclosingElement();
        return TrapRules.transactional(where, elements.getBinaryName(type).toString(),
                transactional(method.getAnnotationMirrors()), transactional(elements.getAllAnnotationMirrors(type)),
                true);
    }

    private String transactional(List<? extends AnnotationMirror> annotations) {
        return transactional(annotations, new HashSet<>());
    }

    /** The transactional annotation among {@code annotations}, or on their own annotations (composed ones). */
    private String transactional(List<? extends AnnotationMirror> annotations, Set<String> seen) {
        for (AnnotationMirror annotation : annotations) {
            TypeElement type = (TypeElement) annotation.getAnnotationType().asElement();
            String name = elements.getBinaryName(type).toString();
            if (TrapRules.TRANSACTIONAL.contains(name)) {
                return name;
            }
            // seen: annotations annotate each other (@Documented is @Documented)
            if (seen.add(name)) {
                String meta = transactional(type.getAnnotationMirrors(), seen);
                if (meta != null) {
                    return TrapRules.composed(name, meta);
                }
            }
        }
        return null;
    }

    private static boolean suppressed(Element method) {
        for (Element e = method; e != null; e = e.getEnclosingElement()) {
            SuppressWarnings suppress = e.getAnnotation(SuppressWarnings.class);
            if (suppress != null && Arrays.asList(suppress.value()).contains(TrapRules.SUPPRESS_TRANSACTIONAL)) {
                return true;
            }
        }
        return false;
    }

    /** The binary names of the erasure of {@code type} and of all its supertypes; none for a primitive or array. */
    private Set<String> selfAndSupertypes(TypeMirror type) {
        Set<String> names = new LinkedHashSet<>();
        Deque<TypeMirror> todo = new ArrayDeque<>(List.of(types.erasure(type)));
        while (!todo.isEmpty()) {
            TypeMirror next = todo.pop();
            // ERROR, for a type the compiler cannot find: javac reports that itself
            if (next.getKind() == TypeKind.DECLARED && names.add(name(next))) {
                todo.addAll(types.directSupertypes(next));
            }
        }
        return names;
    }

    /** The erasure of a declared type by its binary name, as {@link Class#getName()} names it; else as javac does. */
    private String name(TypeMirror type) {
        TypeMirror erased = types.erasure(type);
        return erased.getKind() == TypeKind.DECLARED
                ? elements.getBinaryName((TypeElement) ((DeclaredType) erased).asElement()).toString()
                : erased.toString();
    }

    /** Whether retry-reactor is on the class path being compiled: its aspect then retries Mono and Flux methods. */
    boolean reactorRetries() {
        return elements.getTypeElement(TrapRules.REACTOR_SUPPORT) != null;
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }
}
