/*
 * ISA-L reference numbers for Orion's parity kernels (scripts/bench-parity runs it next to the
 * JMH ParityBench and prints the ratios).
 *
 * Measures, for the same geometries, chunk sizes and modes as ParityBench:
 *   xor      xor_gen: P of k data blocks
 *   pq       pq_gen: P and Q of k data blocks (md's Q: slot i has coefficient 2^i)
 *   recover  ec_encode_data: data slots 0 and 1 rebuilt from the other k-2 data blocks, P and Q,
 *            with the RAID6 decode coefficients (so the output is checked, not just timed)
 * Throughput is data bytes of the stripe (k * chunk) per second, as in ParityBench.
 * "cached" reuses one stripe; "streaming" walks through >= 256 MiB of data stripes.
 *
 * Output: one line per case, "isal <op> <k>+<r> <chunkBytes> <mode> <best GB/s> <mean GB/s>".
 * Usage: bench-parity-isal [seconds-per-window [windows [op [geometry [chunkBytes [mode]]]]]]
 *        (default 0.5 s, 4 windows, every case; the filters pick one case, as the script does)
 */
#define _GNU_SOURCE
#include <isa-l/erasure_code.h>
#include <isa-l/raid.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STREAMING_BYTES (256ull << 20)

struct stripeset {
    int k;
    size_t chunk;
    int stripes;
    unsigned char **member; /* k data + P + Q, each stripes * chunk bytes, 64-byte aligned */
};

/* BENCH_CLOCK=cpu times windows by this thread's CPU time instead of wall-clock time, so time
 * spent descheduled on a shared machine does not count (the Java side does the same). */
