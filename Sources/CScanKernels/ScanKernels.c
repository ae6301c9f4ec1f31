// Byte classification for the start pass (StartCandidates.swift): which positions of a window
// may start a rule's match. The AVX2 path classifies 32 bytes per step with the nibble-shuffle
// technique (two table lookups per byte set, exact for any set of byte values); the scalar path
// is the reference and the fallback on CPUs without AVX2 (chosen once, at the first call).
#include "ScanKernels.h"

#include <stdlib.h>
#include <string.h>

void pii_byte_set_prepare(pii_byte_set *set, const uint8_t bitmap[32]) {
    memcpy(set->bits, bitmap, 32);
    memset(set->low, 0, 16);
    memset(set->high, 0, 16);
    for (int b = 0; b < 256; b++) {
        if (!(bitmap[b >> 3] & (1u << (b & 7)))) continue;
        uint8_t *table = b < 0x80 ? set->low : set->high;
        table[b & 15] |= (uint8_t)(1u << ((b >> 4) & 7));
    }
}

static inline int member(const pii_byte_set *set, uint8_t byte) {
    return (set->bits[byte >> 3] >> (byte & 7)) & 1;
}

void pii_candidate_mask_scalar(const uint8_t *bytes, size_t from, size_t cut,
                               const pii_byte_set *start, const pii_byte_set *block, uint64_t *masks) {
    if (from >= cut) return;
    size_t words = (cut - from + 63) / 64;
    memset(masks, 0, words * sizeof(uint64_t));
    int blocked = from > 0 && member(block, bytes[from - 1]);
    for (size_t p = from; p < cut; p++) {
        uint8_t byte = bytes[p];
        if (!blocked && member(start, byte)) masks[(p - from) >> 6] |= (uint64_t)1 << ((p - from) & 63);
        blocked = member(block, byte);
    }
}

void pii_member_mask_scalar(const uint8_t *bytes, size_t from, size_t to, const pii_byte_set *set, uint64_t *masks) {
    if (from >= to) return;
    memset(masks, 0, (to - from + 63) / 64 * sizeof(uint64_t));
    for (size_t p = from; p < to; p++) {
        if (member(set, bytes[p])) masks[(p - from) >> 6] |= (uint64_t)1 << ((p - from) & 63);
    }
}

size_t pii_count_members_scalar(const uint8_t *bytes, size_t count, const pii_byte_set *set) {
    size_t members = 0;
    for (size_t p = 0; p < count; p++) members += (size_t)member(set, bytes[p]);
    return members;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define PII_HAVE_AVX2_PATH 1

__attribute__((target("avx2")))
static inline uint32_t classify32(__m256i v, __m256i low, __m256i high, __m256i bit_of_high_nibble) {
    // Members below 0x80 come from `low`, the others from `high` (a shuffle index with bit 7
    // set gives 0); the high nibble (mod 8) selects the bit within the looked-up byte.
    __m256i from_low = _mm256_shuffle_epi8(low, v);
    __m256i from_high = _mm256_shuffle_epi8(high, _mm256_xor_si256(v, _mm256_set1_epi8((char)0x80)));
    __m256i row = _mm256_or_si256(from_low, from_high);
    __m256i nibble = _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x07));
    __m256i bit = _mm256_shuffle_epi8(bit_of_high_nibble, nibble);
    __m256i hit = _mm256_cmpeq_epi8(_mm256_and_si256(row, bit), bit);
    return (uint32_t)_mm256_movemask_epi8(hit);
}

__attribute__((target("avx2")))
static void candidate_mask_avx2(const uint8_t *bytes, size_t from, size_t cut,
                                const pii_byte_set *start, const pii_byte_set *block, uint64_t *masks) {
    if (from >= cut) return;
    const __m256i start_low = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)start->low));
    const __m256i start_high = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)start->high));
    const __m256i block_low = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)block->low));
    const __m256i block_high = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)block->high));
    const __m256i bits = _mm256_setr_epi8(1, 2, 4, 8, 16, 32, 64, (char)128, 0, 0, 0, 0, 0, 0, 0, 0,
                                          1, 2, 4, 8, 16, 32, 64, (char)128, 0, 0, 0, 0, 0, 0, 0, 0);
    uint64_t carry = from > 0 && member(block, bytes[from - 1]);  // is the byte before blocking?
    size_t p = from;
    size_t w = 0;
    uint8_t tail[64];
    while (p < cut) {
        const uint8_t *block64 = bytes + p;
        size_t left = cut - p;
        if (left < 64) {
            // The last, partial block: classify a zero-padded copy (bits past `cut` cleared below).
            memset(tail, 0, sizeof tail);
            memcpy(tail, block64, left);
            block64 = tail;
        }
        __m256i a = _mm256_loadu_si256((const __m256i *)block64);
        __m256i b = _mm256_loadu_si256((const __m256i *)(block64 + 32));
        uint64_t starts = (uint64_t)classify32(a, start_low, start_high, bits) |
                          (uint64_t)classify32(b, start_low, start_high, bits) << 32;
        uint64_t blocks = (uint64_t)classify32(a, block_low, block_high, bits) |
                          (uint64_t)classify32(b, block_low, block_high, bits) << 32;
        uint64_t mask = starts & ~(blocks << 1 | carry);
        carry = blocks >> 63;
        if (left < 64) mask &= ((uint64_t)1 << left) - 1;
        masks[w++] = mask;
        p += 64;
    }
}

