package dev.wharf.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.auth.AuthChallenge;
import org.junit.jupiter.api.Test;

/** What the upstream client needs of HttpClient's challenge parser, which replaced our own. */
class ChallengesTest {

    @Test
    void bearerWithSeveralParams() {
        List<AuthChallenge> challenges = parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/ubuntu:pull\"");
        assertEquals(1, challenges.size());
        AuthChallenge challenge = challenges.get(0);
        assertTrue(Challenges.isBearer(challenge));
        assertFalse(Challenges.isBasic(challenge));
        assertEquals(Optional.of("https://auth.docker.io/token"), Challenges.param(challenge, "realm"));
        assertEquals(Optional.of("registry.docker.io"), Challenges.param(challenge, "service"));
        assertEquals(Optional.of("repository:library/ubuntu:pull"), Challenges.param(challenge, "scope"));
        assertEquals(Optional.empty(), Challenges.param(challenge, "error"));
    }

    @Test
    void commasInsideQuotesBelongToTheValue() {
        AuthChallenge challenge = parse(
                "Bearer realm=\"https://t/token\", scope=\"repository:a/b:pull,push\", error=\"insufficient_scope\"").get(0);
        assertEquals(Optional.of("repository:a/b:pull,push"), Challenges.param(challenge, "scope"));
        assertEquals(Optional.of("insufficient_scope"), Challenges.param(challenge, "error"));
    }

    @Test
    void schemeAndParamNamesAreCaseInsensitive() {
        AuthChallenge challenge = parse("bearer REALM=\"https://t/token\",Service=s").get(0);
        assertTrue(Challenges.isBearer(challenge));
        assertEquals(Optional.of("https://t/token"), Challenges.param(challenge, "realm"));
        assertEquals(Optional.of("s"), Challenges.param(challenge, "SERVICE"));
        assertTrue(Challenges.isBasic(parse("BASIC realm=x").get(0)));
    }

    @Test
    void severalChallengesInOneHeader() {
        List<AuthChallenge> challenges = parse(
                "Basic realm=\"Registry, with comma\", Bearer realm=\"https://t/token\",service=\"reg\"");
        assertEquals(2, challenges.size());
        assertTrue(Challenges.isBasic(challenges.get(0)));
        assertEquals(Optional.of("Registry, with comma"), Challenges.param(challenges.get(0), "realm"));
        assertTrue(Challenges.isBearer(challenges.get(1)));
        assertEquals(Optional.of("https://t/token"), Challenges.param(challenges.get(1), "realm"));
        assertEquals(Optional.of("reg"), Challenges.param(challenges.get(1), "service"));
    }

    @Test
    void challengesAcrossHeaderValues() {
        List<AuthChallenge> challenges = Challenges.parse(List.of("Basic realm=a", "Bearer realm=\"b\""));
        assertEquals(List.of(true, false), challenges.stream().map(Challenges::isBasic).toList());
        assertEquals(List.of(false, true), challenges.stream().map(Challenges::isBearer).toList());
    }

    @Test
    void unquotedUrlValuesAndSpacesAroundEquals() {
        AuthChallenge challenge = parse("Bearer realm = https://auth.example.com:8443/token?x=1 , service = reg").get(0);
        assertEquals(Optional.of("https://auth.example.com:8443/token?x=1"), Challenges.param(challenge, "realm"));
        assertEquals(Optional.of("reg"), Challenges.param(challenge, "service"));
    }

    @Test
    void escapesInQuotedStrings() {
        AuthChallenge challenge = parse("Basic realm=\"say \\\"hi\\\" \\\\ bye\"").get(0);
        assertEquals(Optional.of("say \"hi\" \\ bye"), Challenges.param(challenge, "realm"));
    }

    @Test
    void token68ChallengeBeforeOurs() {
        List<AuthChallenge> challenges = parse("Negotiate abc==, Basic realm=\"r\"");
        assertEquals(2, challenges.size());
        assertFalse(Challenges.isBasic(challenges.get(0)) || Challenges.isBearer(challenges.get(0)));
        assertEquals(Optional.of("r"), Challenges.param(challenges.get(1), "realm"));
    }

    @Test
    void firstOfARepeatedParamWins() {
        assertEquals(Optional.of("one"), Challenges.param(parse("Basic realm=one, realm=two").get(0), "realm"));
    }

    @Test
    void malformedValuesYieldNothingButDoNotSpoilTheOthers() {
        assertTrue(parse((String) null).isEmpty());
        assertTrue(parse("").isEmpty());
        assertTrue(parse(" , ,").isEmpty());
        assertTrue(parse("@@@, Basic realm=x").isEmpty());
        assertTrue(parse("realm=\"orphan\"").stream().noneMatch(c -> Challenges.isBasic(c) || Challenges.isBearer(c)));
        List<AuthChallenge> challenges = Challenges.parse(Arrays.asList("@@@, Basic realm=x", null, "Bearer realm=\"https://t/token\""));
        assertEquals(1, challenges.size());
        assertTrue(Challenges.isBearer(challenges.get(0)));
        AuthChallenge unterminated = parse("Bearer realm=\"https://t/token, service=x").get(0);
        assertEquals(Optional.of("https://t/token, service=x"), Challenges.param(unterminated, "realm"));
    }

    private static List<AuthChallenge> parse(String header) {
        return Challenges.parse(Arrays.asList(header));
    }
}
