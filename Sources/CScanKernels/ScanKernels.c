// Byte classification for the start pass (StartCandidates.swift): which positions of a window
// may start a rule's match. The AVX2 path classifies 32 bytes per step with the nibble-shuffle
// technique (two table lookups per byte set, exact for any set of byte values); the scalar path
// is the reference and the fallback on CPUs without AVX2 (chosen once, at the first call).
#define _GNU_SOURCE  // memrchr
#include "ScanKernels.h"

#include <stdlib.h>
#include <string.h>

ptrdiff_t pii_last_newline(const uint8_t *bytes, size_t from, size_t to) {
    if (from >= to) return -1;
    const uint8_t *hit = memrchr(bytes + from, '\n', to - from);
    return hit ? hit - bytes : -1;
}

ptrdiff_t pii_find_scalar(const uint8_t *bytes, size_t from, size_t to, const uint8_t *needle, size_t length) {
    if (length == 0 || from >= to || to - from < length) return -1;
    // memchr on the first byte, then a compare (glibc's memmem costs several instructions a byte).
    const uint8_t *p = bytes + from;
    const uint8_t *last = bytes + to - length;
    while (p <= last && (p = memchr(p, needle[0], (size_t)(last - p) + 1)) != NULL) {
        if (memcmp(p, needle, length) == 0) return p - bytes;
        p++;
    }
    return -1;
}

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

void pii_pair_member_mask_scalar(const uint8_t *bytes, size_t from, size_t to, const pii_byte_set *set, uint8_t first,
                                 uint8_t second, uint64_t *masks) {
    if (from >= to) return;
    memset(masks, 0, (to - from + 63) / 64 * sizeof(uint64_t));
    for (size_t p = from; p < to; p++) {
        uint8_t byte = bytes[p];
        if (member(set, byte) || (byte == second && p > 0 && bytes[p - 1] == first)) {
            masks[(p - from) >> 6] |= (uint64_t)1 << ((p - from) & 63);
        }
    }
}

void pii_start_masks_scalar(const uint8_t *bytes, size_t from, size_t cut, size_t to, const pii_byte_set *start,
                            const pii_byte_set *block, uint64_t *masks, const pii_byte_set *first, uint64_t *first_masks,
                            const pii_byte_set *second, uint64_t *second_masks) {
    pii_candidate_mask_scalar(bytes, from, cut, start, block, masks);
    if (first) pii_member_mask_scalar(bytes, from, to, first, first_masks);
    if (second) pii_member_mask_scalar(bytes, from, to, second, second_masks);
}

void pii_candidate_mask_pair_scalar(const uint8_t *bytes, size_t from, size_t cut, const pii_byte_set *start,
                                    const pii_byte_set *block, uint64_t *masks, const pii_byte_set *other_start,
                                    const pii_byte_set *other_block, uint64_t *other_masks) {
    pii_candidate_mask_scalar(bytes, from, cut, start, block, masks);
    pii_candidate_mask_scalar(bytes, from, cut, other_start, other_block, other_masks);
}

size_t pii_count_members_scalar(const uint8_t *bytes, size_t count, const pii_byte_set *set) {
    size_t members = 0;
    for (size_t p = 0; p < count; p++) members += (size_t)member(set, bytes[p]);
    return members;
}

static inline int is_lead(uint8_t byte) { return (byte & 0xC0) != 0x80; }

size_t pii_context_start_scalar(const uint8_t *bytes, size_t start, size_t floor, size_t width, size_t characters,
                                size_t reach) {
    if (start <= floor + width) return floor;
    size_t near = start - width;
    size_t count = 0;
    for (size_t p = near; p < start; p++) count += (size_t)is_lead(bytes[p]);
    if (count >= characters) return near;
    size_t need = characters - count;
    size_t limit = start > floor + reach ? start - reach : floor;
    size_t index = near;
    while (need > 0 && index > limit) {
        index--;
        if (is_lead(bytes[index])) need--;
    }
    while (index < near && !is_lead(bytes[index])) index++;  // from a character's first byte
    return index;
}

