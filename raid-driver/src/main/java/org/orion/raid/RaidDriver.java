package org.orion.raid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.orion.driver.api.Driver;
import org.orion.driver.api.DriverContext;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.array.ArraySpec;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.time.NanoClock;
import java.time.ZoneId;
import org.orion.driver.api.array.AssembleRequest;
import org.orion.driver.api.array.CreateRequest;
import org.orion.driver.api.block.SyncIo;
import org.orion.raid.array.Member;
import org.orion.raid.assembly.ArrayAssembler;
import org.orion.raid.assembly.ArrayCreator;
import org.orion.raid.assembly.AssembleOptions;
import org.orion.raid.assembly.AssemblyPlan;
import org.orion.raid.assembly.CreateOptions;
import org.orion.raid.assembly.MdArray;
import org.orion.raid.assembly.MdArrayDevice;
import org.orion.raid.md.ExamineFormatter;
import org.orion.raid.md.ExamineJson;
import org.orion.raid.md.ExaminedMember;
import org.orion.raid.md.SuperblockLocator;
import org.orion.raid.level.LevelManager;
import org.orion.raid.level.RaidLayout;
import org.orion.raid.parity.ParityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RAID driver as the kernel sees it: a {@link Driver} whose start warms the parity kernels, and
 * an {@link ArrayService} that builds arrays over member devices. Lifecycle calls come from the
 * kernel's lifecycle thread; {@link #build} may be called from any thread once started.
 */
public final class RaidDriver implements Driver, ArrayService {
    private static final Logger LOG = LoggerFactory.getLogger(RaidDriver.class);

    private volatile EventSink events = EventSink.discarding();
    private volatile NanoClock clock = NanoClock.system();
    private volatile RaidOptions options = RaidOptions.DEFAULTS;
    private volatile Limits limits = Limits.NONE;
    private volatile org.orion.raid.health.HealthPolicy healthPolicy = new org.orion.raid.health.HealthPolicy(
            org.orion.raid.health.HealthPolicy.DEFAULT_PERIOD_NANOS, true, true);
    private volatile boolean started;
    private volatile long checkIntervalSeconds;
    private volatile long scrubIntervalSeconds;
    private volatile PassScheduler passes;

    /**
     * The [raid] policy knobs the driver enforces when building: levels allowed, the default chunk,
     * and the largest member count and array size.
     */
    record Limits(List<Integer> levels, int defaultChunkBytes, int maxDevices, long maxArrayBytes, boolean autoSpare) {
        static final Limits NONE = new Limits(List.of(0, 1, 4, 5, 6, 10), ArraySpec.DEFAULT_CHUNK_BYTES, 1920,
                Long.MAX_VALUE, true);
    }

    @Override
    public String name() {
        return "raid";
    }

    @Override
    public boolean probe(DriverContext context) {
        return true;
    }

    @Override
    public void attach(DriverContext context) {
        events = context.events();
        clock = context.clock();
        int stripeCache = context.config().integer("array_stripe_cache_size").map(Long::intValue)
                .orElse(RaidOptions.DEFAULTS.stripeCacheEntries());
        options = RaidOptions.DEFAULTS.withStripeCacheEntries(stripeCache).withRebuildPriority(
                RebuildPriority.of(context.config().string("rebuild_priority").orElse("medium")));
        var config = context.config();
        List<Integer> levels = config.string("raid_level_support")
                .map(v -> java.util.Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                        .map(Integer::valueOf).toList())
                .orElse(Limits.NONE.levels());
        limits = new Limits(levels,
                config.sizeBytes("array_chunk_size").map(Long::intValue).orElse(ArraySpec.DEFAULT_CHUNK_BYTES),
                config.integer("array_max_devices").map(Long::intValue).orElse(Limits.NONE.maxDevices()),
                config.sizeBytes("array_max_size").orElse(Long.MAX_VALUE),
                config.bool("hot_spare_auto_allocate").orElse(true));
        checkIntervalSeconds = config.integer("parity_check_interval_seconds").orElse(0L);
        scrubIntervalSeconds = config.integer("scrub_interval_seconds").orElse(0L);
        healthPolicy = org.orion.raid.health.HealthPolicy.fromConfig(config,
                org.orion.raid.health.HealthPolicy.DEFAULT_PERIOD_NANOS, true);
    }

    @Override
    public void start() {
        long t0 = System.nanoTime();
        ParityManager.warmUp();
        LOG.info("raid: parity kernels {} ready in {} ms", ParityManager.kernels().name(),
                (System.nanoTime() - t0) / 1_000_000);
        passes = new PassScheduler(checkIntervalSeconds, scrubIntervalSeconds);
        started = true;
    }

