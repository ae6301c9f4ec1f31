#ifndef PIISCAN_CCRYPTO_SHIM_H
#define PIISCAN_CCRYPTO_SHIM_H
/* OpenSSL's libcrypto, for SHA-256 only. The keyed fingerprints copy SHA-256 states that have
   absorbed the HMAC key's pad blocks (a `SHA256_CTX` is a plain struct: a copy is a memcpy),
   which only the low-level SHA256_Init/Update/Final API allows without an allocation per copy
   (EVP_MD_CTX_copy_ex duplicates the provider context on the heap). That API is deprecated
   since OpenSSL 3.0 but kept through 3.x; this keeps its deprecation attributes out of Swift. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

/* SHA-256 of `count` bytes into `digest` (32 bytes). Not OpenSSL's one-shot SHA256(): in
   OpenSSL 3 it goes through the EVP layer, whose first use loads the default provider (1.5 ms
   of every run's start-up). */
static inline void piiscan_sha256(const void *bytes, size_t count, unsigned char *digest) {
    SHA256_CTX state;
    SHA256_Init(&state);
    SHA256_Update(&state, bytes, count);
    SHA256_Final(digest, &state);
}
#endif
