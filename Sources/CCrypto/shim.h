#ifndef PIISCAN_CCRYPTO_SHIM_H
#define PIISCAN_CCRYPTO_SHIM_H
/* OpenSSL's libcrypto, for SHA-256 only. The keyed fingerprints copy SHA-256 states that have
   absorbed the HMAC key's pad blocks (a `SHA256_CTX` is a plain struct: a copy is a memcpy),
   which only the low-level SHA256_Init/Update/Final API allows without an allocation per copy
   (EVP_MD_CTX_copy_ex duplicates the provider context on the heap). That API is deprecated
   since OpenSSL 3.0 but kept through 3.x; this keeps its deprecation attributes out of Swift. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#endif