size_t pii_context_end_scalar(const uint8_t *bytes, size_t count, size_t end, size_t width, size_t characters,
                              size_t reach) {
    if (end + width >= count) return count;
    size_t near = end + width;
    size_t leads = 0;
    for (size_t p = end; p < near; p++) leads += (size_t)is_lead(bytes[p]);
    if (leads >= characters) return near;
    size_t need = characters - leads;
    size_t limit = end + reach < count ? end + reach : count;
    size_t index = near;
    // The needed characters, then the rest of the last one.
    while (index < limit && (need > 0 || !is_lead(bytes[index]))) {
        if (is_lead(bytes[index])) need--;
        index++;
    }
    return index;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define PII_HAVE_AVX2_PATH 1

/// A prepared byte set in vector registers, and the table of bit k at index k (both lanes).
typedef struct {
    __m256i low, high, bits;
} vector_set;

__attribute__((target("avx2")))
static inline vector_set load_set(const pii_byte_set *set) {
    vector_set v;
    v.low = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)set->low));
    v.high = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)set->high));
    v.bits = _mm256_setr_epi8(1, 2, 4, 8, 16, 32, 64, (char)128, 0, 0, 0, 0, 0, 0, 0, 0,
                              1, 2, 4, 8, 16, 32, 64, (char)128, 0, 0, 0, 0, 0, 0, 0, 0);
    return v;
}

/// The parts of a classification that depend on the bytes only, shared by every set they are
/// classified against: the bytes with bit 7 flipped (the `high` table's index) and each byte's
/// bit within its looked-up row (the high nibble, mod 8, selects it).
typedef struct {
    __m256i v, flipped, bit;
} classified_bytes;

__attribute__((target("avx2")))
static inline classified_bytes prepare32(__m256i v, __m256i bits) {
    classified_bytes c;
    c.v = v;
    c.flipped = _mm256_xor_si256(v, _mm256_set1_epi8((char)0x80));
    c.bit = _mm256_shuffle_epi8(bits, _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x07)));
    return c;
}

/// Bit k set when byte k is in `set`: members below 0x80 come from `low`, the others from `high`
/// (a shuffle index with bit 7 set gives 0).
__attribute__((target("avx2")))
static inline uint32_t member32(classified_bytes c, vector_set set) {
    __m256i row = _mm256_or_si256(_mm256_shuffle_epi8(set.low, c.v), _mm256_shuffle_epi8(set.high, c.flipped));
    return (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(row, c.bit), c.bit));
}

__attribute__((target("avx2")))
static inline uint32_t classify32(__m256i v, vector_set set) { return member32(prepare32(v, set.bits), set); }

/// The 64 bytes at `block`, or, when fewer than 64 are `left`, a zero-padded copy of them in
/// `tail` (nothing past the end is read; the caller clears the bits past `left`).
static inline const uint8_t *block64(const uint8_t *block, size_t left, uint8_t tail[64]) {
    if (left >= 64) return block;
    memset(tail, 0, 64);
    memcpy(tail, block, left);
    return tail;
}

__attribute__((target("avx2")))
static inline uint64_t classify64(const uint8_t *block, vector_set set) {
    return (uint64_t)classify32(_mm256_loadu_si256((const __m256i *)block), set) |
           (uint64_t)classify32(_mm256_loadu_si256((const __m256i *)(block + 32)), set) << 32;
}

static inline uint64_t below(size_t left) { return left >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << left) - 1; }

__attribute__((target("avx2")))
static void candidate_mask_avx2(const uint8_t *bytes, size_t from, size_t cut,
                                const pii_byte_set *start, const pii_byte_set *block, uint64_t *masks) {
    if (from >= cut) return;
    const vector_set starts_set = load_set(start);
    const vector_set blocks_set = load_set(block);
    uint64_t carry = from > 0 && member(block, bytes[from - 1]);  // is the byte before blocking?
    uint8_t tail[64];
    size_t w = 0;
    for (size_t p = from; p < cut; p += 64) {
        const uint8_t *data = block64(bytes + p, cut - p, tail);
        uint64_t starts = classify64(data, starts_set);
        uint64_t blocks = classify64(data, blocks_set);
        masks[w++] = starts & ~(blocks << 1 | carry) & below(cut - p);
        carry = blocks >> 63;
    }
}

__attribute__((target("avx2")))
static void member_mask_avx2(const uint8_t *bytes, size_t from, size_t to, const pii_byte_set *set, uint64_t *masks) {
    const vector_set members = load_set(set);
    uint8_t tail[64];
    size_t w = 0;
    for (size_t p = from; p < to; p += 64) {
        masks[w++] = classify64(block64(bytes + p, to - p, tail), members) & below(to - p);
    }
}

__attribute__((target("avx2")))
static inline uint64_t member64(classified_bytes low, classified_bytes high, vector_set set) {
    return (uint64_t)member32(low, set) | (uint64_t)member32(high, set) << 32;
}

