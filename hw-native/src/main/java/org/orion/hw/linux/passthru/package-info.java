/**
 * Pass-through commands as pure Java: builders for SCSI CDBs (INQUIRY, READ CAPACITY(16),
 * LOG SENSE, REQUEST SENSE), SAT ATA PASS-THROUGH(16) (IDENTIFY DEVICE, SMART READ DATA,
 * SMART RETURN STATUS) and NVMe admin commands (Identify, Get Log Page), and parsers for what the
 * devices answer (sense data, inquiry and VPD pages, capacity, log pages, IDENTIFY, SMART
 * attributes, NVMe identify and SMART/health pages). All multi-byte SCSI fields are big-endian,
 * ATA and NVMe fields little-endian; each parser's Javadoc has the byte layout it reads.
 *
 * <p>{@link org.orion.hw.linux.passthru.ScsiTransport} and
 * {@link org.orion.hw.linux.passthru.NvmeAdminTransport} are the two doors to a device; the jna
 * package implements them with SG_IO and NVME_IOCTL_ADMIN_CMD. A device that cannot take a command
 * (a loop device, a regular file) makes them throw {@code OrionException(UNSUPPORTED)} with a
 * "not supported by this device" message.
 *
 * <p>Threads: everything here is stateless or immutable and runs on the caller's control thread.
 * This package imports only the JDK and the driver API's error types: never JNA, never
 * {@code org.orion.hw.linux}.
 */
package org.orion.hw.linux.passthru;