static double now_seconds(void)
{
    static int cpu = -1;
    if (cpu < 0) {
        const char *clock = getenv("BENCH_CLOCK");
        cpu = clock != NULL && strcmp(clock, "cpu") == 0;
    }
    struct timespec ts;
    clock_gettime(cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static unsigned char *alloc_aligned(size_t bytes)
{
    void *p = NULL;
    if (posix_memalign(&p, 64, bytes) != 0) {
        fprintf(stderr, "out of memory allocating %zu bytes\n", bytes);
        exit(2);
    }
    return p;
}

static void stripes_init(struct stripeset *s, int k, size_t chunk, int streaming)
{
    size_t stripe_data = (size_t) k * chunk;
    s->k = k;
    s->chunk = chunk;
    s->stripes = streaming ? (int) ((STREAMING_BYTES + stripe_data - 1) / stripe_data) : 1;
    s->member = calloc(k + 2, sizeof(*s->member));
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (int m = 0; m < k + 2; m++) {
        size_t bytes = s->stripes * chunk;
        s->member[m] = alloc_aligned(bytes);
        for (size_t b = 0; b < bytes; b += 8) { /* xorshift: any non-trivial data will do */
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            memcpy(s->member[m] + b, &x, 8);
        }
    }
}

static void stripes_free(struct stripeset *s)
{
    for (int m = 0; m < s->k + 2; m++)
        free(s->member[m]);
    free(s->member);
}

/* Pointers to stripe number `stripe` of every member, in ISA-L's order: data..., P, Q. */
static void stripe_pointers(const struct stripeset *s, int stripe, unsigned char **out)
{
    for (int m = 0; m < s->k + 2; m++)
        out[m] = s->member[m] + (size_t) stripe * s->chunk;
}

/* Decode rows for lost data slots x=0, y=1 from sources (data 2..k-1, P, Q), md-format.md §3:
 * D_y = A*Pxy ^ B*Qxy with A = 1/(g^(y-x) ^ 1), B = 1/(g^x ^ g^y), D_x = D_y ^ Pxy. */
static void recovery_coefficients(int k, unsigned char *rows /* 2 x k */)
{
    unsigned char g1 = 2; /* g^(y-x) = g^1, g^x ^ g^y = 1 ^ 2 */
    unsigned char a = gf_inv(g1 ^ 1);
    unsigned char b = gf_inv(1 ^ 2);
    unsigned char gi = 4; /* g^2: first surviving data slot */
    for (int i = 2; i < k; i++) {
        unsigned char cy = a ^ gf_mul(b, gi);
        rows[0 * k + (i - 2)] = cy ^ 1; /* D_x */
        rows[1 * k + (i - 2)] = cy;     /* D_y */
        gi = gf_mul(gi, 2);
    }
    rows[0 * k + k - 2] = a ^ 1;
    rows[1 * k + k - 2] = a;
    rows[0 * k + k - 1] = b;
    rows[1 * k + k - 1] = b;
}

struct job {
    const char *op;
    struct stripeset *s;
    unsigned char *gftbls;
    unsigned char **ptrs;
    unsigned char **dests;
    int next;
};

static void run_once(struct job *j)
{
    struct stripeset *s = j->s;
    int k = s->k;
    stripe_pointers(s, j->next, j->ptrs);
    j->next = j->next + 1 == s->stripes ? 0 : j->next + 1;
    if (strcmp(j->op, "xor") == 0) {
        /* xor_gen's destination is the last pointer: write P. */
        if (xor_gen(k + 1, (int) s->chunk, (void **) j->ptrs) != 0) {
            fprintf(stderr, "xor_gen failed\n");
            exit(1);
        }
    } else if (strcmp(j->op, "pq") == 0) {
        if (pq_gen(k + 2, (int) s->chunk, (void **) j->ptrs) != 0) {
            fprintf(stderr, "pq_gen failed\n");
            exit(1);
        }
    } else {
        j->dests[0] = j->ptrs[0];
        j->dests[1] = j->ptrs[1];
        /* sources: data 2..k-1, P, Q = pointers 2..k+1 */
        ec_encode_data((int) s->chunk, k, 2, j->gftbls, j->ptrs + 2, j->dests);
    }
}

/* Refuse to publish a number for a kernel whose result is wrong. */
static void check(struct job *j)
{
    struct stripeset *s = j->s;
    int k = s->k;
    size_t n = s->chunk;
    unsigned char **ptr = j->ptrs;
    stripe_pointers(s, 0, ptr);
    if (pq_gen(k + 2, (int) n, (void **) ptr) != 0)
        exit(1);
    unsigned char *save0 = malloc(n), *save1 = malloc(n);
    memcpy(save0, ptr[0], n);
    memcpy(save1, ptr[1], n);
    for (size_t b = 0; b < n; b++) {
        unsigned char p = 0, q = 0;
        for (int i = k - 1; i >= 0; i--) {
            q = gf_mul(q, 2) ^ ptr[i][b];
            p ^= ptr[i][b];
        }
        if (p != ptr[k][b] || q != ptr[k + 1][b]) {
            fprintf(stderr, "pq_gen disagrees with md's syndrome at byte %zu\n", b);
            exit(1);
        }
    }
    memset(ptr[0], 0xa5, n);
    memset(ptr[1], 0x5a, n);
    j->next = 0;
    const char *op = j->op;
    j->op = "recover";
    run_once(j);
    j->op = op;
    j->next = 0;
    if (memcmp(save0, ptr[0], n) != 0 || memcmp(save1, ptr[1], n) != 0) {
        fprintf(stderr, "ec_encode_data recovery is wrong\n");
        exit(1);
    }
    free(save0);
    free(save1);
}

/* Best and mean of `windows` timed windows of `seconds` each, after a warm-up window. The machine
 * may be shared, so the best window is the figure least disturbed by other work. */
static void measure(struct job *j, double seconds, int windows, double *best, double *mean)
{
    double start = now_seconds();
    while (now_seconds() - start < seconds) /* warm caches, TLB and clocks */
        run_once(j);
    *best = 0;
    *mean = 0;
    for (int w = 0; w < windows; w++) {
        long ops = 0;
        double elapsed;
        start = now_seconds();
        do {
            for (int i = 0; i < 8; i++)
                run_once(j);
            ops += 8;
            elapsed = now_seconds() - start;
        } while (elapsed < seconds);
        double gbps = (double) ops * j->s->k * j->s->chunk / elapsed / 1e9;
        *best = gbps > *best ? gbps : *best;
        *mean += gbps / windows;
    }
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 0.5;
    int windows = argc > 2 ? atoi(argv[2]) : 4;
    /* Optional filter: op geometry chunkBytes mode, e.g. "pq 8+2 65536 cached". */
    const char *only_op = argc > 3 ? argv[3] : NULL;
    const char *only_geom = argc > 4 ? argv[4] : NULL;
    long only_chunk = argc > 5 ? atol(argv[5]) : 0;
    const char *only_mode = argc > 6 ? argv[6] : NULL;
    static const char *ops[] = {"xor", "pq", "recover"};
    /* Same cases as scripts/bench-parity asks of ParityBench. */
    static const int xor_k[] = {4, 8}, pq_k[] = {4, 8};
    static const char *xor_geom[] = {"4+1", "8+2"}, *pq_geom[] = {"4+2", "8+2"};
    static const size_t chunks[] = {65536, 1048576};
    static const char *modes[] = {"cached", "streaming"};

    for (int o = 0; o < 3; o++) {
        for (int g = 0; g < 2; g++) {
            int k = o == 0 ? xor_k[g] : pq_k[g];
            const char *geom = o == 0 ? xor_geom[g] : pq_geom[g];
            for (int c = 0; c < 2; c++) {
                for (int m = 0; m < 2; m++) {
                    if ((only_op && strcmp(only_op, ops[o]) != 0) || (only_geom && strcmp(only_geom, geom) != 0)
                        || (only_chunk && (size_t) only_chunk != chunks[c])
                        || (only_mode && strcmp(only_mode, modes[m]) != 0))
                        continue;
                    struct stripeset s;
                    stripes_init(&s, k, chunks[c], m == 1);
                    unsigned char rows[2 * 64];
                    unsigned char gftbls[2 * 64 * 32];
                    unsigned char *ptrs[66], *dests[2];
                    recovery_coefficients(k, rows);
                    ec_init_tables(k, 2, rows, gftbls);
                    struct job j = {ops[o], &s, gftbls, ptrs, dests, 0};
                    check(&j);
                    double best, mean;
                    measure(&j, seconds, windows, &best, &mean);
                    printf("isal %s %s %zu %s %.2f %.2f\n", ops[o], geom, chunks[c], modes[m], best, mean);
                    fflush(stdout);
                    stripes_free(&s);
                }
            }
        }
    }
    return 0;
}