__attribute__((target("avx2")))
static void start_masks_avx2(const uint8_t *bytes, size_t from, size_t cut, size_t to, const pii_byte_set *start,
                             const pii_byte_set *block, uint64_t *masks, const pii_byte_set *first, uint64_t *first_masks,
                             const pii_byte_set *second, uint64_t *second_masks) {
    if (from >= to) return;
    const vector_set starts_set = load_set(start);
    const vector_set blocks_set = load_set(block);
    // An absent set is classified as the empty one (its masks are not written).
    static const pii_byte_set empty;
    const vector_set first_set = load_set(first ? first : &empty);
    const vector_set second_set = load_set(second ? second : &empty);
    uint64_t carry = from > 0 && member(block, bytes[from - 1]);  // is the byte before blocking?
    uint8_t tail[64];
    size_t w = 0;
    for (size_t p = from; p < to; p += 64, w++) {
        const uint8_t *data = block64(bytes + p, to - p, tail);
        classified_bytes low = prepare32(_mm256_loadu_si256((const __m256i *)data), starts_set.bits);
        classified_bytes high = prepare32(_mm256_loadu_si256((const __m256i *)(data + 32)), starts_set.bits);
        uint64_t inside = below(to - p);
        if (first) first_masks[w] = member64(low, high, first_set) & inside;
        if (second) second_masks[w] = member64(low, high, second_set) & inside;
        if (p < cut) {
            uint64_t blocks = member64(low, high, blocks_set);
            masks[w] = member64(low, high, starts_set) & ~(blocks << 1 | carry) & below(cut - p);
            carry = blocks >> 63;
        }
    }
}

__attribute__((target("avx2")))
static void candidate_mask_pair_avx2(const uint8_t *bytes, size_t from, size_t cut, const pii_byte_set *start,
                                     const pii_byte_set *block, uint64_t *masks, const pii_byte_set *other_start,
                                     const pii_byte_set *other_block, uint64_t *other_masks) {
    if (from >= cut) return;
    const vector_set starts_set = load_set(start), blocks_set = load_set(block);
    const vector_set other_starts_set = load_set(other_start), other_blocks_set = load_set(other_block);
    uint64_t carry = from > 0 && member(block, bytes[from - 1]);
    uint64_t other_carry = from > 0 && member(other_block, bytes[from - 1]);
    uint8_t tail[64];
    size_t w = 0;
    for (size_t p = from; p < cut; p += 64, w++) {
        const uint8_t *data = block64(bytes + p, cut - p, tail);
        classified_bytes low = prepare32(_mm256_loadu_si256((const __m256i *)data), starts_set.bits);
        classified_bytes high = prepare32(_mm256_loadu_si256((const __m256i *)(data + 32)), starts_set.bits);
        uint64_t inside = below(cut - p);
        uint64_t blocks = member64(low, high, blocks_set);
        masks[w] = member64(low, high, starts_set) & ~(blocks << 1 | carry) & inside;
        carry = blocks >> 63;
        uint64_t other_blocks = member64(low, high, other_blocks_set);
        other_masks[w] = member64(low, high, other_starts_set) & ~(other_blocks << 1 | other_carry) & inside;
        other_carry = other_blocks >> 63;
    }
}

__attribute__((target("avx2")))
static inline uint64_t equal64(const uint8_t *block, uint8_t byte) {
    const __m256i target = _mm256_set1_epi8((char)byte);
    uint64_t low = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)block), target));
    uint64_t high = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(block + 32)), target));
    return low | high << 32;
}

__attribute__((target("avx2")))
static void pair_member_mask_avx2(const uint8_t *bytes, size_t from, size_t to, const pii_byte_set *set, uint8_t first,
                                  uint8_t second, uint64_t *masks) {
    if (from >= to) return;
    const vector_set members = load_set(set);
    uint64_t carry = from > 0 && bytes[from - 1] == first;  // is the byte before the window `first`?
    uint8_t tail[64];
    size_t w = 0;
    for (size_t p = from; p < to; p += 64) {
        const uint8_t *data = block64(bytes + p, to - p, tail);
        uint64_t firsts = equal64(data, first);
        uint64_t pairs = equal64(data, second) & (firsts << 1 | carry);
        masks[w++] = (classify64(data, members) | pairs) & below(to - p);
        carry = firsts >> 63;
    }
}

