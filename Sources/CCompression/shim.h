#ifndef PIISCAN_CCOMPRESSION_SHIM_H
#define PIISCAN_CCOMPRESSION_SHIM_H
/* bzip2, xz/LZMA and zstd decoders (libbz2-dev, liblzma-dev, libzstd-dev): compressed logs
   and archives other than gzip, and ZIP members compressed by these methods; zstd and
   Brotli (libbrotli-dev) for Parquet pages. */
#include <bzlib.h>
#include <lzma.h>
#include <zstd.h>
#include <brotli/decode.h>
#endif
