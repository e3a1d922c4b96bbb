package org.orion.harness.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.orion.driver.api.hw.BurnInReport;
import org.orion.driver.api.hw.BurnInRequest;
import org.orion.harness.config.ByteSizes;

/**
 * {@code orion hw test DEVICE --read-only|--destructive}: a burn-in of one real device through the
 * {@link org.orion.driver.api.spi.HostHardware} provider. Exactly one mode flag must be given, so a
 * destructive run never happens by default; the provider refuses it (exit status 10, UNSAFE) on a
 * device holding an md superblock, a file system, swap or a partition table, and (exit status 5) on a
 * mounted or held one. Throughput is printed in MiB/s (the project's sizes are binary).
 */
final class HwTestCommand {
    static final String USAGE = "orion hw test DEVICE --read-only|--destructive [--range SIZE] [--seed N] [--json]";
    static final String SCHEMA = "orion.hw.test/1";
    private static final double BYTES_PER_MIB = 1024.0 * 1024.0;

    int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).flag("--json").flag("--read-only").flag("--destructive")
                .option("--range").option("--seed").parse(args);
        List<String> words = parsed.positionals();
        if (words.isEmpty()) {
            throw new UsageException("hw test needs a DEVICE (a /dev node or an image file)", USAGE);
        }
        if (words.size() > 1) {
            throw new UsageException("unexpected argument '" + words.get(1) + "'", USAGE);
        }
        boolean destructive = parsed.has("--destructive");
        if (destructive == parsed.has("--read-only")) {
            throw new UsageException(destructive ? "give --read-only or --destructive, not both"
                    : "hw test needs --read-only, or --destructive to overwrite " + words.get(0) + " with a test pattern",
                    USAGE);
        }
        if (!destructive && parsed.value("--seed").isPresent()) {
            throw new UsageException("--seed only applies to --destructive (a read-only test writes no pattern)", USAGE);
        }
        long rangeBytes = parsed.value("--range").map(HwTestCommand::range).orElse(-1L);
        long seed = parsed.value("--seed").map(HwTestCommand::seed).orElseGet(System::nanoTime);
        BurnInReport report = HostHardwareLookup.require().burnIn(invocation.cwd().resolve(words.get(0)),
                new BurnInRequest(destructive, destructive ? seed : 0, 0, rangeBytes));
        invocation.out().print(parsed.has("--json") ? json(report) : text(report));
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static long range(String text) {
        try {
            long bytes = ByteSizes.parse(text);
            if (bytes == 0) {
                throw new IllegalArgumentException("is zero");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--range " + text + " " + e.getMessage() + ": give " + ByteSizes.SYNTAX, USAGE);
        }
    }

    private static long seed(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException("--seed " + text + " is not a whole number: give e.g. --seed 42", USAGE);
        }
    }

    static String text(BurnInReport r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "burn-in of %s: %s, bytes %d..%d (%s)%s%n", r.name(),
                r.destructive() ? "destructive pattern write and verify" : "read-only", r.startBytes(),
                r.startBytes() + r.lengthBytes(), ByteSizes.human(r.lengthBytes()),
                r.destructive() ? ", seed " + r.seed() : ""));
        if (r.destructive()) {
            out.append(String.format(Locale.ROOT, "write:   %10.1f MiB/s  %d errors%n",
                    r.writeBytesPerSecond() / BYTES_PER_MIB, r.writeErrors()));
        }
        out.append(String.format(Locale.ROOT, "read:    %10.1f MiB/s  %d errors%n",
                r.readBytesPerSecond() / BYTES_PER_MIB, r.readErrors()));
        if (r.destructive()) {
            out.append("verify:  ").append(r.mismatchedBlocks()).append(" mismatched blocks\n");
        }
        if (!r.firstBadOffsets().isEmpty()) {
            out.append("first bad offsets: ").append(r.firstBadOffsets().stream().map(String::valueOf)
                    .reduce((a, b) -> a + ", " + b).orElse("")).append('\n');
        }
        out.append("result:  ").append(r.passed() ? "PASSED" : "FAILED").append('\n');
        return out.toString();
    }

    static String json(BurnInReport r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("device", r.name());
        doc.put("mode", r.destructive() ? "destructive" : "read-only");
        doc.put("seed", r.seed());
        doc.put("start_bytes", r.startBytes());
        doc.put("length_bytes", r.lengthBytes());
        doc.put("write_bytes_per_second", Math.round(r.writeBytesPerSecond()));
        doc.put("read_bytes_per_second", Math.round(r.readBytesPerSecond()));
        doc.put("write_errors", r.writeErrors());
        doc.put("read_errors", r.readErrors());
        doc.put("mismatched_blocks", r.mismatchedBlocks());
        doc.put("first_bad_offsets", new ArrayList<Object>(r.firstBadOffsets()));
        doc.put("passed", r.passed());
        return Json.write(doc);
    }
}
