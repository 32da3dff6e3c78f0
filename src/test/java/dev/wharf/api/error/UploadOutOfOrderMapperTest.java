package dev.wharf.api.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.api.FakeUriInfo;
import dev.wharf.api.Locations;
import dev.wharf.api.UploadHeaders;
import dev.wharf.config.HttpConfig;
import dev.wharf.domain.RepositoryName;
import dev.wharf.domain.UploadId;
import dev.wharf.storage.UploadOutOfOrderException;
import dev.wharf.storage.UploadStatus;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UploadOutOfOrderMapperTest {
    private static final UploadId ID = new UploadId("0b5d2c3e-0000-4000-8000-000000000001");
    private static final UploadOutOfOrderException REFUSED = new UploadOutOfOrderException(
            new RepositoryName("team/app"), new UploadStatus(ID, 10), "chunk starts at byte 20");
    private static final FakeUriInfo REQUEST = new FakeUriInfo(URI.create("http://10.0.0.5:8080/registry/"));

    private static Response map(HttpConfig http) {
        return new UploadOutOfOrderMapper(new UploadHeaders(new Locations(http)), REQUEST).toResponse(REFUSED);
    }

    @Test
    void answers416WithTheRangeAndSessionToResumeFrom() {
        Response response = map(new HttpConfig("/registry", false, Optional.empty()));
        assertEquals(416, response.getStatus());
        assertEquals("0-9", response.getHeaderString("Range"));
        assertEquals(ID.value(), response.getHeaderString("Docker-Upload-UUID"));
        assertEquals("http://10.0.0.5:8080/registry/v2/team/app/blobs/uploads/" + ID, response.getHeaderString("Location"));
    }

    @Test
    void theResumeLocationIsOnHttpHostWhenSet() {
        Response response = map(new HttpConfig("/registry", false, Optional.of("https://registry.example.com")));
        assertEquals("https://registry.example.com/registry/v2/team/app/blobs/uploads/" + ID,
                response.getHeaderString("Location"));
    }

    @Test
    void theResumeLocationIsAPathWithRelativeUrls() {
        Response response = map(new HttpConfig("/registry", true, Optional.empty()));
        assertEquals("/registry/v2/team/app/blobs/uploads/" + ID, response.getHeaderString("Location"));
    }
}
