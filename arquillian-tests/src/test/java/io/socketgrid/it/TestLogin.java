package io.socketgrid.it;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import java.util.Set;

/**
 * A container login for the security tests (Jakarta Security, HTTP Basic): users {@code carol} and
 * {@code blocked}, password {@code secret}, role {@code ops}. Requests without credentials pass anonymous, so
 * the WebSocket upgrade carries a principal only when the client sends one.
 */
@ApplicationScoped
@DeclareRoles("ops")
@BasicAuthenticationMechanismDefinition(realmName = "socketgrid-tests")
public class TestLogin implements IdentityStore {

    static final String PASSWORD = "secret";

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        if (Set.of("carol", "blocked").contains(credential.getCaller()) && credential.compareTo(credential.getCaller(), PASSWORD)) {
            return new CredentialValidationResult(credential.getCaller(), Set.of("ops"));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }
}
