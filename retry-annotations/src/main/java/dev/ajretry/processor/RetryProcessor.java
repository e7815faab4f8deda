package dev.ajretry.processor;

import dev.ajretry.RandomJitter;
import dev.ajretry.rules.RetryRules;
import dev.ajretry.rules.TrapRules;

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
 * {@code @Retry} the aspect cannot weave (an abstract, interface or native method) is a warning. So are the traps
 * ({@link TrapRules}), for each method the {@code @Retry} applies to: a Kotlin {@code suspend} function or a result
 * that does its work after the method has returned (a Publisher, a plain Future) is an error, a transactional method a
 * warning.
 *
 * <p>It is registered in {@code META-INF/services} of {@code retry-annotations}, so it runs wherever that jar is on
 * the compile class path: always under ajc (aspectj-maven-plugin), and under javac up to JDK 22. From JDK 23 javac
 * runs class-path processors only when asked ({@code -proc:full}; see docs/setup.md).
 *
 * <p>The same rules are checked again at run time (operators' overrides can change values): every rule and its
 * message come from {@link RetryRules}, shared with the engine; this class only adapts what javac sees to them.
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
        private final Traps traps = new Traps(elements, types);

        Check(Element element, AnnotationMirror mirror) {
            this.element = element;
            this.mirror = mirror;
            this.values = elements.getElementValuesWithDefaults(mirror);
        }

        void run() {
            boolean onMethod = element.getKind() == ElementKind.METHOD;
            if (onMethod) {
                checkShape((ExecutableElement) element);
                checkTraps((ExecutableElement) element);
            } else {
                checkTrapsOfCoveredMethods((TypeElement) element);
            }
            problems.addAll(RetryRules.numbers(integer("tries"), longValue("delay"), doubleValue("backoff"),
                    longValue("jitter"), longValue("minDelay"), longValue("maxDelay"), longValue("maxDuration"),
                    longValue("attemptTimeout"), integer("hedges"), longValue("hedgeDelay"),
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
                    problems.add(RetryRules.recoverOnType(recover));
                }
            }
            if (onMethod) {
                add(RetryRules.logArgumentsParameters((Boolean) value("logArguments").getValue(),
                        ((ExecutableElement) element).getParameters().size()));
            }
            if (!problems.isEmpty()) {
                messager.printMessage(Diagnostic.Kind.ERROR, RetryRules.report(describe(element), problems), element,
                        mirror);
            }
        }

        /**
         * Abstract and native methods have no body to weave: @Retry on them does nothing. A synchronized one keeps its
         * monitor while it waits.
         */
        private void checkShape(ExecutableElement method) {
            Set<Modifier> modifiers = method.getModifiers();
            String warning = RetryRules.notWoven(describe(method), modifiers.contains(Modifier.NATIVE),
                    modifiers.contains(Modifier.ABSTRACT));
            if (warning != null) {
                messager.printMessage(Diagnostic.Kind.WARNING, warning, method, mirror);
            }
            String monitor = RetryRules.holdsMonitorWhileWaiting(describe(method),
                    modifiers.contains(Modifier.SYNCHRONIZED), modifiers.contains(Modifier.STATIC),
                    ((Number) value("tries").getValue()).intValue());
            if (monitor != null) {
                messager.printMessage(Diagnostic.Kind.WARNING, monitor, method, mirror);
            }
        }

        private void checkTraps(ExecutableElement method) {
            problems.addAll(traps.problems(method));
            add(hedgesNeedAStage(method));
            String warning = traps.warning(method, describe(method));
            if (warning != null) {
                messager.printMessage(Diagnostic.Kind.WARNING, warning, method, mirror);
            }
        }

        /** {@link RetryRules#hedgesNeedAStage}, for {@code method} under this {@code @Retry}. */
        private String hedgesNeedAStage(ExecutableElement method) {
            TypeMirror stage = types.erasure(elements.getTypeElement("java.util.concurrent.CompletionStage").asType());
            TypeMirror returned = types.erasure(method.getReturnType());
            boolean mono = returned.toString().equals("reactor.core.publisher.Mono") && traps.reactorRetries();
            return RetryRules.hedgesNeedAStage("hedges", integer("hedges"), types.isAssignable(returned, stage) || mono,
                    returned.toString());
        }

        /**
         * A type-level @Retry applies to the public methods the type declares that have no @Retry of their own (the
         * aspect's pointcut): each is checked for the traps and named as the engine names it.
         */
        private void checkTrapsOfCoveredMethods(TypeElement type) {
            for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
                Set<Modifier> modifiers = method.getModifiers();
                if (!modifiers.contains(Modifier.PUBLIC) || modifiers.contains(Modifier.ABSTRACT)
                        || modifiers.contains(Modifier.NATIVE) || retryOn(method) != null) {
                    continue;
                }
                String where = RetryRules.fromTypeLevel(describe(method), describe(type));
                List<String> found = new ArrayList<>(traps.problems(method));
                String hedged = hedgesNeedAStage(method);
                if (hedged != null) {
                    found.add(hedged);
                }
                if (!found.isEmpty()) {
                    messager.printMessage(Diagnostic.Kind.ERROR, RetryRules.report(where, found), method);
                }
                String warning = traps.warning(method, where);
                if (warning != null) {
                    messager.printMessage(Diagnostic.Kind.WARNING, warning, method);
                }
            }
        }

        private void checkClasses() {
            add(RetryRules.abortOnCoversExceptions("abortOn", classes("abortOn"), "exceptions", classes("exceptions"),
                    (e, a) -> types.isSubtype(types.erasure(e), types.erasure(a)), this::simpleName));
        }

        private void checkWaitOn() {
            List<List<TypeMirror>> entries = new ArrayList<>();
            List<Long> delays = new ArrayList<>();
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
                entries.add(classes);
                delays.add(delay);
            }
            problems.addAll(RetryRules.waitOn(entries, delays, types::isSameType, this::simpleName));
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
            String why = RetryRules.predicateShape(modifiers.contains(Modifier.PUBLIC),
                    modifiers.contains(Modifier.ABSTRACT), nestedInstance, publicConstructor);
            if (why != null) {
                problems.add(RetryRules.predicateNotInstantiable(attribute,
                        elements.getBinaryName(predicate).toString(), why));
            }
        }

        private void checkRecover(ExecutableElement retried, String name) {
            TypeElement type = (TypeElement) retried.getEnclosingElement();
            String typeName = elements.getBinaryName(type).toString();
            List<ExecutableElement> named = ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                    .filter(m -> m.getSimpleName().contentEquals(name) && !m.equals(retried))
                    .collect(Collectors.toList());
            if (named.isEmpty()) {
                add(RetryRules.recoverNotFound(name, retried.getSimpleName().contentEquals(name), typeName));
                return;
            }
            List<ExecutableElement> matching = named.stream().filter(m -> mismatch(retried, m) == null)
                    .collect(Collectors.toList());
            if (matching.isEmpty()) {
                add(RetryRules.recoverNoMatch(name, typeName, named.stream()
                                .map(m -> describe(m) + " " + mismatch(retried, m)).collect(Collectors.toList()),
                        simpleTypeNames(retried), className(retried.getReturnType()),
                        retried.getModifiers().contains(Modifier.STATIC)));
            } else if (matching.size() > 1) {
                add(RetryRules.recoverAmbiguous(name, matching.stream().map(this::describe)
                        .collect(Collectors.toList())));
            }
            add(RetryRules.recoverParameters(retried.getParameters().size()));
        }

        private String mismatch(ExecutableElement retried, ExecutableElement candidate) {
            List<? extends VariableElement> theirs = candidate.getParameters();
            TypeMirror throwable = elements.getTypeElement("java.lang.Throwable").asType();
            TypeMirror expected = retried.getReturnType();
            TypeMirror actual = candidate.getReturnType();
            return RetryRules.recoverMismatch(classNames(retried), classNames(candidate),
                    !theirs.isEmpty() && types.isSubtype(types.erasure(theirs.get(0).asType()), throwable),
                    className(expected), className(actual),
                    types.isAssignable(types.erasure(actual), types.erasure(expected)),
                    retried.getModifiers().contains(Modifier.STATIC),
                    candidate.getModifiers().contains(Modifier.STATIC));
        }

        /** The erased parameter types, named as {@link Class#getName()} names them. */
        private List<String> classNames(ExecutableElement method) {
            return method.getParameters().stream().map(p -> className(p.asType())).collect(Collectors.toList());
        }

        /**
         * The erasure of {@code type} named as {@link Class#getName()} names it at run time ({@code int},
         * {@code java.util.Map$Entry}, {@code [Ljava.lang.String;}), so that messages read the same as the engine's.
         */
        private String className(TypeMirror type) {
            TypeMirror erased = types.erasure(type);
            if (erased.getKind().isPrimitive() || erased.getKind() == TypeKind.VOID) {
                return erased.getKind().name().toLowerCase(java.util.Locale.ROOT);
            }
            if (erased.getKind() == TypeKind.ARRAY) {
                return "[" + descriptor(((javax.lang.model.type.ArrayType) erased).getComponentType());
            }
            if (erased.getKind() == TypeKind.DECLARED) {
                return elements.getBinaryName((TypeElement) ((DeclaredType) erased).asElement()).toString();
            }
            return erased.toString();
        }

        private String descriptor(TypeMirror type) {
            TypeMirror erased = types.erasure(type);
            switch (erased.getKind()) {
                case BOOLEAN: return "Z";
                case BYTE: return "B";
                case CHAR: return "C";
                case SHORT: return "S";
                case INT: return "I";
                case LONG: return "J";
                case FLOAT: return "F";
                case DOUBLE: return "D";
                case ARRAY: return className(erased);
                default: return "L" + className(erased) + ";";
            }
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

        private void add(String problem) {
            if (problem != null) {
                problems.add(problem);
            }
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
            return RetryRules.method(elements.getBinaryName((TypeElement) method.getEnclosingElement()).toString(),
                    method.getSimpleName().toString(), simpleTypeNames(method));
        }

        private List<String> simpleTypeNames(ExecutableElement method) {
            return method.getParameters().stream().map(p -> simpleTypeName(p.asType())).collect(Collectors.toList());
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
