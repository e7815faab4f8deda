package dev.ajretry.aspect;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RetryAspect holds copies on purpose: one retry advice per primitive return type (an {@code Object around()}
 * advice would box every primitive result, an allocation the success path must not make) and one capture advice per
 * arity, for instance and static methods (AspectJ binds arguments by position, so each count needs its own advice).
 * Nothing but this test keeps the copies alike: it reads the aspect's source and fails when a copy differs from the
 * others by more than its type or its arity.
 */
class AspectSamenessTest {

    private static final Path ASPECT = Path.of("src/main/aspect/dev/ajretry/aspect/RetryAspect.aj");
    private static final String MARKER = "@SuppressAjWarnings(\"adviceDidNotMatch\")";
    private static final Map<String, String> BOXED = Map.of("boolean", "Boolean", "byte", "Byte", "char", "Character",
            "short", "Short", "int", "Integer", "long", "Long", "float", "Float", "double", "Double", "Object", "Object");
    private static final Pattern RETRY_HEADER = Pattern.compile("(\\w+) around\\(\\): retriedExecution\\(\\) && (.*) \\{");
    private static final Pattern BOXED_CAST = Pattern.compile("\\((Boolean|Byte|Character|Short|Integer|Long|Float|Double|Object)\\)");

    /** An advice's text, from its annotation to its closing brace, and the line of the aspect it starts at. */
    record Advice(int line, String text) {
        String header() {
            return text.lines().skip(1).findFirst().orElse("").strip();
        }
    }

    @Test
    void theRetryAdvicesDifferOnlyByTheirType() throws IOException {
        Map<String, Advice> normalised = new TreeMap<>();
        for (Advice advice : advices()) {
            Matcher header = RETRY_HEADER.matcher(advice.header());
            if (!header.matches() || header.group(2).equals("returnsCompletionStage()")) {
                continue; // not a retry advice, or the asynchronous one, which is different on purpose
            }
            String type = header.group(1), at = type + " retry advice at line " + advice.line();
            assertThat(normalised).as("another %s", at).doesNotContainKey(type);
            String tail = type.equals("Object") ? "returnsReferenceOrVoid() && !returnsCompletionStage() && !returnsMonoOrFlux()" : "execution(" + type + " *(..))";
            assertThat(header.group(2)).as("the pointcut of the %s", at).isEqualTo(tail);
            // the placeholder (B) below would hide a cast to the wrong boxed type, so that is checked first
            assertThat(BOXED_CAST.matcher(advice.text()).results().map(cast -> cast.group(1)))
                    .as("the casts in the %s", at).containsOnly(BOXED.get(type));
            normalised.put(type, new Advice(advice.line(), BOXED_CAST.matcher(advice.text().replace(tail, "P")).replaceAll("(B)")
                    .replaceAll("\\b(boolean|byte|char|short|int|long|float|double|Object)\\b", "T")));
        }
        assertThat(normalised.keySet()).as("the types of the retry advices").containsExactlyInAnyOrderElementsOf(BOXED.keySet());
        assertAllAlike(normalised, "retry advice");
    }

