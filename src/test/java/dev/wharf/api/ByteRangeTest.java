package dev.wharf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {
    private static final long SIZE = 1000;

    private static ByteRange partial(String header, long size) {
        return assertInstanceOf(ByteRange.Partial.class, ByteRange.parse(header, size), header).range();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bytes=0-99     | 0   | 99",
            "bytes=900-     | 900 | 999",
            "bytes=-100     | 900 | 999",
            "bytes=0-0      | 0   | 0",
            "bytes=999-999  | 999 | 999",
            "bytes=0-       | 0   | 999",
            "bytes=0-999    | 0   | 999",
            "bytes=500-5000 | 500 | 999",
            "bytes=10-9223372036854775807 | 10 | 999",
            "bytes=-1000    | 0   | 999",
            "bytes=-5000    | 0   | 999",
            "bytes=-1       | 999 | 999",
            "' bytes=1-2 '  | 1   | 2"})
    void satisfiableRanges(String header, long first, long last) {
        ByteRange range = partial(header, SIZE);
        assertEquals(new ByteRange(first, last), range);
        assertEquals(last - first + 1, range.length());
    }

    @Test
    void contentRangeHeader() {
        ByteRange range = partial("bytes=0-99", SIZE);
        assertEquals("bytes 0-99/1000", range.contentRange(SIZE));
        assertEquals(100, range.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-1000", "bytes=5000-6000", "bytes=-0", "bytes=999999999999-"})
    void unsatisfiable(String header) {
        assertInstanceOf(ByteRange.Unsatisfiable.class, ByteRange.parse(header, SIZE), header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-", "bytes=0-0", "bytes=-1", "bytes=-100"})
    void nothingIsSatisfiableInAnEmptyBlob(String header) {
        assertInstanceOf(ByteRange.Unsatisfiable.class, ByteRange.parse(header, 0), header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "items=0-1", "bytes=5-1", "bytes=a-b", "bytes=0-1,5-6", "bytes=0-1, 5-6", "bytes=-",
            "bytes=99999999999999999999-", "bytes=0-99999999999999999999", "bytes=-99999999999999999999",
            "bytes 0-1", "bytes=0--1", "bytes=+1-2", "bytes=1", "0-99"})
    void malformedOrUnsupportedMeansTheWholeBlob(String header) {
        assertInstanceOf(ByteRange.Whole.class, ByteRange.parse(header, SIZE), header);
    }

    @Test
    void noHeaderMeansTheWholeBlob() {
        assertInstanceOf(ByteRange.Whole.class, ByteRange.parse(null, SIZE));
        assertInstanceOf(ByteRange.Whole.class, ByteRange.parse(null, 0));
    }
}
