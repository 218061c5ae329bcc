package org.ascore.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One job setting, declared once: its key, type, default, allowed values and one-line doc, in the
 * spirit of Spark MLlib's {@code Params}. The reader, the validation errors, conf/ascore.conf,
 * docs/configuration.md and {@code score --help} all come from these declarations
 * ({@link JobConfig.Key}).
 *
 * @param <T> the value's type once read
 */
public final class Param<T> {
    /** Turns the raw value into T, or says why not (the message that follows the key). */
    @FunctionalInterface
    interface Reader<T> {
        T read(ConfigValue value) throws Invalid;
    }

    /** Why a value was refused; {@link #read} adds the key. */
    static final class Invalid extends Exception {
        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    private final String name;
    private final T defaultValue;
    private final String defaultText;
    private final String allowed;
    private final String doc;
    private final Reader<T> reader;

    private Param(String name, T defaultValue, String defaultText, String allowed, String doc, Reader<T> reader) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.allowed = allowed;
        this.doc = doc;
        this.reader = reader;
    }

    // ---- factories -----------------------------------------------------------------------------

    /** Any string; {@code ""} when not set. */
    public static Param<String> string(String name, String defaultValue, String doc) {
        return new Param<>(name, defaultValue, defaultValue, "string", doc, Param::text);
    }

    /** A string that must be set and not blank. */
    public static Param<String> required(String name, String doc) {
        return new Param<>(name, null, "", "string, required", doc, v -> nonEmpty(text(v), doc));
    }

    /** A string with a default that may not be blanked. */
    public static Param<String> nonEmpty(String name, String defaultValue, String doc) {
        return new Param<>(name, defaultValue, defaultValue, "non-empty string", doc, v -> nonEmpty(text(v), doc));
    }

    /**
     * A string that matches {@code regex} (ignoring case); when the default is empty, empty means
     * not set and is allowed too.
     *
     * @param allowed the regex in words, for errors and docs
     */
    public static Param<String> matching(String name, String defaultValue, String regex, String allowed, String doc) {
        Pattern p = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        boolean optional = defaultValue.isEmpty();
        return new Param<>(name, defaultValue, defaultValue, allowed, doc, v -> {
            String s = text(v);
            if (!(optional && s.isEmpty()) && !p.matcher(s).matches()) {
                throw new Invalid("must be " + allowed + ", got '" + s + "'");
            }
            return s;
        });
    }

    /** An int in {@code min..max}. */
    public static Param<Integer> integer(String name, int defaultValue, int min, int max, String doc) {
        Param<Long> l = longValue(name, defaultValue, min, max, doc);
        return new Param<>(name, defaultValue, l.defaultText, l.allowed, doc, v -> Math.toIntExact(l.reader.read(v)));
    }

    /** A long in {@code min..max}. */
    public static Param<Long> longValue(String name, long defaultValue, long min, long max, String doc) {
        String allowed = min == Long.MIN_VALUE && max == Long.MAX_VALUE ? "integer"
                : max == Long.MAX_VALUE ? "integer >= " + min : "integer " + min + ".." + max;
        return new Param<>(name, defaultValue, Long.toString(defaultValue), allowed, doc, v -> {
            String s = scalar(v, "an integer");
            long x;
            try {
                x = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new Invalid("must be an integer, got '" + s + "'");
            }
            if (x < min || x > max) {
                throw new Invalid("must be in " + min + ".." + max + ", got " + x);
            }
            return x;
        });
    }

    /**
     * A finite double in the interval from {@code low} to {@code high}, each end included or not;
     * {@code high} may be infinite (no upper bound).
     */
    public static Param<Double> decimal(String name, double defaultValue, double low, boolean lowIncluded,
                                        double high, boolean highIncluded, String doc) {
        String range = Double.isInfinite(high) ? (lowIncluded ? ">= " : "> ") + number(low)
                : (lowIncluded ? "[" : "(") + number(low) + ", " + number(high) + (highIncluded ? "]" : ")");
        String must = Double.isInfinite(high) ? "must be " + range : "must be in " + range;
        return new Param<>(name, defaultValue, number(defaultValue), "decimal " + range, doc, v -> {
            String s = scalar(v, "a number");
            double x;
            try {
                x = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                x = Double.NaN;
            }
            if (!Double.isFinite(x)) {
                throw new Invalid("must be a finite number, got '" + s + "'");
            }
            if ((lowIncluded ? x < low : x <= low) || (highIncluded ? x > high : x >= high)) {
                throw new Invalid(must + ", got " + s);
            }
            return x;
        });
    }