    @Override
    public void stop() {
        started = false;
        if (passes != null) {
            passes.close();
            passes = null;
        }
    }

    @Override
    public void detach() {
        events = EventSink.discarding();
    }

    @Override
    public List<Integer> supportedLevels() {
        return List.of(0, 1, 4, 5, 6, 10);
    }

    @Override
    public ArrayDevice build(ArraySpec spec, List<BlockDevice> memberDevices) {
        if (!started) {
            throw new OrionException(ErrorCode.INTERNAL, "raid driver is not started");
        }
        Limits l = limits;
        if (!l.levels().contains(spec.level())) {
            throw new OrionException(ErrorCode.USAGE, spec.name() + ": raid" + spec.level()
                    + " is not enabled here (raid_level_support = " + l.levels() + " in [raid] of orion.toml)");
        }
        if (spec.raidDevices() > l.maxDevices()) {
            throw new OrionException(ErrorCode.USAGE, spec.name() + ": " + spec.raidDevices()
                    + " members exceed array_max_devices = " + l.maxDevices() + " in [raid] of orion.toml");
        }
        ArraySpec effective = spec.chunkBytes() != 0 ? spec : new ArraySpec(spec.name(), spec.level(), spec.layout(),
                l.defaultChunkBytes(), spec.raidDevices(), spec.memberDataBytes());
        RaidArray array = buildArray(effective, memberDevices, options, events, clock);
        if (array.info().capacityBytes() > l.maxArrayBytes()) {
            array.device().stop();
            throw new OrionException(ErrorCode.SIZE, spec.name() + ": " + array.info().capacityBytes()
                    + " bytes exceed array_max_size = " + l.maxArrayBytes() + " bytes in [raid] of orion.toml");
        }
        return array;
    }

    @Override
    public ArrayDevice create(CreateRequest request, List<BlockDevice> devices) {
        requireStarted();
        Limits l = limits;
        if (!l.levels().contains(request.level())) {
            throw new OrionException(ErrorCode.USAGE, request.name() + ": raid" + request.level()
                    + " is not enabled here (raid_level_support = " + l.levels() + " in [raid] of orion.toml)");
        }
        if (request.raidDevices() > l.maxDevices()) {
            throw new OrionException(ErrorCode.USAGE, request.name() + ": " + request.raidDevices()
                    + " members exceed array_max_devices = " + l.maxDevices() + " in [raid] of orion.toml");
        }
        int chunkBytes = request.chunkBytes() != 0 ? request.chunkBytes() : l.defaultChunkBytes();
        CreateOptions options = new CreateOptions(request.name(), request.homehost(), request.level(), request.layout(),
                chunkBytes / 1024, request.raidDevices(), request.spareDevices(), request.sizeBytes() / 1024,
                request.assumeClean(), request.force());
        AssemblyPlan plan = ArrayCreator.create(options, devices, System.currentTimeMillis() / 1000);
        MdArray md = MdArray.start(plan, false, options(), events, clock);
        md.autoSpare(limits.autoSpare());
        md.monitorHealth(healthPolicy, events, clock);
        events.publish(new DriverEvent.NewArray(clock.nanoTime(), plan.name(), plan.layout().toString()));
        return scheduled(new MdArrayDevice(md));
    }

    @Override
    public ArrayDevice assemble(AssembleRequest request, List<BlockDevice> devices) {
        requireStarted();
        AssemblyPlan plan = ArrayAssembler.plan(devices, new AssembleOptions(request.force(), request.readOnly(),
                request.name()));
        if (!request.run()) {
            ArrayAssembler.requireEveryActiveSlot(plan);
        }
        MdArray md = MdArray.start(plan, request.readOnly(), options(), events, clock);
        md.autoSpare(limits.autoSpare());
        md.monitorHealth(healthPolicy, events, clock);
        events.publish(new DriverEvent.NewArray(clock.nanoTime(), plan.name(), plan.layout() + " with "
                + (plan.slots().size() - plan.missingCount()) + " of " + plan.slots().size() + " members"));
        return request.readOnly() ? new MdArrayDevice(md) : scheduled(new MdArrayDevice(md));
    }

