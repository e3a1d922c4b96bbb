package org.orion.driver.api.event;

/** How urgent an event is; maps to syslog levels info / warning / critical as mdadm's monitor does. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