    @Test
    void theCaptureAdvicesDifferOnlyByTheirArity() throws IOException {
        Map<String, Advice> instance = new TreeMap<>(), statik = new TreeMap<>();
        for (Advice advice : advices()) {
            if (!advice.header().contains("argumentCapture()")) {
                continue;
            }
            boolean isInstance = advice.header().contains("execution(!static ");
            List<String> pattern = elements(advice, "\\* \\*\\((.*?)\\)\\)"), params = elements(advice, "around\\((.*?)\\):");
            List<String> args = elements(advice, "args\\((.*?)\\)"), captured = elements(advice, "capture\\((.*?)\\);");
            int arity = pattern.size();
            String at = (isInstance ? "instance" : "static") + " capture advice at line " + advice.line();
            // each list counts the same arguments, in the same order; an instance advice binds and captures the target first
            List<String> names = params.stream().map(param -> param.replaceFirst("^Object ", "")).toList();
            assertThat(pattern).as("the execution pattern of the %s", at).allMatch("*"::equals);
            assertThat(names).as("the parameters of the %s", at).hasSize(arity + (isInstance ? 1 : 0));
            assertThat(args).as("the args() of the %s", at).isEqualTo(names.subList(isInstance ? 1 : 0, names.size()));
            assertThat(captured).as("the capture() call of the %s", at).hasSize(arity + 1).startsWith(isInstance ? names.get(0) : "null");
            assertThat(captured.subList(1, captured.size())).as("the capture() call of the %s", at).isEqualTo(args);
            String text = advice.text().replaceFirst("around\\(.*?\\):", "around(PARAMS):").replaceFirst("\\* \\*\\(.*?\\)\\)", "* *(PATTERN))")
                    .replaceFirst("( && args\\(.*?\\))? \\{", " && args(ARGS) {") // arity 0 has no args()
                    .replaceFirst("capture\\(.*?\\);", "capture(CAPTURED);");
            assertThat((isInstance ? instance : statik).put("arity " + arity, new Advice(advice.line(), text))).as("another %s", at).isNull();
        }
        List<String> arities = IntStream.rangeClosed(0, 10).mapToObj(arity -> "arity " + arity).toList();
        assertThat(instance.keySet()).as("the instance capture advices").containsExactlyInAnyOrderElementsOf(arities);
        assertThat(statik.keySet()).as("the static capture advices").containsExactlyInAnyOrderElementsOf(arities);
        assertAllAlike(instance, "instance capture advice");
        assertAllAlike(statik, "static capture advice");
    }

    /** Every advice of the aspect; each begins at the marker and ends at the brace that closes its body. */
    private static List<Advice> advices() throws IOException {
        String source = Files.readString(ASPECT);
        List<Advice> advices = new ArrayList<>();
        for (int start = source.indexOf(MARKER); start >= 0; start = source.indexOf(MARKER, start + 1)) {
            int end = source.indexOf('{', start), depth = 0;
            do {
                char c = source.charAt(end++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            } while (depth > 0);
            String indent = source.substring(source.lastIndexOf('\n', start) + 1, start);
            int line = (int) source.substring(0, start).chars().filter(c -> c == '\n').count() + 1;
            Advice advice = new Advice(line, source.substring(start, end));
            // a brace in a string or comment would fool the count; then the body would not end at the advice's indentation
            assertThat(advice.text()).as("the advice at line %d ends at its own indentation", line).endsWith("\n" + indent + "}");
            advices.add(advice);
        }
        return advices;
    }

    /** The comma-separated elements of the first group of the first match of regex, or none if it does not match. */
    private static List<String> elements(Advice advice, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(advice.text());
        return !matcher.find() || matcher.group(1).isBlank() ? List.of()
                : Arrays.stream(matcher.group(1).split(",")).map(String::strip).toList();
    }

    /** Each normalised advice equals the one most of them share; a failure names the odd one and its first odd line. */
    private static void assertAllAlike(Map<String, Advice> normalised, String what) {
        String common = normalised.values().stream().collect(Collectors.groupingBy(Advice::text, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElseThrow();
        normalised.forEach((name, advice) -> {
            List<String> lines = advice.text().lines().toList(), expected = common.lines().toList();
            int i = 0;
            while (i < lines.size() && i < expected.size() && lines.get(i).equals(expected.get(i))) {
                i++;
            }
            assertThat(advice.text()).as("the %s %s differs from the others at line %d of the aspect:%n  expected: %s%n  but was:  %s",
                    what, name, advice.line() + i, i < expected.size() ? expected.get(i).strip() : "(end)",
                    i < lines.size() ? lines.get(i).strip() : "(end)").isEqualTo(common);
        });
    }
}
