package dev.wharf.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value syntax of distribution's configuration, as a Jackson deserializer: Go durations
 * ({@code 168h}, {@code 1h30m}, {@code 500ms}, {@code 0}), so existing {@code proxy.ttl} values
 * read the same; byte sizes as operators write them ({@code 1073741824}, {@code 500MB},
 * {@code 50GiB}); booleans as YAML 1.1 writes them ({@code yes}, {@code On}), since JNDI and the
 * environment give only text; paths. Text that does not parse goes to the problem handler, saying
 * what was expected, and binding goes on.
 */
final class ValueSyntax<T> extends StdScalarDeserializer<T> {

    private static final long serialVersionUID = 1L;
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?i?b?)?", Pattern.CASE_INSENSITIVE);

    private final transient Function<String, T> parse;
    private final String expected;

    private ValueSyntax(Class<T> type, Function<String, T> parse, String expected) {
        super(type);
        this.parse = parse;
        this.expected = expected;
    }

    /** The deserializers for {@link Boolean}, {@link Duration}, {@link OptionalLong} (a positive size) and {@link Path}. */
    static SimpleModule module() {
        return new SimpleModule()
                .addDeserializer(Boolean.class, new ValueSyntax<>(Boolean.class, ValueSyntax::bool, "true or false"))
                .addDeserializer(Duration.class, new ValueSyntax<>(Duration.class, text -> duration(text).orElse(null),
                        "a duration such as 30s, 15m, 168h or 1h30m"))
                .addDeserializer(OptionalLong.class, new ValueSyntax<>(OptionalLong.class,
                        text -> size(text).orElse(0) > 0 ? size(text) : null,
                        "a positive size in bytes, optionally with a unit: 50GiB, 500MB, 1073741824; leave it unset for no budget"))
                .addDeserializer(Path.class, new ValueSyntax<>(Path.class, Path::of, "an absolute directory such as /var/lib/registry"));
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.currentToken().isScalarValue()) {
            return (T) ctxt.handleUnexpectedToken(handledType(), p);
        }
        String text = p.getValueAsString(); // numbers too: "ttl: 0" is a duration
        T value;
        try {
            value = parse.apply(text);
        } catch (IllegalArgumentException e) { // InvalidPathException: reported below like any text that does not parse
            value = null;
        }
        return value != null ? value : (T) ctxt.handleWeirdStringValue(handledType(), text, "but must be " + expected);
    }

    /** The Go duration, or empty when the text is not one. */
    static Optional<Duration> duration(String text) {
        String value = text.trim();
        if (value.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher matcher = DURATION_PART.matcher(value);
        long nanos = 0;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            long unit = switch (matcher.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos += (long) (Double.parseDouble(matcher.group(1)) * unit);
            end = matcher.end();
        }
        return end == value.length() && end > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
    }

    /** The size in bytes, or empty when the text is not a size. */
    static OptionalLong size(String text) {
        Matcher matcher = SIZE.matcher(text.trim());
        String unit = matcher.matches() && matcher.group(2) != null ? matcher.group(2).toLowerCase(Locale.ROOT) : "";
        if (!matcher.matches() || unit.endsWith("i")) {
            return OptionalLong.empty(); // "Gi" without the B is ambiguous; ask for GiB
        }
        long base = unit.contains("i") ? 1024 : 1000;
        int power = unit.isEmpty() || unit.equals("b") ? 0 : "kmgtp".indexOf(unit.charAt(0)) + 1;
        BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(base).pow(power));
        return bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? OptionalLong.empty()
                : OptionalLong.of(bytes.setScale(0, RoundingMode.DOWN).longValue());
    }

    /** What distribution's YAML library reads as a boolean, in any case; null for anything else. */
    private static Boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "y" -> true;
            case "false", "no", "off", "n" -> false;
            default -> null;
        };
    }
}