__attribute__((target("avx2")))
static void member_mask_avx2(const uint8_t *bytes, size_t from, size_t to, const pii_byte_set *set, uint64_t *masks) {
    const __m256i low = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)set->low));
    const __m256i high = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)set->high));
    const __m256i bits = _mm256_setr_epi8(1, 2, 4, 8, 16, 32, 64, (char)128, 0, 0, 0, 0, 0, 0, 0, 0,
                                          1, 2, 4, 8, 16, 32, 64, (char)128, 0, 0, 0, 0, 0, 0, 0, 0);
    uint8_t tail[64];
    size_t w = 0;
    for (size_t p = from; p < to; p += 64) {
        const uint8_t *block64 = bytes + p;
        size_t left = to - p;
        if (left < 64) {
            memset(tail, 0, sizeof tail);
            memcpy(tail, block64, left);
            block64 = tail;
        }
        uint64_t mask = (uint64_t)classify32(_mm256_loadu_si256((const __m256i *)block64), low, high, bits) |
                        (uint64_t)classify32(_mm256_loadu_si256((const __m256i *)(block64 + 32)), low, high, bits) << 32;
        if (left < 64) mask &= ((uint64_t)1 << left) - 1;
        masks[w++] = mask;
    }
}

__attribute__((target("avx2,popcnt")))
static size_t count_members_avx2(const uint8_t *bytes, size_t count, const pii_byte_set *set) {
    const __m256i low = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)set->low));
    const __m256i high = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)set->high));
    const __m256i bits = _mm256_setr_epi8(1, 2, 4, 8, 16, 32, 64, (char)128, 0, 0, 0, 0, 0, 0, 0, 0,
                                          1, 2, 4, 8, 16, 32, 64, (char)128, 0, 0, 0, 0, 0, 0, 0, 0);
    size_t members = 0;
    size_t p = 0;
    for (; p + 32 <= count; p += 32) {
        members += (size_t)__builtin_popcount(classify32(_mm256_loadu_si256((const __m256i *)(bytes + p)), low, high, bits));
    }
    return members + pii_count_members_scalar(bytes + p, count - p, set);
}

static int detected_level = -1;

int pii_simd_level(void) {
    int level = __atomic_load_n(&detected_level, __ATOMIC_RELAXED);
    if (level < 0) {
        // PIISCAN_NO_SIMD=1 forces the scalar code (to measure what the vector code gains).
        const char *off = getenv("PIISCAN_NO_SIMD");
        __builtin_cpu_init();
        level = (off && *off && strcmp(off, "0") != 0) ? 0 : __builtin_cpu_supports("avx2") ? 2 : 0;
        __atomic_store_n(&detected_level, level, __ATOMIC_RELAXED);
    }
    return level;
}
#else
int pii_simd_level(void) { return 0; }
#endif

void pii_candidate_mask(const uint8_t *bytes, size_t from, size_t cut,
                        const pii_byte_set *start, const pii_byte_set *block, uint64_t *masks) {
#ifdef PII_HAVE_AVX2_PATH
    if (pii_simd_level() == 2) {
        candidate_mask_avx2(bytes, from, cut, start, block, masks);
        return;
    }
#endif
    pii_candidate_mask_scalar(bytes, from, cut, start, block, masks);
}

size_t pii_count_members(const uint8_t *bytes, size_t count, const pii_byte_set *set) {
#ifdef PII_HAVE_AVX2_PATH
    if (pii_simd_level() == 2) return count_members_avx2(bytes, count, set);
#endif
    return pii_count_members_scalar(bytes, count, set);
}

void pii_member_mask(const uint8_t *bytes, size_t from, size_t to, const pii_byte_set *set, uint64_t *masks) {
#ifdef PII_HAVE_AVX2_PATH
    if (pii_simd_level() == 2) {
        member_mask_avx2(bytes, from, to, set, masks);
        return;
    }
#endif
    pii_member_mask_scalar(bytes, from, to, set, masks);
}