__attribute__((target("avx2,popcnt")))
static size_t count_members_avx2(const uint8_t *bytes, size_t count, const pii_byte_set *set) {
    const vector_set members = load_set(set);
    size_t total = 0;
    size_t p = 0;
    for (; p + 32 <= count; p += 32) {
        total += (size_t)__builtin_popcount(classify32(_mm256_loadu_si256((const __m256i *)(bytes + p)), members));
    }
    return total + pii_count_members_scalar(bytes + p, count - p, set);
}

/// Bit k set when byte k of the 32 at `block` begins a character (is not 10xxxxxx).
__attribute__((target("avx2")))
static inline uint32_t lead_mask32(const uint8_t *block) {
    // 0x80–0xBF are the signed bytes -128…-65: below -64.
    __m256i continuation = _mm256_cmpgt_epi8(_mm256_set1_epi8(-64), _mm256_loadu_si256((const __m256i *)block));
    return ~(uint32_t)_mm256_movemask_epi8(continuation);
}

__attribute__((target("avx2,popcnt")))
static size_t context_start_avx2(const uint8_t *bytes, size_t start, size_t floor, size_t width, size_t characters,
                                 size_t reach) {
    if (start <= floor + width) return floor;
    size_t near = start - width;
    size_t count = 0;
    size_t p = near;
    for (; p + 32 <= start; p += 32) count += (size_t)__builtin_popcount(lead_mask32(bytes + p));
    for (; p < start; p++) count += (size_t)is_lead(bytes[p]);
    if (count >= characters) return near;
    size_t need = characters - count;
    size_t limit = start > floor + reach ? start - reach : floor;
    size_t index = near;
    while (need > 0 && index >= limit + 32) {
        uint32_t leads = lead_mask32(bytes + index - 32);
        size_t found = (size_t)__builtin_popcount(leads);
        if (found >= need) {
            // The need-th character first byte from the block's end.
            for (size_t k = 1; k < need; k++) leads &= ~(1u << (31 - __builtin_clz(leads)));
            return index - 32 + (size_t)(31 - __builtin_clz(leads));
        }
        need -= found;
        index -= 32;
    }
    while (need > 0 && index > limit) {
        index--;
        if (is_lead(bytes[index])) need--;
    }
    while (index < near && !is_lead(bytes[index])) index++;
    return index;
}

__attribute__((target("avx2,popcnt")))
static size_t context_end_avx2(const uint8_t *bytes, size_t count, size_t end, size_t width, size_t characters,
                               size_t reach) {
    if (end + width >= count) return count;
    size_t near = end + width;
    size_t leads = 0;
    size_t p = end;
    for (; p + 32 <= near; p += 32) leads += (size_t)__builtin_popcount(lead_mask32(bytes + p));
    for (; p < near; p++) leads += (size_t)is_lead(bytes[p]);
    if (leads >= characters) return near;
    size_t need = characters - leads;
    size_t limit = end + reach < count ? end + reach : count;
    size_t index = near;
    while (index + 32 <= limit) {
        uint32_t mask = lead_mask32(bytes + index);
        size_t found = (size_t)__builtin_popcount(mask);
        if (found > need) {
            // Up to the first byte of the character after the needed ones.
            for (size_t k = 0; k < need; k++) mask &= mask - 1;
            return index + (size_t)__builtin_ctz(mask);
        }
        need -= found;
        index += 32;
    }
    while (index < limit && (need > 0 || !is_lead(bytes[index]))) {
        if (is_lead(bytes[index])) need--;
        index++;
    }
    return index;
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

#ifdef PII_HAVE_AVX2_PATH
/// The first and last bytes of the needle compared at 32 positions a step (Muła's generic SIMD
/// substring search); the candidates where both match are compared whole.
__attribute__((target("avx2")))
static ptrdiff_t find_avx2(const uint8_t *bytes, size_t from, size_t to, const uint8_t *needle, size_t length) {
    const __m256i first = _mm256_set1_epi8((char)needle[0]);
    const __m256i last = _mm256_set1_epi8((char)needle[length - 1]);
    size_t i = from;
    // 64 positions a step while no candidate turns up (most of a window).
    for (; i + length - 1 + 64 <= to; i += 64) {
        __m256i a0 = _mm256_loadu_si256((const __m256i *)(bytes + i));
        __m256i b0 = _mm256_loadu_si256((const __m256i *)(bytes + i + length - 1));
        __m256i a1 = _mm256_loadu_si256((const __m256i *)(bytes + i + 32));
        __m256i b1 = _mm256_loadu_si256((const __m256i *)(bytes + i + 32 + length - 1));
        __m256i hit0 = _mm256_and_si256(_mm256_cmpeq_epi8(a0, first), _mm256_cmpeq_epi8(b0, last));
        __m256i hit1 = _mm256_and_si256(_mm256_cmpeq_epi8(a1, first), _mm256_cmpeq_epi8(b1, last));
        if (_mm256_testz_si256(_mm256_or_si256(hit0, hit1), _mm256_or_si256(hit0, hit1))) continue;
        uint64_t mask = (uint64_t)(uint32_t)_mm256_movemask_epi8(hit0) | (uint64_t)(uint32_t)_mm256_movemask_epi8(hit1) << 32;
        while (mask != 0) {
            size_t at = i + (size_t)__builtin_ctzll(mask);
            if (memcmp(bytes + at, needle, length) == 0) return (ptrdiff_t)at;
            mask &= mask - 1;
        }
    }
    for (; i + length - 1 + 32 <= to; i += 32) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(bytes + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(bytes + i + length - 1));
        uint32_t mask = (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(a, first), _mm256_cmpeq_epi8(b, last)));
        while (mask != 0) {
            size_t at = i + (size_t)__builtin_ctz(mask);
            if (memcmp(bytes + at, needle, length) == 0) return (ptrdiff_t)at;
            mask &= mask - 1;
        }
    }
    return pii_find_scalar(bytes, i, to, needle, length);
}
#endif

