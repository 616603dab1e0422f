package io.gatehouse.oauth;

/**
 * Who the provider says the user is, once its answer has been verified.
 *
 * @param id the provider's stable user id ({@code sub} for OpenID Connect)
 * @param issuer the OpenID issuer, null for the classic providers
 * @param role ADMIN or USER when {@code OPENID_ADMIN_ROLE} decides it, else null (left as it is)
 */
public record Identity(String provider, String id, String email, boolean emailVerified, String username, String name,
                       String avatar, String issuer, String role) {
}
