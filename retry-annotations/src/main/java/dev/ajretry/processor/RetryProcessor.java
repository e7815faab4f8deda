package dev.ajretry.processor;

import dev.ajretry.RandomJitter;
import dev.ajretry.rules.RetryRules;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks every {@code @Retry} when the code is compiled, so that a policy that can never work fails the build
 * instead of the first call: each invalid value is an error naming the class, the method and the attribute, and a
 * {@code @Retry} the aspect cannot weave (an abstract, interface or native method) is a warning.
 *
 * <p>It is registered in {@code META-INF/services} of {@code retry-annotations}, so it runs wherever that jar is on
 * the compile class path: always under ajc (aspectj-maven-plugin), and under javac up to JDK 22. From JDK 23 javac
 * runs class-path processors only when asked ({@code -proc:full}; see the README).
 *
 * <p>The same rules are checked again at run time (operators' overrides can change values); the numeric ones come
 * from {@link RetryRules}, shared with the engine.
 */
@SupportedAnnotationTypes("dev.ajretry.Retry")
public final class RetryProcessor extends AbstractProcessor {

    private static final String RETRY = "dev.ajretry.Retry";
    private static final String NEVER_FAILURE = "dev.ajretry.FailurePredicate.Never";
    private static final String NEVER_RESULT = "dev.ajretry.ResultPredicate.Never";

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                AnnotationMirror mirror = retryOn(element);
                if (mirror != null) {
                    new Check(element, mirror).run();
                }
            }
        }
        return false; // others may look at @Retry too
    }

    private AnnotationMirror retryOn(Element element) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            if (((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(RETRY)) {
                return mirror;
            }
        }
        return null;
    }

    /** The checks of one {@code @Retry}, on a method or on a type. */
    private final class Check {
        private final Element element;
        private final AnnotationMirror mirror;
        private final Map<? extends ExecutableElement, ? extends AnnotationValue> values;
        private final Elements elements = processingEnv.getElementUtils();
        private final Types types = processingEnv.getTypeUtils();
        private final Messager messager = processingEnv.getMessager();
        private final List<String> problems = new ArrayList<>();

        Check(Element element, AnnotationMirror mirror) {
            this.element = element;
            this.mirror = mirror;
            this.values = elements.getElementValuesWithDefaults(mirror);
        }

        void run() {
            boolean onMethod = element.getKind() == ElementKind.METHOD;
            if (onMethod) {
                checkShape((ExecutableElement) element);
            }
            problems.addAll(RetryRules.numbers(integer("tries"), longValue("delay"), doubleValue("backoff"),
                    longValue("jitter"), longValue("minDelay"), longValue("maxDelay"), longValue("maxDuration"),
                    RandomJitter.valueOf(enumName("randomJitter")), doubleValue("jitterRatio"), name -> name));
            checkClasses();
            checkWaitOn();
            checkInstantiable("giveUpIf", NEVER_FAILURE);
            checkInstantiable("retryIfResult", NEVER_RESULT);
            String recover = (String) value("recover").getValue();
            if (!recover.isEmpty()) {
                if (onMethod) {
                    checkRecover((ExecutableElement) element, recover);
                } else {
                    problems.add("recover = \"" + recover + "\" is not allowed on a type-level @Retry: each method"
                            + " would need its own recovery method; put @Retry(recover = ...) on the method");
                }
            }
            if (onMethod && (Boolean) value("logArguments").getValue()
                    && ((ExecutableElement) element).getParameters().size() > RetryRules.MAX_CAPTURED_PARAMETERS) {
                problems.add("logArguments = true needs a method of at most " + RetryRules.MAX_CAPTURED_PARAMETERS
                        + " parameters, this one has " + ((ExecutableElement) element).getParameters().size());
            }
            if (!problems.isEmpty()) {
                messager.printMessage(Diagnostic.Kind.ERROR,
                        "@Retry on " + describe(element) + ": " + String.join("; ", problems), element, mirror);
            }
        }

        /** Abstract and native methods have no body to weave: @Retry on them does nothing. */
        private void checkShape(ExecutableElement method) {
            Set<Modifier> modifiers = method.getModifiers();
            String why = modifiers.contains(Modifier.NATIVE) ? "native"
                    : modifiers.contains(Modifier.ABSTRACT) ? "abstract" : null;
            if (why != null) {
                messager.printMessage(Diagnostic.Kind.WARNING, "@Retry on " + describe(method) + " does nothing: the"
                        + " method is " + why + " and has no body to weave; put @Retry on the implementation", method,
                        mirror);
            }
        }

        private void checkClasses() {
            List<TypeMirror> exceptions = classes("exceptions");
            List<TypeMirror> abortOn = classes("abortOn");
            if (!exceptions.isEmpty() && exceptions.stream().allMatch(e -> abortOn.stream()
                    .anyMatch(a -> types.isSubtype(types.erasure(e), types.erasure(a))))) {
                problems.add("abortOn = " + names(abortOn) + " covers every class of exceptions = " + names(exceptions)
                        + ", so nothing listed would ever be retried");
            }
        }

        private void checkWaitOn() {
            List<TypeMirror> seen = new ArrayList<>();
            for (AnnotationValue entry : list("waitOn")) {
                AnnotationMirror waitOn = (AnnotationMirror) entry.getValue();
                Map<? extends ExecutableElement, ? extends AnnotationValue> entryValues =
                        elements.getElementValuesWithDefaults(waitOn);
                List<TypeMirror> classes = new ArrayList<>();
                long delay = 0;
                for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : entryValues.entrySet()) {
                    if (e.getKey().getSimpleName().contentEquals("value")) {
                        for (AnnotationValue c : listOf(e.getValue())) {
                            classes.add((TypeMirror) c.getValue());
                        }
                    } else if (e.getKey().getSimpleName().contentEquals("delay")) {
                        delay = ((Number) e.getValue().getValue()).longValue();
                    }
                }
                if (classes.isEmpty()) {
                    problems.add("waitOn: an entry with delay = " + delay + " names no exception class");
                }
                if (delay < 0) {
                    problems.add("waitOn " + names(classes) + ": delay = " + delay + ", must be >= 0");
                }
                for (TypeMirror c : classes) {
                    if (seen.stream().anyMatch(s -> types.isSameType(s, c))) {
                        problems.add("waitOn names " + simpleName(c) + " twice");
                    }
                    seen.add(c);
                }
            }
        }

        /** A predicate class is created with its public no-argument constructor, once per method. */
        private void checkInstantiable(String attribute, String none) {
            TypeMirror type = (TypeMirror) value(attribute).getValue();
            TypeElement predicate = (TypeElement) types.asElement(type);
            if (predicate == null || predicate.getQualifiedName().contentEquals(none)) {
                return;
            }
            Set<Modifier> modifiers = predicate.getModifiers();
            boolean nestedInstance = predicate.getNestingKind().isNested() && !modifiers.contains(Modifier.STATIC)
                    && predicate.getKind() == ElementKind.CLASS;
            boolean publicConstructor = ElementFilter.constructorsIn(predicate.getEnclosedElements()).stream()
                    .anyMatch(c -> c.getParameters().isEmpty() && c.getModifiers().contains(Modifier.PUBLIC));
            if (!modifiers.contains(Modifier.PUBLIC) || modifiers.contains(Modifier.ABSTRACT) || nestedInstance
                    || !publicConstructor) {
                problems.add(attribute + " = " + predicate.getQualifiedName() + ".class cannot be instantiated: it"
                        + " needs to be a public (static, if nested) class with a public no-argument constructor");
            }
        }

        private void checkRecover(ExecutableElement retried, String name) {
            TypeElement type = (TypeElement) retried.getEnclosingElement();
            List<ExecutableElement> named = ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                    .filter(m -> m.getSimpleName().contentEquals(name) && !m.equals(retried))
                    .collect(Collectors.toList());
            if (named.isEmpty()) {
                problems.add("recover = \"" + name + "\": " + (retried.getSimpleName().contentEquals(name)
                        ? "names the retried method itself" : "no method " + name + " in " + type.getQualifiedName()));
                return;
            }
            List<ExecutableElement> matching = named.stream().filter(m -> mismatch(retried, m) == null)
                    .collect(Collectors.toList());
            if (matching.isEmpty()) {
                problems.add("recover = \"" + name + "\": no method " + name + " of " + type.getQualifiedName()
                        + " matches: " + named.stream().map(m -> describe(m) + " " + mismatch(retried, m))
                        .collect(Collectors.joining("; ")));
            } else if (matching.size() > 1) {
                problems.add("recover = \"" + name + "\": ambiguous: " + matching.size() + " methods match");
            }
            if (retried.getParameters().size() > RetryRules.MAX_CAPTURED_PARAMETERS) {
                problems.add("recover needs a method of at most " + RetryRules.MAX_CAPTURED_PARAMETERS
                        + " parameters, this one has " + retried.getParameters().size());
            }
        }

        private String mismatch(ExecutableElement retried, ExecutableElement candidate) {
            List<TypeMirror> own = retried.getParameters().stream().map(p -> types.erasure(p.asType()))
                    .collect(Collectors.toList());
            List<TypeMirror> theirs = candidate.getParameters().stream().map(p -> types.erasure(p.asType()))
                    .collect(Collectors.toList());
            TypeMirror throwable = elements.getTypeElement("java.lang.Throwable").asType();
            boolean plain = sameTypes(own, theirs);
            boolean withFailure = theirs.size() == own.size() + 1 && types.isSubtype(theirs.get(0), throwable)
                    && sameTypes(own, theirs.subList(1, theirs.size()));
            if (!plain && !withFailure) {
                return "has other parameters";
            }
            TypeMirror expected = retried.getReturnType();
            TypeMirror actual = candidate.getReturnType();
            boolean primitive = expected.getKind().isPrimitive() || expected.getKind() == TypeKind.VOID
                    || actual.getKind().isPrimitive() || actual.getKind() == TypeKind.VOID;
            boolean returns = primitive ? expected.getKind() == actual.getKind()
                    : types.isAssignable(types.erasure(actual), types.erasure(expected));
            if (!returns) {
                return "returns " + actual + ", not " + expected;
            }
            if (retried.getModifiers().contains(Modifier.STATIC) && !candidate.getModifiers().contains(Modifier.STATIC)) {
                return "is not static, and the retried method is";
            }
            return null;
        }

        private boolean sameTypes(List<TypeMirror> a, List<TypeMirror> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!types.isSameType(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }

        private AnnotationValue value(String name) {
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : values.entrySet()) {
                if (e.getKey().getSimpleName().contentEquals(name)) {
                    return e.getValue();
                }
            }
            throw new IllegalStateException("@Retry has no attribute " + name);
        }

        private int integer(String name) {
            return ((Number) value(name).getValue()).intValue();
        }

        private long longValue(String name) {
            return ((Number) value(name).getValue()).longValue();
        }

        private double doubleValue(String name) {
            return ((Number) value(name).getValue()).doubleValue();
        }

        private String enumName(String name) {
            return ((VariableElement) value(name).getValue()).getSimpleName().toString();
        }

        private List<? extends AnnotationValue> list(String name) {
            return listOf(value(name));
        }

        @SuppressWarnings("unchecked")
        private List<? extends AnnotationValue> listOf(AnnotationValue value) {
            return (List<? extends AnnotationValue>) value.getValue();
        }

        private List<TypeMirror> classes(String name) {
            return list(name).stream().map(v -> (TypeMirror) v.getValue()).collect(Collectors.toList());
        }

        private String names(List<TypeMirror> classes) {
            return classes.stream().map(this::simpleName).collect(Collectors.joining(", ", "{", "}"));
        }

        private String simpleName(TypeMirror type) {
            Element e = types.asElement(type);
            return e == null ? type.toString() : e.getSimpleName().toString();
        }

        /** {@code com.acme.Client.fetch(String)} for a method, the binary name for a type. */
        private String describe(Element e) {
            if (e instanceof TypeElement) {
                return elements.getBinaryName((TypeElement) e).toString();
            }
            ExecutableElement method = (ExecutableElement) e;
            String owner = elements.getBinaryName((TypeElement) method.getEnclosingElement()).toString();
            return owner + "." + method.getSimpleName() + method.getParameters().stream()
                    .map(p -> simpleTypeName(p.asType())).collect(Collectors.joining(", ", "(", ")"));
        }

        private String simpleTypeName(TypeMirror type) {
            TypeMirror erased = types.erasure(type);
            if (erased.getKind() == TypeKind.DECLARED) {
                return ((DeclaredType) erased).asElement().getSimpleName().toString();
            }
            if (erased.getKind() == TypeKind.ARRAY) {
                return simpleTypeName(((javax.lang.model.type.ArrayType) erased).getComponentType()) + "[]";
            }
            return erased.toString();
        }
    }
}
