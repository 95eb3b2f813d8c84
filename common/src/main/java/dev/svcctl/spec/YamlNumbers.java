package dev.svcctl.spec;

import java.math.BigInteger;

/**
 * The value of a YAML 1.1 integer as SnakeYAML resolves it: {@code 1_000}, {@code +5}, {@code 0x1F}, {@code 0b101},
 * {@code 017} (octal), {@code 1:30} (base 60). Editors and the JSON Schema see these numbers, so the model must too.
 */
final class YamlNumbers {
    private YamlNumbers() {
    }

    static boolean isZero(String text) {
        try {
            return integer(text).signum() == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** @throws NumberFormatException when the text is not a YAML 1.1 integer */
    static BigInteger integer(String text) {
        String value = text.replace("_", "");
        boolean negative = value.startsWith("-");
        if (negative || value.startsWith("+")) {
            value = value.substring(1);
        }
        BigInteger magnitude;
        if (value.equals("0")) {
            magnitude = BigInteger.ZERO;
        } else if (value.startsWith("0b")) {
            magnitude = new BigInteger(value.substring(2), 2);
        } else if (value.startsWith("0x")) {
            magnitude = new BigInteger(value.substring(2), 16);
        } else if (value.startsWith("0")) {
            magnitude = new BigInteger(value.substring(1), 8);
        } else if (value.contains(":")) {
            magnitude = BigInteger.ZERO;
            for (String digit : value.split(":", -1)) {
                magnitude = magnitude.multiply(BigInteger.valueOf(60)).add(new BigInteger(digit));
            }
        } else {
            magnitude = new BigInteger(value);
        }
        return negative ? magnitude.negate() : magnitude;
    }
}