ptrdiff_t pii_find(const uint8_t *bytes, size_t from, size_t to, const uint8_t *needle, size_t length) {
    if (length == 0 || from >= to || to - from < length) return -1;
#ifdef PII_HAVE_AVX2_PATH
    if (pii_simd_level() == 2) return find_avx2(bytes, from, to, needle, length);
#endif
    return pii_find_scalar(bytes, from, to, needle, length);
}

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

void pii_pair_member_mask(const uint8_t *bytes, size_t from, size_t to, const pii_byte_set *set, uint8_t first,
                          uint8_t second, uint64_t *masks) {
#ifdef PII_HAVE_AVX2_PATH
    if (pii_simd_level() == 2) {
        pair_member_mask_avx2(bytes, from, to, set, first, second, masks);
        return;
    }
#endif
    pii_pair_member_mask_scalar(bytes, from, to, set, first, second, masks);
}

void pii_start_masks(const uint8_t *bytes, size_t from, size_t cut, size_t to, const pii_byte_set *start,
                     const pii_byte_set *block, uint64_t *masks, const pii_byte_set *first, uint64_t *first_masks,
                     const pii_byte_set *second, uint64_t *second_masks) {
#ifdef PII_HAVE_AVX2_PATH
    if (pii_simd_level() == 2) {
        start_masks_avx2(bytes, from, cut, to, start, block, masks, first, first_masks, second, second_masks);
        return;
    }
#endif
    pii_start_masks_scalar(bytes, from, cut, to, start, block, masks, first, first_masks, second, second_masks);
}

void pii_candidate_mask_pair(const uint8_t *bytes, size_t from, size_t cut, const pii_byte_set *start,
                             const pii_byte_set *block, uint64_t *masks, const pii_byte_set *other_start,
                             const pii_byte_set *other_block, uint64_t *other_masks) {
#ifdef PII_HAVE_AVX2_PATH
    if (pii_simd_level() == 2) {
        candidate_mask_pair_avx2(bytes, from, cut, start, block, masks, other_start, other_block, other_masks);
        return;
    }
#endif
    pii_candidate_mask_pair_scalar(bytes, from, cut, start, block, masks, other_start, other_block, other_masks);
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

size_t pii_context_start(const uint8_t *bytes, size_t start, size_t floor, size_t width, size_t characters, size_t reach) {
#ifdef PII_HAVE_AVX2_PATH
    if (pii_simd_level() == 2) return context_start_avx2(bytes, start, floor, width, characters, reach);
#endif
    return pii_context_start_scalar(bytes, start, floor, width, characters, reach);
}

size_t pii_context_end(const uint8_t *bytes, size_t count, size_t end, size_t width, size_t characters, size_t reach) {
#ifdef PII_HAVE_AVX2_PATH
    if (pii_simd_level() == 2) return context_end_avx2(bytes, count, end, width, characters, reach);
#endif
    return pii_context_end_scalar(bytes, count, end, width, characters, reach);
}
