/**
 * Time as an injected dependency: {@link org.orion.driver.api.time.NanoClock}. Production uses the
 * system clock; simulations use a manual clock so that a seed reproduces a run. Thread-safe.
 */
package org.orion.driver.api.time;
