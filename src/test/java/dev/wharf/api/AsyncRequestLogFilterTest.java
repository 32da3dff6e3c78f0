package dev.wharf.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class AsyncRequestLogFilterTest {
    @Test
    void dropsOnlyTheGuardFalseAlarms() {
        assertFalse(AsyncRequestLogFilter.keep(new LogRecord(Level.WARNING,
                "WELD-000715: HttpContextLifecycle guard not set. The Servlet container is not fully compliant.")));
        assertFalse(AsyncRequestLogFilter.keep(new LogRecord(Level.WARNING,
                "WELD-000714: HttpContextLifecycle guard leak detected. The Servlet container is not fully compliant. The value was 1")));
        assertTrue(AsyncRequestLogFilter.keep(new LogRecord(Level.WARNING, "WELD-000225: Bean store leak detected")));
        assertTrue(AsyncRequestLogFilter.keep(new LogRecord(Level.SEVERE, null)));
    }
}
