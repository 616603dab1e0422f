/**
 * The MongoDB collections, one class each, in LibreChat's shapes.
 *
 * <p><b>Every query and the index that serves it.</b> A new query joins this table and {@code
 * EmbeddedIndexesTest}. On both stores an index serves a query that names its keys (a real MongoDB and
 * the embedded store's non-unique indexes also take its leading keys alone); what else the query names
 * is checked on the documents the index finds. "scan" means the store reads the whole collection.
 *
 * <table>
 * <caption>Query shapes</caption>
 * <tr><th>Query</th><th>Used by</th><th>Index (both stores)</th></tr>
 * <tr><td>users {_id}, {_id, conditions}</td><td>every lookup by id, updates, 2FA compare-and-set</td><td>_id</td></tr>
 * <tr><td>users {email}</td><td>login, registration, reset, verification</td><td>email_1 (unique)</td></tr>
 * <tr><td>users count command</td><td>registration (first user is ADMIN)</td><td>collection size</td></tr>
 * <tr><td>users {&lt;provider&gt;Id}</td><td>social login</td><td>&lt;provider&gt;Id_1 (unique, sparse; LibreChat's)</td></tr>
 * <tr><td>users {$or email, username}; {} by createdAt</td><td>bin/create-user, bin/list-users (not a request)</td><td>scan</td></tr>
 * <tr><td>sessions {_id}, {_id, refreshTokenHash}, {_id $in}</td><td>refresh, rotation, logout, delete, sweep</td><td>_id</td></tr>
 * <tr><td>sessions {user}</td><td>password change, ban, deletion</td><td>user_1</td></tr>
 * <tr><td>sessions listIndexes, tokens listIndexes</td><td>at start: does a TTL index remove expired rows ({@code SweepChoice})</td><td>the catalogue</td></tr>
 * <tr><td>sessions {expiration $lte}</td><td>expiry sweep (on MongoDB only without a TTL index on expiration)</td><td>expiration_1 (TTL on MongoDB)</td></tr>
 * <tr><td>tokens {userId, type[, token]}, {userId}</td><td>verification and reset links; bin/delete-user</td><td>userId_1_type_1</td></tr>
 * <tr><td>tokens {type, expiresAt $lte}</td><td>one-time token sweep (on MongoDB only without a TTL index on expiresAt)</td><td>expiresAt_1 (TTL on MongoDB)</td></tr>
 * </table>
 */
package io.gatehouse.store;
