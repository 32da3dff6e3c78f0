package dev.wharf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.domain.ContentRange;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class UploadRangesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0-99              | 0    | 99",
            "bytes 0-99/100    | 0    | 99",
            "bytes 0-99/*      | 0    | 99",
            "bytes 100-199     | 100  | 199",
            "5-5               | 5    | 5",
            "' 1024-2047 '     | 1024 | 2047",
            "0-999999999999999999 | 0 | 999999999999999999"})
    void parses(String header, long start, long end) {
        ContentRange range = UploadRanges.parse(header).orElseThrow();
        assertEquals(new ContentRange(start, end), range);
        assertEquals(end - start + 1, range.length());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t"})
    void absent(String header) {
        assertEquals(Optional.empty(), UploadRanges.parse(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"99-0", "5-4", "abc", "-5", "5-", "0-1-2", "bytes=0-99", "bytes 0-99/", "0-99/x", "0 - 99",
            "1-9999999999999999999", "0x10-0x20", "0-99,100-199"})
    void malformedIsA416(String header) {
        RegistryException e = assertThrows(RegistryException.class, () -> UploadRanges.parse(header));
        assertEquals(OciErrorCode.BLOB_UPLOAD_RANGE_INVALID, e.errors().get(0).code());
        assertEquals(416, e.code().status());
        assertEquals("BLOB_UPLOAD_INVALID", e.errors().get(0).code().code());
    }

    @Test
    void detailNamesTheHeader() {
        RegistryException e = assertThrows(RegistryException.class, () -> UploadRanges.parse("99-0"));
        assertEquals(true, e.errors().get(0).detail().toString().contains("99-0"));
    }
}
