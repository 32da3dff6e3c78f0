package dev.wharf.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void bearerWithSeveralParams() {
        List<Challenge> challenges = Challenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/ubuntu:pull\"");
        assertEquals(1, challenges.size());
        Challenge challenge = challenges.get(0);
        assertTrue(challenge.isBearer());
        assertEquals(Optional.of("https://auth.docker.io/token"), challenge.param("realm"));
        assertEquals(Optional.of("registry.docker.io"), challenge.param("service"));
        assertEquals(Optional.of("repository:library/ubuntu:pull"), challenge.param("scope"));
    }

    @Test
    void commasInsideQuotesBelongToTheValue() {
        Challenge challenge = Challenge.parse("Bearer realm=\"https://t/token\", scope=\"repository:a/b:pull,push\", error=\"insufficient_scope\"").get(0);
        assertEquals(Optional.of("repository:a/b:pull,push"), challenge.param("scope"));
        assertEquals(Optional.of("insufficient_scope"), challenge.param("error"));
    }

    @Test
    void schemeAndParamNamesAreCaseInsensitive() {
        Challenge challenge = Challenge.parse("bearer REALM=\"https://t/token\",Service=s").get(0);
        assertTrue(challenge.isBearer());
        assertEquals("bearer", challenge.scheme());
        assertEquals(Optional.of("https://t/token"), challenge.param("realm"));
        assertEquals(Optional.of("s"), challenge.param("SERVICE"));
        assertTrue(Challenge.parse("BASIC realm=x").get(0).isBasic());
    }

    @Test
    void severalChallengesInOneHeader() {
        List<Challenge> challenges = Challenge.parse(
                "Basic realm=\"Registry, with comma\", Bearer realm=\"https://t/token\",service=\"reg\"");
        assertEquals(2, challenges.size());
        assertTrue(challenges.get(0).isBasic());
        assertEquals(Optional.of("Registry, with comma"), challenges.get(0).param("realm"));
        assertTrue(challenges.get(1).isBearer());
        assertEquals(Map.of("realm", "https://t/token", "service", "reg"), challenges.get(1).params());
    }

    @Test
    void challengesAcrossHeaderValues() {
        List<Challenge> challenges = Challenge.parseAll(List.of("Basic realm=a", "Bearer realm=\"b\""));
        assertEquals(List.of("basic", "bearer"), challenges.stream().map(Challenge::scheme).toList());
    }

    @Test
    void unquotedUrlValuesAndSpacesAroundEquals() {
        Challenge challenge = Challenge.parse("Bearer realm = https://auth.example.com:8443/token?x=1 , service = reg").get(0);
        assertEquals(Optional.of("https://auth.example.com:8443/token?x=1"), challenge.param("realm"));
        assertEquals(Optional.of("reg"), challenge.param("service"));
    }

    @Test
    void escapesInQuotedStrings() {
        Challenge challenge = Challenge.parse("Basic realm=\"say \\\"hi\\\" \\\\ bye\"").get(0);
        assertEquals(Optional.of("say \"hi\" \\ bye"), challenge.param("realm"));
    }

    @Test
    void schemeWithoutParams() {
        List<Challenge> challenges = Challenge.parse("Negotiate, Basic realm=r");
        assertEquals(2, challenges.size());
        assertEquals("negotiate", challenges.get(0).scheme());
        assertTrue(challenges.get(0).params().isEmpty());
        assertEquals(Optional.of("r"), challenges.get(1).param("realm"));
    }

    @Test
    void token68IsSkipped() {
        List<Challenge> challenges = Challenge.parse("Negotiate abc==, Basic realm=\"r\"");
        assertEquals(List.of("negotiate", "basic"), challenges.stream().map(Challenge::scheme).toList());
        assertEquals(Optional.of("r"), challenges.get(1).param("realm"));
    }

    @Test
    void firstOfARepeatedParamWins() {
        assertEquals(Optional.of("one"), Challenge.parse("Basic realm=one, realm=two").get(0).param("realm"));
    }

    @Test
    void malformedInputYieldsWhatCanBeRead() {
        assertTrue(Challenge.parse(null).isEmpty());
        assertTrue(Challenge.parse("").isEmpty());
        assertTrue(Challenge.parse(" , ,").isEmpty());
        assertTrue(Challenge.parse("realm=\"orphan\"").isEmpty());
        Challenge unterminated = Challenge.parse("Bearer realm=\"https://t/token, service=x").get(0);
        assertEquals(Optional.of("https://t/token, service=x"), unterminated.param("realm"));
        List<Challenge> garbage = Challenge.parse("@@@, Basic realm=x");
        assertEquals(1, garbage.size());
    }
}
