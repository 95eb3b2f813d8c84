package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizesTest {
    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "1024, 1024",
            "7B, 7",
            "1K, 1024",
            "512KB, 524288",
            "512KiB, 524288",
            "10M, 10485760",
            "10MB, 10485760",
            "10MiB, 10485760",
            "'10 MB', 10485760",
            "1G, 1073741824",
            "1GB, 1073741824",
            "2GiB, 2147483648",
            "1TB, 1099511627776",
            "1TiB, 1099511627776",
            "8388607TB, 9223370937343148032",
    })
    void sizesAreBinaryMultiples(String text, long bytes) {
        assertEquals(bytes, Sizes.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10mb|'10mb' is not a size",
            "10kb|'10kb' is not a size",
            "1.5GB|'1.5GB' is not a size",
            "-1MB|'-1MB' is not a size",
            "MB|'MB' is not a size",
            "''|'' is not a size",
            "10PB|'10PB' is not a size",
            "10 megabytes|'10 megabytes' is not a size",
            "8388608TB|'8388608TB' is too large a size",
            "99999999999999999999|'99999999999999999999' is too large a size",
    })
    void refusesWithAMessageForTheUser(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text));
        assertEquals(message, e.getMessage().substring(0, message.length()));
    }
}
