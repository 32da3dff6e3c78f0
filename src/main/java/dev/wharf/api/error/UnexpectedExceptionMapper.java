package dev.wharf.api.error;

import dev.wharf.error.OciError;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last resort: logs the failure with an incident id and answers {@code 500 UNKNOWN} with
 * only that id, so nothing of the server's internals (paths, stack traces) reaches the client
 * while an operator can still find the log entry the client reports.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable exception) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "request failed unexpectedly, incident " + incident, exception);
        return OciErrorWriter.response(OciErrorCode.UNKNOWN, "internal error, incident " + incident + " in the registry log").build();
    }
}
