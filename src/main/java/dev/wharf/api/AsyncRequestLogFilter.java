package dev.wharf.api;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps two false alarms of Weld out of the log. A blob request that {@link BlobFillFilter} makes
 * asynchronous starts on one container thread and completes on another; Weld's servlet
 * integration then reports its per-thread guard as leaked (WELD-000714) on the first thread's next
 * request and as missing (WELD-000715) on the second. Nothing leaks: no Wharf bean is request- or
 * session-scoped, and blob routes run without those contexts (see {@code web.xml}). An operator
 * could do nothing about these lines, so they are dropped; every other Weld message passes.
 */
@ApplicationScoped
public class AsyncRequestLogFilter {
    static final String WELD_SERVLET_LOGGER = "org.jboss.weld.Servlet";

    // Held so the logger, and the filter set on it, are not garbage collected (JUL keeps loggers weakly).
    private final Logger weldServlet = Logger.getLogger(WELD_SERVLET_LOGGER);
    private final Filter filter = AsyncRequestLogFilter::keep;

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        weldServlet.setFilter(filter);
    }

    static boolean keep(LogRecord record) {
        String message = record.getMessage();
        return message == null || !(message.contains("WELD-000714") || message.contains("WELD-000715"));
    }

    @PreDestroy
    void stop() {
        if (weldServlet.getFilter() == filter) {
            weldServlet.setFilter(null);
        }
    }
}
