package dev.wharf.proxy;

import dev.wharf.domain.RepositoryName;
import dev.wharf.error.OciErrorCode;
import dev.wharf.error.RegistryException;
import dev.wharf.upstream.UpstreamException;
import java.util.Map;

/**
 * The mirror's answer when something is not cached and the upstream would not give it: the same
 * on every path (manifests, blobs warm or cold, HEAD or GET, tag lists), so that a client can tell
 * a refusal from an outage. A repository the upstream refuses is {@code 403 DENIED}: asking again
 * will not help. An upstream that cannot answer is {@code 503 UNAVAILABLE}: it may later.
 */
final class NotCached {
    private NotCached() {}

    /** The error for {@code what} of {@code repository}, after the upstream failed with {@code e}. */
    static RegistryException because(RepositoryName repository, Object what, UpstreamException e) {
        if (e.kind() == UpstreamException.Kind.DENIED) {
            return denied(repository);
        }
        return new RegistryException(OciErrorCode.UNAVAILABLE, Map.of(
                "reason", "the upstream registry could not answer and " + what + " of " + repository + " is not cached",
                "upstream", e.getMessage()));
    }

    /** The upstream refused the repository. */
    static RegistryException denied(RepositoryName repository) {
        return new RegistryException(OciErrorCode.DENIED, Map.of("repository", repository.value(),
                "reason", "the upstream registry refused access to this repository"));
    }
}
