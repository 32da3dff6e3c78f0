package dev.wharf.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as operators write them: {@code 1073741824}, {@code 500MB}, {@code 50GiB}, {@code 1.5TiB}. */
final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?i?b?)?", Pattern.CASE_INSENSITIVE);

    private Sizes() {}

    /** The size in bytes, or empty when the text is not a size. */
    static OptionalLong parse(String text) {
        Matcher matcher = SIZE.matcher(text.trim());
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        String unit = matcher.group(2) == null ? "" : matcher.group(2).toLowerCase(Locale.ROOT);
        if (unit.equals("i") || unit.endsWith("i") || (unit.length() == 2 && unit.charAt(1) == 'i')) {
            return OptionalLong.empty(); // "Gi" without the B is ambiguous; ask for GiB
        }
        boolean binary = unit.contains("i");
        long base = binary ? 1024 : 1000;
        int power = unit.isEmpty() || unit.equals("b") ? 0 : "kmgtp".indexOf(unit.charAt(0)) + 1;
        BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(base).pow(power));
        try {
            return OptionalLong.of(bytes.setScale(0, java.math.RoundingMode.DOWN).longValueExact());
        } catch (ArithmeticException e) {
            return OptionalLong.empty();
        }
    }
}
