/**
 * Events drivers raise: the sealed {@link org.orion.driver.api.event.DriverEvent} family (one record
 * per kind, named after mdadm's monitor events where mdadm has one), their
 * {@link org.orion.driver.api.event.Severity}, and the {@link org.orion.driver.api.event.EventSink}
 * they go to. Sinks are called from whichever thread raised the event and must not block.
 */
package org.orion.driver.api.event;