    public static Param<Boolean> bool(String name, boolean defaultValue, String doc) {
        return new Param<>(name, defaultValue, Boolean.toString(defaultValue), "true or false", doc, v -> {
            String s = scalar(v, "true or false");
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new Invalid("must be true or false, got '" + s + "'");
            };
        });
    }

    /** One of an enum's constants, written in lower case with '-' for '_' (REF_DEV is ref-dev). */
    public static <E extends Enum<E>> Param<E> choice(String name, E defaultValue, String doc) {
        E[] constants = defaultValue.getDeclaringClass().getEnumConstants();
        List<String> codes = Arrays.stream(constants).map(Param::code).toList();
        String words = codes.size() == 1 ? codes.get(0)
                : String.join(", ", codes.subList(0, codes.size() - 1)) + " or " + codes.get(codes.size() - 1);
        return new Param<>(name, defaultValue, code(defaultValue), words, doc, v -> {
            String s = scalar(v, words);
            for (E e : constants) {
                if (code(e).equalsIgnoreCase(s)) {
                    return e;
                }
            }
            throw new Invalid("must be " + words + ", got '" + s + "'; the allowed values are " + codes);
        });
    }

    /**
     * A list of strings: a HOCON list, or a string that is split at commas (the form the Spark conf
     * and .properties files can hold; a string that starts with '[' is read as a HOCON list, so it
     * can hold commas). Blank items are dropped.
     *
     * @param required whether at least one item is needed
     */
    public static Param<List<String>> list(String name, boolean required, String doc) {
        return new Param<>(name, required ? null : List.of(), "", "list of strings" + (required ? ", required" : ""),
                doc, v -> {
                    List<String> items = items(v);
                    if (required && items.isEmpty()) {
                        throw new Invalid("needs at least one value (" + doc + ")");
                    }
                    return items;
                });
    }

    // ---- reading ---------------------------------------------------------------------------------

    /**
     * This setting's value in {@code config} (whose paths are full keys, {@code ascore.…}).
     *
     * @throws ConfigException naming the key, when the value is missing or not allowed
     */
    public T read(Config config) {
        if (!config.hasPathOrNull(key()) || config.getIsNull(key())) {
            if (defaultValue == null) {
                throw new ConfigException(key(), "is required (" + doc + ")");
            }
            return defaultValue;
        }
        try {
            return reader.read(config.getValue(key()));
        } catch (Invalid e) {
            throw new ConfigException(key(), e.getMessage());
        }
    }

    private static String nonEmpty(String s, String doc) throws Invalid {
        if (s.isEmpty()) {
            throw new Invalid("is required (" + doc + ")");
        }
        return s;
    }

    private static String text(ConfigValue v) throws Invalid {
        return scalar(v, "a string");
    }

    /** A number, boolean or string value as trimmed text. */
    private static String scalar(ConfigValue v, String expected) throws Invalid {
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
            throw new Invalid("must be " + expected + ", got " + v.valueType().name().toLowerCase(Locale.ROOT)
                    + " " + v.render());
        }
        return String.valueOf(v.unwrapped()).trim();
    }

    private static List<String> items(ConfigValue v) throws Invalid {
        List<String> out = new ArrayList<>();
        switch (v.valueType()) {
            case LIST, OBJECT -> {
                // An object with keys 0, 1, ... (real.0 = a in a .properties file) is a list too.
                Config holder = ConfigFactory.empty().withValue("v", v);
                try {
                    holder.getStringList("v").forEach(s -> out.add(s.trim()));
                } catch (com.typesafe.config.ConfigException e) {
                    throw new Invalid("must be a list of strings, got " + v.render());
                }
            }
            default -> {
                String s = scalar(v, "a list");
                if (s.startsWith("[")) {
                    try {
                        return items(ConfigFactory.parseString("v = " + s).getValue("v"));
                    } catch (com.typesafe.config.ConfigException e) {
                        throw new Invalid("cannot read '" + s + "' as a list: " + e.getMessage());
                    }
                }
                Arrays.stream(s.split(",")).forEach(x -> out.add(x.trim()));
            }
        }
        out.removeIf(String::isEmpty);
        return List.copyOf(out);
    }

    // ---- description -------------------------------------------------------------------------------

    /** The full key, {@code ascore.<name>}. */
    public String key() {
        return "ascore." + name;
    }

    /** The key without the {@code ascore.} prefix. */
    public String name() {
        return name;
    }

    /** The default as text; {@code ""} for a setting without one (or with an empty one). */
    public String defaultValue() {
        return defaultText;
    }

    /** Whether a value must be given (there is no default). */
    public boolean isRequired() {
        return defaultValue == null;
    }

    /** The type and the allowed values or range, in words. */
    public String allowed() {
        return allowed;
    }

    /** The one-line doc. */
    public String help() {
        return doc;
    }

    /** The default as HOCON, for conf/ascore.conf; null for a setting without one. */
    public String defaultHocon() {
        if (defaultValue == null) {
            return null;
        }
        if (defaultValue instanceof List<?> l) {
            return l.isEmpty() ? "[]" : "[" + String.join(", ", l.stream().map(x -> ConfigUtil.quoteString(x.toString())).toList()) + "]";
        }
        return defaultValue instanceof Number || defaultValue instanceof Boolean ? defaultText
                : ConfigUtil.quoteString(defaultText);
    }

    /** The value as Typesafe holds it, for the layer of defaults. */
    Object defaultObject() {
        return defaultValue instanceof Enum<?> e ? code(e) : defaultValue;
    }

    /** How a choice's constant is written: lower case, '-' for '_'. */
    public static String code(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Shortest text that reads back as the same double: 0.01, 1e-6. */
    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        return mantissa + "e" + s.substring(e + 1);
    }

    @Override
    public String toString() {
        return key();
    }
}
