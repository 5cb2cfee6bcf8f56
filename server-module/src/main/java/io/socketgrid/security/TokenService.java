package io.socketgrid.security;

import io.socketgrid.protocol.AuthFailure;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import io.socketgrid.config.SecurityConfig;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.LongSupplier;

/**
 * Signs and verifies SocketCluster-compatible auth tokens: compact JWTs (HS256 with {@code authKey}, or RS256
 * with a key pair) whose payload is the application's claims plus {@code iat} and {@code exp}, as
 * {@code socketcluster-server} issues them. The JOSE work is nimbus-jose-jwt's; this class picks the keys,
 * enforces the one configured algorithm (no {@code none}, no HS/RS confusion) and checks the dates.
 * Thread-safe.
 */
public final class TokenService {

    private static final System.Logger LOG = System.getLogger(TokenService.class.getName());

    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;      // null when this node only verifies (RS256 with the public key only)
    private final JWSVerifier verifier;
    private final Duration defaultExpiry;
    private final LongSupplier clock;

    private TokenService(JWSAlgorithm algorithm, JWSSigner signer, JWSVerifier verifier, Duration defaultExpiry,
                         LongSupplier clock) {
        this.algorithm = algorithm;
        this.signer = signer;
        this.verifier = verifier;
        this.defaultExpiry = defaultExpiry;
        this.clock = clock;
    }

    /** The service the settings describe; the wall clock tells the time. */
    public static TokenService from(SecurityConfig config) {
        return from(config, System::currentTimeMillis);
    }

    /**
     * @param clock epoch milliseconds now
     * @throws IllegalArgumentException naming the setting when a key is missing, too short or unreadable
     */
    public static TokenService from(SecurityConfig config, LongSupplier clock) {
        try {
            if (!config.authPrivateKey().isEmpty() || !config.authPublicKey().isEmpty()) {
                return rsa(config, clock);
            }
            byte[] secret;
            if (config.authKey().isEmpty()) {
                secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                LOG.log(System.Logger.Level.WARNING, "socketgrid.authKey is not set: auth tokens are signed with a "
                        + "random key of this node and hold neither on other nodes nor after a restart");
            } else {
                secret = config.authKey().getBytes(StandardCharsets.UTF_8);
            }
            return new TokenService(JWSAlgorithm.HS256, new MACSigner(secret), new MACVerifier(secret),
                    config.authDefaultExpiry(), clock);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("socketgrid.authKey must be at least 32 bytes (256 bits) for HS256", e);
        }
    }

    private static TokenService rsa(SecurityConfig config, LongSupplier clock) {
        if (config.authPublicKey().isEmpty()) {
            throw new IllegalArgumentException("socketgrid.authPublicKey is required with socketgrid.authPrivateKey");
        }
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(
                    new X509EncodedKeySpec(pem(config.authPublicKey(), "PUBLIC KEY")));
            JWSSigner signer = null;
            if (!config.authPrivateKey().isEmpty()) {
                signer = new RSASSASigner((RSAPrivateKey) rsa.generatePrivate(
                        new PKCS8EncodedKeySpec(pem(config.authPrivateKey(), "PRIVATE KEY"))));
            }
            return new TokenService(JWSAlgorithm.RS256, signer, new RSASSAVerifier(publicKey),
                    config.authDefaultExpiry(), clock);
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("cannot read the RSA keys of socketgrid.authPrivateKey/authPublicKey "
                    + "(PEM, PKCS#8 private key and X.509 public key): " + e.getMessage(), e);
        }
    }

    /** The DER bytes of the PEM block {@code -----BEGIN <type>-----} in {@code file}. */
    private static byte[] pem(String file, String type) throws IOException {
        String text = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END " + type + "-----");
        if (start < 0 || end < start) {
            throw new IOException(file + " holds no " + begin + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
    }

    /** Whether this node can sign tokens (false for an RS256 node given only the public key). */
    public boolean canSign() {
        return signer != null;
    }

    /**
     * Signs {@code claims}, adding {@code iat} and, when absent, {@code exp} = now + {@code authDefaultExpiry}.
     *
     * @throws IllegalStateException when this node has no signing key
     */
    public String sign(JsonObject claims) {
        if (signer == null) {
            throw new IllegalStateException("this node verifies tokens only: set socketgrid.authPrivateKey to sign");
        }
        long nowSeconds = clock.getAsLong() / 1000;
        JsonObjectBuilder payload = Json.createObjectBuilder(claims);
        if (!claims.containsKey("iat")) {
            payload.add("iat", nowSeconds);
        }
        if (!claims.containsKey("exp")) {
            payload.add("exp", nowSeconds + defaultExpiry.toSeconds());
        }
        JWSObject jws = new JWSObject(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(),
                new Payload(payload.build().toString()));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a token failed", e);
        }
        return jws.serialize();
    }

    /** Checks {@code signed}: the configured algorithm, the signature, then {@code nbf} and {@code exp}. */
    public VerifiedToken verify(String signed) throws TokenRejectedException {
        if (signed == null || signed.isEmpty()) {
            throw rejected(AuthFailure.INVALID, "the token is missing or not a string", null);
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(signed);
        } catch (ParseException e) {
            throw rejected(AuthFailure.INVALID, "jwt malformed", null);
        }
        if (!algorithm.equals(jws.getHeader().getAlgorithm())) {
            throw rejected(AuthFailure.INVALID, "invalid algorithm: expected " + algorithm, null);
        }
        try {
            if (!jws.verify(verifier)) {
                throw rejected(AuthFailure.INVALID, "invalid signature", null);
            }
        } catch (JOSEException e) {
            throw rejected(AuthFailure.INVALID, "invalid signature", null);
        }
        JsonObject claims = claimsOf(jws.getPayload().toString());
        long now = clock.getAsLong();
        long notBefore = secondsClaim(claims, "nbf");
        if (notBefore != Long.MIN_VALUE && now < notBefore * 1000) {
            throw rejected(AuthFailure.NOT_BEFORE, "jwt not active", Instant.ofEpochSecond(notBefore).toString());
        }
        long expiry = secondsClaim(claims, "exp");
        long expiresAt = expiry == Long.MIN_VALUE ? Long.MAX_VALUE : expiry * 1000;
        if (now >= expiresAt) {
            throw rejected(AuthFailure.EXPIRED, "jwt expired", Instant.ofEpochSecond(expiry).toString());
        }
        return new VerifiedToken(signed, claims, expiresAt);
    }

    private static JsonObject claimsOf(String json) throws TokenRejectedException {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject claims) {
                return claims;
            }
        } catch (JsonException e) {
            // falls through: a signed payload that is not a JSON object
        }
        throw rejected(AuthFailure.INVALID, "the token's payload is not a JSON object", null);
    }

    /** A numeric date claim in seconds, or {@link Long#MIN_VALUE} when absent. */
    private static long secondsClaim(JsonObject claims, String name) throws TokenRejectedException {
        JsonValue value = claims.get(name);
        if (value == null || value == JsonValue.NULL) {
            return Long.MIN_VALUE;
        }
        if (value instanceof JsonNumber number) {
            return (long) Math.floor(number.doubleValue());
        }
        throw rejected(AuthFailure.INVALID, name + " must be a number of seconds", null);
    }

    private static TokenRejectedException rejected(String name, String message, String date) {
        return new TokenRejectedException(new AuthFailure(name, message, date));
    }
}
