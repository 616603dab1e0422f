/**
 * The MongoDB collections, one class each, in LibreChat's shapes.
 *
 * <p><b>Every query and the index that serves it.</b> A new query joins this table. The embedded store
 * (mongo-java-server) uses an index only when a query names <em>exactly</em> that index's keys, and it
 * keeps no non-unique index; a real MongoDB uses any index whose prefix the query names. "scan" means
 * the embedded store reads the whole collection for it.
 *
 * <table>
 * <caption>Query shapes</caption>
 * <tr><th>Query</th><th>Used by</th><th>MongoDB</th><th>Embedded</th></tr>
 * <tr><td>users {_id}</td><td>every lookup by id, updates</td><td>_id</td><td>_id</td></tr>
 * <tr><td>users {email}</td><td>login, registration, reset, verification</td><td>email_1 (unique)</td><td>email_1</td></tr>
 * <tr><td>users count command</td><td>registration (first user is ADMIN)</td><td>collection size</td><td>collection size</td></tr>
 * <tr><td>users {&lt;provider&gt;Id}</td><td>social login</td><td>LibreChat's sparse indexes, when present</td><td>scan</td></tr>
 * <tr><td>users {_id, 2FA conditions}</td><td>2FA compare-and-set (TwoFactorStore)</td><td>_id</td><td>scan</td></tr>
 * <tr><td>users {$or email, username}; {} by createdAt</td><td>bin/create-user, bin/list-users</td><td>email_1; scan</td><td>scan</td></tr>
 * <tr><td>sessions {_id}</td><td>refresh miss (findLive), delete</td><td>_id</td><td>_id</td></tr>
 * <tr><td>sessions {_id, refreshTokenHash}</td><td>refresh rotation, logout</td><td>_id</td><td>_id_1_refreshTokenHash_1 (unique, embedded only)</td></tr>
 * <tr><td>sessions {user}</td><td>password change, ban, deletion</td><td>user_1</td><td>scan</td></tr>
 * <tr><td>sessions {expiration $lte}, then {_id $in}</td><td>expiry sweep, in batches</td><td>expiration_1 (TTL); _id</td><td>scan; _id</td></tr>
 * <tr><td>tokens {userId, type, token}</td><td>verification and reset links, taken once</td><td>none (LibreChat's)</td><td>userId_1_type_1_token_1 (unique, embedded only)</td></tr>
 * <tr><td>tokens {userId, type}</td><td>a new link replaces the old</td><td>none (LibreChat's)</td><td>scan</td></tr>
 * <tr><td>tokens {type, expiresAt $lte}</td><td>one-time token sweep</td><td>expiresAt_1 (TTL)</td><td>scan</td></tr>
 * </table>
 */
package io.gatehouse.store;
