package dev.ajretry.internal.env;

import dev.ajretry.RetryConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ajretry.rules.RetryRules;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Operators' overrides of {@code @Retry} values, without recompiling: from {@code ajretry.properties} at the root of
 * the class path, then from an installed external source such as a Spring {@code Environment}
 * ({@link Environment#installOverrides}), then from system properties (which win). Read once, when the first policy
 * is built, and again when an external source is installed or removed.
 *
 * <pre>
 * # one method (every overload of that name)
 * ajretry.com.acme.Client.fetch.tries=5
 * # every @Retry method of the class
 * ajretry.com.acme.Client.delay=250
 * # no retrying in that class: a single attempt
 * ajretry.com.acme.Client.enabled=false
 * # no retrying anywhere
 * ajretry.enabled=false
 * ajretry.retryable=java.net.SocketTimeoutException,java.net.ConnectException
 * </pre>
 * Comments start a line: a comment after a value is part of it, and is reported as trailing text. Only the first
 * file the class loader finds is read; others are logged as ignored. Classes are named by their binary name
 * ({@code com.acme.Outer$Inner}); a key naming no class is logged. A method key wins over a class key. Values are
 * validated like the annotation; a bad one makes that method's calls fail with a message naming the key.
 */
public final class Overrides {

    /** The attributes that can be overridden, with "enabled". */
    static final Set<String> ATTRIBUTES = Set.of("tries", "delay", "unit", "backoff", "jitter", "minDelay", "maxDelay",
            "maxDuration", "attemptTimeout", "hedges", "hedgeDelay", "exceptions", "abortOn", "matchCauses",
            "randomJitter", "jitterRatio", "logArguments", "enabled");

    static final String PREFIX = "ajretry.";
    static final String FILE = "ajretry.properties";
    private static final Logger LOG = LoggerFactory.getLogger(Overrides.class);

    private final Map<String, String> values;
    private final Map<String, String> origins;
    /** {@code ajretry.retryable}, resolved once by {@link #load}; {@link Environment} marks them retryable. */
    private List<Class<? extends Throwable>> retryable = List.of();

    private Overrides(Map<String, String> values, Map<String, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    /** The overrides in force ({@link Environment#overrides()}), read at first use. */
    public static Overrides current() {
        return Environment.overrides();
    }

    /**
     * Reads the file through {@code loader} (null: this class's own), then the system properties. Of several files
     * on the class path only the first the loader finds (the application's own, on a normal class path) is read;
     * every other one is logged at WARN as ignored, so that a dependency's file cannot silently change the
     * application's retries.
     *
     * @throws RetryConfigurationException if the file cannot be read or a global value is invalid
     */
    public static Overrides load(ClassLoader loader) {
        return load(loader, Map.of());
    }

    /**
     * {@link #load(ClassLoader)}, with {@code external} (full keys such as {@code ajretry.enabled}, each with its
     * origin) between the file and the system properties: it wins over the file, and each key it takes from the file
     * is logged at WARN, once per load, naming both origins; system properties still win over it.
     *
     * @throws RetryConfigurationException if the file cannot be read or a global value is invalid
     */
    public static Overrides load(ClassLoader loader, Map<String, Value> external) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        ClassLoader effective = loader != null ? loader : Overrides.class.getClassLoader();
        URL read = firstFile(effective);
        if (read != null) {
            Properties file = new Properties();
            try (InputStream in = read.openStream()) {
                file.load(in);
            } catch (IOException | IllegalArgumentException e) {
                // IllegalArgumentException: a malformed unicode escape.
                throw new RetryConfigurationException("cannot read " + read + ": " + e.getMessage());
            }
            LOG.info("Operators' overrides read from {}", read);
            for (String key : file.stringPropertyNames()) {
                if (key.startsWith(PREFIX)) {
                    values.put(key, file.getProperty(key).trim());
                    origins.put(key, key + " in " + read);
                }
            }
        }
        for (Map.Entry<String, Value> entry : external.entrySet()) {
            String key = entry.getKey();
            Value value = entry.getValue();
            String fromFile = values.get(key);
            if (fromFile != null && !fromFile.equals(value.text().trim())) {
                LOG.warn("{} = '{}' replaces {} = '{}': the application's environment wins over {}", value.origin(),
                        value.text().trim(), origins.get(key), fromFile, FILE);
            }
            values.put(key, value.text().trim());
            origins.put(key, value.origin());
        }
        Properties system = System.getProperties();
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                values.put(key, system.getProperty(key).trim());
                origins.put(key, "system property " + key);
            }
        }
        Overrides overrides = new Overrides(values, origins);
        overrides.checkKeys(effective);
        overrides.retryable = overrides.resolveRetryable(effective);
        return overrides;
    }

    /** The file to read, or null: the first one found; every other one is reported as ignored. */
    private static URL firstFile(ClassLoader loader) {
        List<URL> found = new ArrayList<>();
        try {
            Enumeration<URL> all = loader.getResources(FILE);
            while (all.hasMoreElements()) {
                URL url = all.nextElement();
                if (!found.contains(url)) {
                    found.add(url);
                }
            }
        } catch (IOException e) {
            throw new RetryConfigurationException("cannot look for " + FILE + " on the class path: " + e);
        }
        for (URL ignored : found.subList(Math.min(1, found.size()), found.size())) {
            LOG.warn("Ignoring {}: only the first {} on the class path is read ({}); merge its overrides into that"
                    + " one, or set them as system properties", ignored, FILE, found.get(0));
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * The trailing text of a value an operator wrote with a comment after it, or null. A {@code .properties}
     * comment only starts a line: {@code false   # off} is the value {@code "false   # off"}. It is trailing text
     * if whitespace and a {@code #} or {@code !} follow the value, or if the value does not parse but its part before
     * a {@code #} or {@code !} does.
     *
     * @param parses whether a text is a valid value
     */
    public static String trailingText(String text, Predicate<String> parses) {
        Matcher comment = COMMENT.matcher(text);
        if (comment.find()) {
            return comment.group(1);
        }
        if (parses.test(text)) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '#' || c == '!') && i > 0 && parses.test(text.substring(0, i).trim())) {
                return text.substring(i);
            }
        }
        return null;
    }

    private static final Pattern COMMENT = Pattern.compile("\\s([#!].*)$", Pattern.DOTALL);

    /** True if {@code parser} accepts {@code text}. */
    public static boolean parses(String text, Function<String, ?> parser) {
        try {
            parser.apply(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A key that names no attribute, no class, or an attribute without a class, is a typo that would otherwise be
     * silently ignored: logged as an error. The global switch must be true or false, the nesting mode retry or
     * outermost. A value with a comment after it says so.
     */
    private void checkKeys(ClassLoader loader) {
        for (String key : values.keySet()) {
            String rest = key.substring(PREFIX.length());
            String last = key.substring(key.lastIndexOf('.') + 1);
            if (rest.equals("retryable")) {
                continue;
            }
            if (rest.equals(MAX_RETRY_AFTER)) {
                maxRetryAfterMillis(); // throws if it is not a positive number
                continue;
            }
            if (rest.equals("nested")) {
                check(key, text -> text.equalsIgnoreCase("retry") || text.equalsIgnoreCase("outermost"),
                        "must be retry or outermost");
                continue;
            }
            if (rest.startsWith("budget.")) {
                if (!last.equals("maxTokens") && !last.equals("tokenRatio")) {
                    LOG.error("Ignoring {}: a budget has maxTokens and tokenRatio, not '{}'", origins.get(key), last);
                }
                continue;
            }
            if (rest.equals("enabled")) {
                check(key, text -> text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"),
                        "must be true or false");
            } else if (!ATTRIBUTES.contains(last)) {
                LOG.error("Ignoring {}: '{}' is not an attribute that can be overridden; expected one of {}",
                        origins.get(key), last, ATTRIBUTES);
            } else if (!rest.contains(".")) {
                LOG.error("Ignoring {}: overrides name a class (ajretry.com.acme.Client.{}) or a method"
                        + " (ajretry.com.acme.Client.fetch.{}); there is no global {}", origins.get(key), last, last,
                        last);
            } else {
                checkClass(key, rest.substring(0, rest.length() - last.length() - 1), loader);
            }
        }
    }

    /** A global value that {@code valid} must accept; else a configuration error, naming a comment after it. */
    private void check(String key, Predicate<String> valid, String rule) {
        String value = values.get(key);
        if (valid.test(value)) {
            return;
        }
        String trailing = trailingText(value, valid);
        throw new RetryConfigurationException(trailing != null
                ? RetryRules.trailingText(origins.get(key), value, trailing)
                : origins.get(key) + " = '" + value + "' " + rule);
    }

    /**
     * The class part of a class key ({@code com.acme.Client} of {@code ajretry.com.acme.Client.delay}) or of a
     * method key ({@code com.acme.Client} of {@code ajretry.com.acme.Client.fetch.tries}) names a class the loader
     * can find; a key that names neither is a typo, logged once. Not initialized: only looked up.
     */
    private void checkClass(String key, String owner, ClassLoader loader) {
        int dot = owner.lastIndexOf('.');
        String methodOwner = dot < 0 ? null : owner.substring(0, dot);
        if (exists(owner, loader) || (methodOwner != null && exists(methodOwner, loader))) {
            return;
        }
        LOG.error("Ignoring {}: no class {}{} is found (classes are named by their binary name, such as"
                + " com.acme.Outer$Inner)", origins.get(key), owner, methodOwner != null ? " nor " + methodOwner : "");
    }

    private static boolean exists(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The classes {@code ajretry.retryable} names; none if it is not set. */
    List<Class<? extends Throwable>> retryable() {
        return retryable;
    }

    @SuppressWarnings("unchecked")
    private List<Class<? extends Throwable>> resolveRetryable(ClassLoader loader) {
        String list = values.get(PREFIX + "retryable");
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        // Resolve the whole list before registering anything, so that a bad entry registers nothing.
        java.util.List<Class<? extends Throwable>> classes = new java.util.ArrayList<>();
        for (String name : list.split(",")) {
            String className = name.trim();
            if (className.isEmpty()) {
                continue;
            }
            try {
                Class<?> c = Class.forName(className, false, loader);
                if (!Throwable.class.isAssignableFrom(c)) {
                    throw new RetryConfigurationException(origins.get(PREFIX + "retryable") + ": " + className
                            + " is not a Throwable");
                }
                classes.add((Class<? extends Throwable>) c);
            } catch (ClassNotFoundException e) {
                String trailing = trailingText(list, text -> Arrays.stream(text.split(",")).map(String::trim)
                        .allMatch(n -> n.isEmpty() || exists(n, loader)));
                throw new RetryConfigurationException(trailing != null
                        ? RetryRules.trailingText(origins.get(PREFIX + "retryable"), list, trailing)
                        : origins.get(PREFIX + "retryable") + ": no class " + className);
            }
        }
        return List.copyOf(classes);
    }

    /**
     * An override for one attribute of one method: its value, and where it came from, as messages name it
     * ({@code system property ajretry.enabled}, {@code ajretry.enabled in file:/app/ajretry.properties}).
     */
    public record Value(String text, String origin) {
    }

    /**
     * Every key in force, with its value and origin, in the order read (file, external source, system properties):
     * what a configuration check walks.
     */
    public Map<String, Value> all() {
        Map<String, Value> all = new LinkedHashMap<>();
        values.forEach((key, text) -> all.put(key, new Value(text, origins.get(key))));
        return all;
    }

    /** The override of {@code attribute} for the method, or null: method key, then class key. */
    public Value find(Class<?> type, String method, String attribute) {
        String methodKey = PREFIX + type.getName() + "." + method + "." + attribute;
        if (values.containsKey(methodKey)) {
            return new Value(values.get(methodKey), origins.get(methodKey));
        }
        String classKey = PREFIX + type.getName() + "." + attribute;
        if (values.containsKey(classKey)) {
            return new Value(values.get(classKey), origins.get(classKey));
        }
        return null;
    }

    /** A key outside any class, such as {@code ajretry.nested}, or null. */
    public Value global(String name) {
        String key = PREFIX + name;
        return values.containsKey(key) ? new Value(values.get(key), origins.get(key)) : null;
    }

    /** The global key that bounds the server's {@code RetryAfter}, in milliseconds. */
    public static final String MAX_RETRY_AFTER = "maxRetryAfter";

    /**
     * {@code ajretry.maxRetryAfter}: the longest wait, in milliseconds, that a failure's {@code RetryAfter} may ask
     * for; -1 when it is not set.
     *
     * @throws RetryConfigurationException naming the property if it is not a positive whole number
     */
    public long maxRetryAfterMillis() {
        Value value = global(MAX_RETRY_AFTER);
        if (value == null) {
            return -1;
        }
        long millis;
        try {
            millis = Long.parseLong(value.text().trim());
        } catch (NumberFormatException e) {
            millis = 0;
        }
        if (millis <= 0) {
            throw new RetryConfigurationException(value.origin() + " = '" + value.text()
                    + "' must be a positive number of milliseconds");
        }
        return millis;
    }

    /** True if {@code ajretry.nested=outermost}: nested retried methods make a single attempt everywhere. */
    public boolean outermostOnly() {
        Value nested = global("nested");
        return nested != null && nested.text().equalsIgnoreCase("outermost");
    }

    /** False if retrying is switched off for the method, its class, or everywhere. */
    public Value disabled(Class<?> type, String method) {
        Value local = find(type, method, "enabled");
        if (local != null) {
            return "false".equalsIgnoreCase(local.text()) ? local : null;
        }
        String global = values.get(PREFIX + "enabled");
        if (global != null && "false".equalsIgnoreCase(global)) {
            return new Value(global, origins.get(PREFIX + "enabled"));
        }
        return null;
    }
}
