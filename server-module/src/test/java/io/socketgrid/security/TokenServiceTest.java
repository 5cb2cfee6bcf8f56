package io.socketgrid.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.protocol.AuthFailure;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenServiceTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final long NOW = 1_800_000_000_000L;

    private static TokenService hs256(String key) {
        return TokenService.from(SocketGridConfig.load(Map.of("authKey", key)::get).security(), () -> NOW);
    }

    private static JsonObject claims() {
        return Json.createObjectBuilder().add("username", "alice").build();
    }

    private static AuthFailure rejection(TokenService service, String token) {
        return assertThrows(TokenRejectedException.class, () -> service.verify(token)).failure();
    }

    @Test
    void signsWithIatAndDefaultExpiryAndVerifiesItsOwnTokens() throws Exception {
        TokenService service = hs256(KEY);
        VerifiedToken token = service.verify(service.sign(claims()));
        assertEquals("alice", token.claims().getString("username"));
        assertEquals(NOW / 1000, token.claims().getJsonNumber("iat").longValue());
        assertEquals(NOW + 24 * 3600 * 1000L, token.expiresAtMillis());
        assertEquals(3, token.signed().split("\\.").length);
    }

    @Test
    void expiredNotYetValidForgedAndMalformedTokensAreNamedAsTheOfficialClientExpects() {
        TokenService service = hs256(KEY);
        AuthFailure expired = rejection(service, service.sign(Json.createObjectBuilder().add("exp", NOW / 1000).build()));
        assertEquals(AuthFailure.EXPIRED, expired.name());
        assertEquals("expiry", expired.dateField());
        assertEquals(AuthFailure.NOT_BEFORE,
                rejection(service, service.sign(Json.createObjectBuilder().add("nbf", NOW / 1000 + 5).build())).name());
        assertEquals(AuthFailure.INVALID, rejection(service, hs256("another key that is long enough!!").sign(claims())).name());
        assertEquals(AuthFailure.INVALID, rejection(service, "a.b.c").name());
        assertEquals(AuthFailure.INVALID, rejection(service, "").name());
        assertEquals(AuthFailure.INVALID, rejection(service, null).name());
    }

    @Test
    void unsignedAndOtherAlgorithmTokensAreRefused() throws Exception {
        TokenService service = hs256(KEY);
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"username\":\"root\"}".getBytes());
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        assertEquals(AuthFailure.INVALID, rejection(service, header + "." + payload + ".").name());

        JWSObject hs512 = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS512).type(JOSEObjectType.JWT).build(),
                new Payload("{\"username\":\"root\"}"));
        hs512.sign(new MACSigner((KEY + KEY).getBytes()));
        assertEquals(AuthFailure.INVALID, rejection(service, hs512.serialize()).name());
    }

    @Test
    void aShortKeyIsRefusedAtStartNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hs256("short"));
        assertTrue(e.getMessage().contains("socketgrid.authKey"), e.getMessage());
    }

    @Test
    void rs256SignsWithThePrivateKeyAndAVerifyOnlyNodeAcceptsButCannotSign(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path privateKey = pem(dir.resolve("private.pem"), "PRIVATE KEY", pair.getPrivate().getEncoded());
        Path publicKey = pem(dir.resolve("public.pem"), "PUBLIC KEY", pair.getPublic().getEncoded());

        TokenService signer = TokenService.from(SocketGridConfig.load(Map.of("authPrivateKey", privateKey.toString(),
                "authPublicKey", publicKey.toString())::get).security(), () -> NOW);
        TokenService verifier = TokenService.from(SocketGridConfig.load(Map.of(
                "authPublicKey", publicKey.toString())::get).security(), () -> NOW);
        String token = signer.sign(claims());
        assertEquals("alice", verifier.verify(token).claims().getString("username"));
        assertFalse(verifier.canSign());
        assertThrows(IllegalStateException.class, () -> verifier.sign(claims()));
        assertEquals(AuthFailure.INVALID, rejection(verifier, hs256(KEY).sign(claims())).name(),
                "an HS256 token is refused by an RS256 node, whatever its key");
    }

    private static Path pem(Path file, String type, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
