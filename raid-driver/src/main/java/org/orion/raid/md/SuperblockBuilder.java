package org.orion.raid.md;

/**
 * Mutable builder for {@link Superblock1}: one setter per field, named like the record component.
 * A fresh builder holds zeros, an empty name, zero UUIDs and times and an empty role table; use
 * {@link Superblock1#toBuilder()} to start from an existing superblock. Not thread-safe; build
 * once, share the immutable result.
 */
public final class SuperblockBuilder {
    private int featureMap;
    private MdUuid setUuid = MdUuid.ZERO;
    private String setName = "";
    private MdTime ctime = MdTime.ZERO;
    private int level;
    private int layout;
    private long sizeSectors;
    private int chunkSectors;
    private int raidDisks;
    private int bitmapOffsetSectors;
    private int newLevel;
    private long reshapePositionSectors;
    private int deltaDisks;
    private int newLayout;
    private int newChunkSectors;
    private int newOffsetSectors;
    private long dataOffsetSectors;
    private long dataSizeSectors;
    private long superOffsetSectors;
    private long recoveryOffsetSectors;
    private int devNumber;
    private int cntCorrectedRead;
    private MdUuid deviceUuid = MdUuid.ZERO;
    private int devFlags;
    private int bblogShift;
    private int bblogSizeSectors;
    private int bblogOffsetSectors;
    private MdTime utime = MdTime.ZERO;
    private long events;
    private long resyncOffsetSectors;
    private int checksum;
    private DevRoles devRoles = DevRoles.allSpare(0);

    SuperblockBuilder() {
    }

    SuperblockBuilder(Superblock1 from) {
        featureMap = from.featureMap();
        setUuid = from.setUuid();
        setName = from.setName();
        ctime = from.ctime();
        level = from.level();
        layout = from.layout();
        sizeSectors = from.sizeSectors();
        chunkSectors = from.chunkSectors();
        raidDisks = from.raidDisks();
        bitmapOffsetSectors = from.bitmapOffsetSectors();
        newLevel = from.newLevel();
        reshapePositionSectors = from.reshapePositionSectors();
        deltaDisks = from.deltaDisks();
        newLayout = from.newLayout();
        newChunkSectors = from.newChunkSectors();
        newOffsetSectors = from.newOffsetSectors();
        dataOffsetSectors = from.dataOffsetSectors();
        dataSizeSectors = from.dataSizeSectors();
        superOffsetSectors = from.superOffsetSectors();
        recoveryOffsetSectors = from.recoveryOffsetSectors();
        devNumber = from.devNumber();
        cntCorrectedRead = from.cntCorrectedRead();
        deviceUuid = from.deviceUuid();
        devFlags = from.devFlags();
        bblogShift = from.bblogShift();
        bblogSizeSectors = from.bblogSizeSectors();
        bblogOffsetSectors = from.bblogOffsetSectors();
        utime = from.utime();
        events = from.events();
        resyncOffsetSectors = from.resyncOffsetSectors();
        checksum = from.checksum();
        devRoles = from.devRoles();
    }

    /**
     * The superblock with {@code checksum} set to what its bytes sum to, as a superblock about to
     * be written carries; the {@code with...} methods of {@link Superblock1} use this.
     */
    public Superblock1 buildWithChecksum() {
        Superblock1 unsealed = build();
        return checksum(SuperblockCodec.checksum(unsealed)).build();
    }

    /** The immutable superblock, {@code checksum} as set (a decoder keeps the stored one). */
    public Superblock1 build() {
        return new Superblock1(featureMap, setUuid, setName, ctime, level, layout, sizeSectors, chunkSectors,
                raidDisks, bitmapOffsetSectors, newLevel, reshapePositionSectors, deltaDisks, newLayout,
                newChunkSectors, newOffsetSectors, dataOffsetSectors, dataSizeSectors, superOffsetSectors,
                recoveryOffsetSectors, devNumber, cntCorrectedRead, deviceUuid, devFlags, bblogShift,
                bblogSizeSectors, bblogOffsetSectors, utime, events, resyncOffsetSectors, checksum, devRoles);
    }

    public SuperblockBuilder featureMap(int value) {
        this.featureMap = value;
        return this;
    }

    public SuperblockBuilder setUuid(MdUuid value) {
        this.setUuid = value;
        return this;
    }

    public SuperblockBuilder setName(String value) {
        this.setName = value;
        return this;
    }

    public SuperblockBuilder ctime(MdTime value) {
        this.ctime = value;
        return this;
    }

    public SuperblockBuilder level(int value) {
        this.level = value;
        return this;
    }

    public SuperblockBuilder layout(int value) {
        this.layout = value;
        return this;
    }

    public SuperblockBuilder sizeSectors(long value) {
        this.sizeSectors = value;
        return this;
    }

    public SuperblockBuilder chunkSectors(int value) {
        this.chunkSectors = value;
        return this;
    }

    public SuperblockBuilder raidDisks(int value) {
        this.raidDisks = value;
        return this;
    }

    public SuperblockBuilder bitmapOffsetSectors(int value) {
        this.bitmapOffsetSectors = value;
        return this;
    }

    public SuperblockBuilder newLevel(int value) {
        this.newLevel = value;
        return this;
    }

    public SuperblockBuilder reshapePositionSectors(long value) {
        this.reshapePositionSectors = value;
        return this;
    }

    public SuperblockBuilder deltaDisks(int value) {
        this.deltaDisks = value;
        return this;
    }

    public SuperblockBuilder newLayout(int value) {
        this.newLayout = value;
        return this;
    }

    public SuperblockBuilder newChunkSectors(int value) {
        this.newChunkSectors = value;
        return this;
    }

    public SuperblockBuilder newOffsetSectors(int value) {
        this.newOffsetSectors = value;
        return this;
    }

    public SuperblockBuilder dataOffsetSectors(long value) {
        this.dataOffsetSectors = value;
        return this;
    }

    public SuperblockBuilder dataSizeSectors(long value) {
        this.dataSizeSectors = value;
        return this;
    }

    public SuperblockBuilder superOffsetSectors(long value) {
        this.superOffsetSectors = value;
        return this;
    }

    public SuperblockBuilder recoveryOffsetSectors(long value) {
        this.recoveryOffsetSectors = value;
        return this;
    }

    public SuperblockBuilder devNumber(int value) {
        this.devNumber = value;
        return this;
    }

    public SuperblockBuilder cntCorrectedRead(int value) {
        this.cntCorrectedRead = value;
        return this;
    }

    public SuperblockBuilder deviceUuid(MdUuid value) {
        this.deviceUuid = value;
        return this;
    }

    public SuperblockBuilder devFlags(int value) {
        this.devFlags = value;
        return this;
    }

    public SuperblockBuilder bblogShift(int value) {
        this.bblogShift = value;
        return this;
    }

    public SuperblockBuilder bblogSizeSectors(int value) {
        this.bblogSizeSectors = value;
        return this;
    }

    public SuperblockBuilder bblogOffsetSectors(int value) {
        this.bblogOffsetSectors = value;
        return this;
    }

    public SuperblockBuilder utime(MdTime value) {
        this.utime = value;
        return this;
    }

    public SuperblockBuilder events(long value) {
        this.events = value;
        return this;
    }

    public SuperblockBuilder resyncOffsetSectors(long value) {
        this.resyncOffsetSectors = value;
        return this;
    }

    public SuperblockBuilder checksum(int value) {
        this.checksum = value;
        return this;
    }

    public SuperblockBuilder devRoles(DevRoles value) {
        this.devRoles = value;
        return this;
    }
}
