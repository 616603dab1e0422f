/**
 * Gatehouse: the verticles, each offering one typed service on the event bus. The annotation declares
 * the code-generation module, so Vert.x generates the proxy and handler of every {@code @ProxyGen}
 * interface below this package.
 */
@ModuleGen(name = "gatehouse", groupPackage = "io.gatehouse")
package io.gatehouse;

import io.vertx.codegen.annotations.ModuleGen;