    @Override
    public String examine(BlockDevice device, String format) {
        var found = SuperblockLocator.findForExamine(device).orElseThrow(() -> new OrionException(ErrorCode.NOT_FOUND,
                device.info().name() + ": no md superblock detected (not an array member)"));
        ExaminedMember member = ExaminedMember.of(device.info().name(), device.info().capacitySectors(), found);
        return switch (format) {
            case "brief" -> ExamineFormatter.brief(found.superblock(), false);
            case "badblocks" -> org.orion.raid.md.ExamineBadBlocks.text(device, found.superblock());
            case "json" -> ExamineJson.toJson(member.withBadBlocks(
                    org.orion.raid.md.ExamineBadBlocks.read(device, found.superblock())), MdArrayDevice.localHost());
            default -> ExamineFormatter.examine(member, MdArrayDevice.localHost(), ZoneId.systemDefault());
        };
    }

    @Override
    public void zeroSuperblock(BlockDevice device) {
        var found = SuperblockLocator.findForExamine(device).orElseThrow(() -> new OrionException(ErrorCode.NOT_FOUND,
                device.info().name() + ": no md superblock to erase (not an array member)"));
        long offsetBytes = found.superblock().superOffsetSectors() * 512;
        byte[] zeroes = new byte[4096];
        SyncIo.writeBytes(device, offsetBytes, zeroes, org.orion.driver.api.io.IoRequest.FLAG_FUA);
    }

    @Override
    public long minimumDeviceBytes(int level, int chunkBytes, long memberDataBytes) {
        int chunkKiB = level == 1 ? 0 : (chunkBytes == 0 ? limits.defaultChunkBytes() : chunkBytes) / 1024;
        long dataSectors = (memberDataBytes + 511) / 512;
        long deviceSectors = dataSectors;
        // The data offset grows with the device; a few rounds settle on a size that fits itself.
        for (int i = 0; i < 8; i++) {
            deviceSectors = dataSectors + org.orion.raid.md.MdCreateRules.defaultDataOffsetSectors(deviceSectors, chunkKiB);
        }
        return deviceSectors * 512;
    }

    /** Puts the array under the periodic check/scrub schedule until it stops. */
    private ArrayDevice scheduled(MdArrayDevice array) {
        PassScheduler scheduler = passes;
        if (scheduler != null) {
            scheduler.watch(array);
            array.md().onStop(() -> scheduler.forget(array));
        }
        return array;
    }

    private RaidOptions options() {
        return options;
    }

    private void requireStarted() {
        if (!started) {
            throw new OrionException(ErrorCode.INTERNAL, "raid driver is not started");
        }
    }

    /** Builds an array without a kernel (tests, benchmarks, the scenario runner). */
    public static RaidArray buildArray(ArraySpec spec, List<BlockDevice> memberDevices, RaidOptions options,
                                       EventSink events, NanoClock clock) {
        int slots = spec.raidDevices();
        if (memberDevices.size() != slots) {
            throw new OrionException(ErrorCode.USAGE, spec.name() + ": --raid-devices=" + slots + " but "
                    + memberDevices.size() + " members were given: list one device (or 'missing') per slot");
        }
        int layoutNumber = spec.layout() == null ? LevelManager.defaultLayout(spec.level())
                : LevelManager.parseLayout(spec.level(), spec.layout().toLowerCase(Locale.ROOT));
        int chunk = spec.chunkBytes() == 0 ? ArraySpec.DEFAULT_CHUNK_BYTES : spec.chunkBytes();
        long smallest = Long.MAX_VALUE;
        String smallestName = null;
        for (BlockDevice d : memberDevices) {
            if (d != null && d.info().capacityBytes() < smallest) {
                smallest = d.info().capacityBytes();
                smallestName = d.info().name();
            }
        }
        if (smallestName == null) {
            throw new OrionException(ErrorCode.USAGE, spec.name() + ": every member is missing");
        }
        long memberBytes = spec.memberDataBytes() > 0 ? spec.memberDataBytes()
                : LevelManager.createMemberDataBytes(spec.level(), chunk, smallest);
        if (memberBytes > smallest) {
            throw new OrionException(ErrorCode.SIZE, spec.name() + ": member " + smallestName + " has " + smallest
                    + " bytes, less than the " + memberBytes + " bytes per member asked for: use a larger device or a smaller size");
        }
        RaidLayout layout = LevelManager.create(spec.level(), layoutNumber, chunk, slots, memberBytes);
        List<Member> members = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            BlockDevice d = memberDevices.get(i);
            members.add(d == null ? Member.missing(i) : new Member(i, d.info().name(), d, 0));
        }
        RaidArray array = new RaidArray(new RaidBlockDevice(spec.name(), layout, members, options, events, clock));
        events.publish(new DriverEvent.NewArray(clock.nanoTime(), spec.name(), layout.toString()));
        return array;
    }
}
