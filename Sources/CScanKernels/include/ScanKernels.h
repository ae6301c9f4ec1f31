#ifndef PIISCAN_SCAN_KERNELS_H
#define PIISCAN_SCAN_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// A set of byte values prepared for classification 32 bytes at a time: `bits` has bit (b & 7) of
/// byte (b >> 3) set for every member b; `low`/`high` are the same set rearranged for a
/// nibble-indexed shuffle (members below / from 0x80: entry [b & 15] has bit ((b >> 4) & 7)).
typedef struct {
    uint8_t bits[32];
    uint8_t low[16];
    uint8_t high[16];
} pii_byte_set;

/// Fills `set` from a 32-byte bitmap (bit b & 7 of byte b >> 3 for each member b).
void pii_byte_set_prepare(pii_byte_set *set, const uint8_t bitmap[32]);

/// Which implementation the kernels use: 2 = AVX2, 0 = portable scalar code (also when the
/// environment sets PIISCAN_NO_SIMD=1).
int pii_simd_level(void);

/// Marks the positions p in [from, cut) of `bytes` whose byte is in `start` and whose previous
/// byte (p > 0) is not in `block`: bit k of `masks[w]` stands for position from + 64 w + k.
/// Writes (cut - from + 63) / 64 words; bits at or past `cut` are 0. Reads bytes[from - 1]
/// when from > 0, and nothing at or past `cut`.
void pii_candidate_mask(const uint8_t *bytes, size_t from, size_t cut,
                        const pii_byte_set *start, const pii_byte_set *block, uint64_t *masks);

/// The same with the portable scalar code, whatever the CPU (for equivalence tests).
void pii_candidate_mask_scalar(const uint8_t *bytes, size_t from, size_t cut,
                               const pii_byte_set *start, const pii_byte_set *block, uint64_t *masks);

/// The start pass's marks of one chunk in one pass over its bytes: the candidate marks of
/// [from, cut) as `pii_candidate_mask` writes them into `masks`, and, for each of `first` and
/// `second` that is not NULL, the member marks of [from, to) as `pii_member_mask` writes them
/// into `first_masks` / `second_masks`. Requires cut <= to. Each byte is loaded and split into
/// nibbles once for the four sets (the three separate passes did it for each: a sixth fewer
/// instructions in all, and one call instead of three per chunk).
/// Reads bytes[from - 1] when from > 0, and nothing at or past `to`.
void pii_start_masks(const uint8_t *bytes, size_t from, size_t cut, size_t to, const pii_byte_set *start,
                     const pii_byte_set *block, uint64_t *masks, const pii_byte_set *first, uint64_t *first_masks,
                     const pii_byte_set *second, uint64_t *second_masks);

/// The same with the portable scalar code, whatever the CPU (for equivalence tests).
void pii_start_masks_scalar(const uint8_t *bytes, size_t from, size_t cut, size_t to, const pii_byte_set *start,
                            const pii_byte_set *block, uint64_t *masks, const pii_byte_set *first, uint64_t *first_masks,
                            const pii_byte_set *second, uint64_t *second_masks);

/// Two candidate marks of the same bytes in one pass: `pii_candidate_mask` with `start` and
/// `block` into `masks`, and with `other_start` and `other_block` into `other_masks` (the
/// scanner's two sets of literal marks over a window: each byte is loaded and split once).
void pii_candidate_mask_pair(const uint8_t *bytes, size_t from, size_t cut, const pii_byte_set *start,
                             const pii_byte_set *block, uint64_t *masks, const pii_byte_set *other_start,
                             const pii_byte_set *other_block, uint64_t *other_masks);

/// The same with the portable scalar code, whatever the CPU (for equivalence tests).
void pii_candidate_mask_pair_scalar(const uint8_t *bytes, size_t from, size_t cut, const pii_byte_set *start,
                                    const pii_byte_set *block, uint64_t *masks, const pii_byte_set *other_start,
                                    const pii_byte_set *other_block, uint64_t *other_masks);

/// Marks the positions p in [from, to) of `bytes` whose byte is in `set`: bit k of `masks[w]`
/// stands for position from + 64 w + k. Writes (to - from + 63) / 64 words; bits at or past
/// `to` are 0. Reads nothing outside [from, to).
void pii_member_mask(const uint8_t *bytes, size_t from, size_t to, const pii_byte_set *set, uint64_t *masks);

/// The same with the portable scalar code, whatever the CPU (for equivalence tests).
void pii_member_mask_scalar(const uint8_t *bytes, size_t from, size_t to, const pii_byte_set *set, uint64_t *masks);

/// The same, and also the positions p whose byte is `second` right after a `first` (the byte
/// before `from` included when from > 0): `":` (a JSON key's end) without every `:` of a
/// timestamp. Reads bytes[from - 1] when from > 0, and nothing at or past `to`.
void pii_pair_member_mask(const uint8_t *bytes, size_t from, size_t to, const pii_byte_set *set, uint8_t first,
                          uint8_t second, uint64_t *masks);

/// The same with the portable scalar code, whatever the CPU (for equivalence tests).
void pii_pair_member_mask_scalar(const uint8_t *bytes, size_t from, size_t to, const pii_byte_set *set, uint8_t first,
                                 uint8_t second, uint64_t *masks);

/// The index of the last line break in bytes[from..<to], or -1 (glibc's vectorised `memrchr`,
/// which Swift's Glibc module does not export).
ptrdiff_t pii_last_newline(const uint8_t *bytes, size_t from, size_t to);

/// The index of the first occurrence of `needle` (`length` bytes) in `bytes[from, to)`, or -1:
/// first and last bytes compared 32 positions at a time (glibc's `memmem` costs several
/// instructions a byte); `pii_find_scalar` is the reference.
ptrdiff_t pii_find(const uint8_t *bytes, size_t from, size_t to, const uint8_t *needle, size_t length);
ptrdiff_t pii_find_scalar(const uint8_t *bytes, size_t from, size_t to, const uint8_t *needle, size_t length);

/// The number of bytes of bytes[0..<count] that are in `set`.
size_t pii_count_members(const uint8_t *bytes, size_t count, const pii_byte_set *set);

/// The same with the portable scalar code, whatever the CPU (for equivalence tests).
size_t pii_count_members_scalar(const uint8_t *bytes, size_t count, const pii_byte_set *set);

/// Where a value's context before `start` begins: `width` bytes back, or — where those hold fewer
/// than `characters` UTF-8 characters (Hangul takes three bytes) — the first byte of the
/// `characters`-th character back, at most `reach` bytes back; never before `floor` (the line's
/// start), and never inside a character when it goes past `width`.
size_t pii_context_start(const uint8_t *bytes, size_t start, size_t floor, size_t width, size_t characters, size_t reach);

/// The same with the portable scalar code, whatever the CPU (for equivalence tests).
size_t pii_context_start_scalar(const uint8_t *bytes, size_t start, size_t floor, size_t width, size_t characters,
                                size_t reach);

/// Where a value's context after `end` ends, as `pii_context_start` forwards (with the rest of
/// the last character, within `reach`), at most `count`. Not clipped to the line.
size_t pii_context_end(const uint8_t *bytes, size_t count, size_t end, size_t width, size_t characters, size_t reach);

/// The same with the portable scalar code, whatever the CPU (for equivalence tests).
size_t pii_context_end_scalar(const uint8_t *bytes, size_t count, size_t end, size_t width, size_t characters,
                              size_t reach);

#endif
