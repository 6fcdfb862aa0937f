/*
 * Generates printf-17g.tsv, the table NumberFormatTest checks NumberFormat.formatDouble against:
 * one line per double, "<IEEE-754 bits in hex>\t<printf("%.17g")>". Redis 7.0 prints doubles
 * with exactly this format (networking.c, addReplyDouble), so the table is the ground truth.
 * Regenerate with:  gcc -O2 -o /tmp/gen gen-printf-17g.c && /tmp/gen > printf-17g.tsv
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <float.h>

static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) {   /* xorshift64*: deterministic, so the table is reproducible */
    state ^= state >> 12; state ^= state << 25; state ^= state >> 27;
    return state * 2685821657736338717ull;
}

static void emit(double d) {
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    if (d != d) return;        /* NaN spelling varies with the sign bit; tested separately */
    printf("%016llx\t%.17g\n", (unsigned long long) bits, d);
}

int main(void) {
    double fixed[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1.1, 2.5, 3.14, 1.0 / 3, 2.0 / 3, 100.0, 1e15, 1e16,
                      1e17, 1e18, 1e21, 1e22, 1e23, 9007199254740992.0, 9007199254740993.0,
                      99999999999999999.0, 12345678901234567.0, 123456789012345678.0, 1e-4, 1e-5,
                      0.0001234, 0.00001234, 5e-324, DBL_MIN, DBL_MAX, -DBL_MAX, 1e308, 1e-308,
                      0.5, 0.25, 0.125, 1.5, 9.5, 0.95, 0.095, 123.456, -123.456, 1e100, 1e-100,
                      1.0 / 0.0, -1.0 / 0.0, 4.35, 2.675, 1.005, 1234567.125, 0.1 + 0.2};
    for (unsigned i = 0; i < sizeof fixed / sizeof fixed[0]; i++) emit(fixed[i]);
    for (int i = 0; i < 4000; i++) {                       /* any bit pattern: every exponent */
        uint64_t bits = next();
        double d;
        memcpy(&d, &bits, sizeof d);
        emit(d);
    }
    for (int i = 0; i < 2000; i++) {                       /* short decimals, as users type them */
        long long mant = (long long) (next() % 2000001) - 1000000;
        int scale = (int) (next() % 12);
        double d = (double) mant;
        for (int s = 0; s < scale; s++) d /= 10;
        emit(d);
    }
    for (int i = 0; i < 1000; i++) {                       /* whole numbers around 2^53 and 1e17 */
        uint64_t r = next();
        emit((double) (int64_t) (r >> (int) (next() % 12)));
        emit((double) (1e17 + (double) (int64_t) (r % 100000) - 50000));
    }
    for (int e = -330; e <= 310; e++) {                    /* powers of ten and their neighbours */
        char buf[32];
        double d;
        snprintf(buf, sizeof buf, "1e%d", e);
        sscanf(buf, "%lf", &d);
        emit(d);
        snprintf(buf, sizeof buf, "9.9999999999999999e%d", e);
        sscanf(buf, "%lf", &d);
        emit(d);
    }
    return 0;
}
