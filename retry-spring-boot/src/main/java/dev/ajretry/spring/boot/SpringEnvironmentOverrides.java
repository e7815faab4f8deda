package dev.ajretry.spring.boot;

import dev.ajretry.internal.env.Overrides;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ajretry.*} keys of a Spring {@link ConfigurableEnvironment}, as ajretry's overrides read them: the same
 * keys as {@code ajretry.properties}, each with the origin a message names ({@code ajretry.enabled in class path
 * resource [application.yml] - 3:12}).
 *
 * <ul>
 *   <li>Property sources are read in the Environment's order (command-line arguments, {@code @TestPropertySource},
 *       environment variables, profile-specific files, then {@code application.yml} or {@code .properties}): the
 *       first source that has a key gives it, whole.</li>
 *   <li>A YAML list ({@code ajretry.retryable[0]}, {@code [1]}...) becomes the comma-separated list the file
 *       format takes.</li>
 *   <li>Environment variables can set the global keys only ({@code AJRETRY_ENABLED}, {@code AJRETRY_NESTED},
 *       {@code AJRETRY_MAXRETRYAFTER}, {@code AJRETRY_RETRYABLE}): a class's binary name does not survive the
 *       upper-case, underscore spelling of a variable.</li>
 *   <li>System properties are left out: ajretry reads them itself, and they win over every other source, with or
 *       without Spring.</li>
 * </ul>
 * Values are resolved ({@code ${...}} placeholders) and trimmed by the overrides; nothing else is converted.
 */
final class SpringEnvironmentOverrides {

    static final String PREFIX = "ajretry.";
    /** The keys outside any class that an environment variable can spell. */
    static final List<String> GLOBAL_KEYS = List.of("enabled", "nested", "maxRetryAfter", "retryable");
    private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");

    private SpringEnvironmentOverrides() {
    }

    /** The overrides {@code environment} gives, by full key, in the order found. */
    static Map<String, Overrides.Value> read(ConfigurableEnvironment environment) {
        Map<String, Overrides.Value> values = new LinkedHashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source.getName().equals(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME)) {
                continue;
            }
            Map<String, Overrides.Value> own = new LinkedHashMap<>();
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                own.putAll(keysOf(enumerable, environment));
            }
            if (source instanceof SystemEnvironmentPropertySource) {
                for (String global : GLOBAL_KEYS) {
                    String key = PREFIX + global;
                    Object raw = source.getProperty(key); // relaxed: AJRETRY_ENABLED, AJRETRY_MAXRETRYAFTER
                    if (raw != null && !own.containsKey(key)) {
                        own.put(key, new Overrides.Value(environment.resolvePlaceholders(raw.toString()),
                                key + " from environment variable " + variableName(key)));
                    }
                }
            }
            own.forEach(values::putIfAbsent);
        }
        return values;
    }

    /** The keys under {@code ajretry.} that one source holds, its YAML lists joined. */
    private static Map<String, Overrides.Value> keysOf(EnumerablePropertySource<?> source,
                                                       ConfigurableEnvironment environment) {
        Map<String, Overrides.Value> keys = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
        Map<String, String> listOrigins = new LinkedHashMap<>();
        for (String name : source.getPropertyNames()) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            Object raw = source.getProperty(name);
            String text = raw == null ? "" : environment.resolvePlaceholders(raw.toString());
            Matcher indexed = INDEXED.matcher(name);
            if (indexed.matches()) {
                String key = indexed.group(1);
                lists.computeIfAbsent(key, k -> new TreeMap<>()).put(Integer.parseInt(indexed.group(2)), text);
                listOrigins.putIfAbsent(key, origin(source, name, key));
            } else {
                keys.put(name, new Overrides.Value(text, origin(source, name, name)));
            }
        }
        lists.forEach((key, elements) -> keys.putIfAbsent(key,
                new Overrides.Value(String.join(",", elements.values()), listOrigins.get(key))));
        return keys;
    }

    /** How messages name where {@code name} was set: the file and line where Spring tracks it. */
    private static String origin(PropertySource<?> source, String name, String key) {
        Origin origin = source instanceof OriginLookup<?> ? OriginLookup.getOrigin(source, name) : null;
        return origin != null ? key + " in " + origin : key + " in Spring property source '" + source.getName() + "'";
    }

    private static String variableName(String key) {
        return key.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }
}
