#ifndef PIISCAN_CZLIB_SHIM_H
#define PIISCAN_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 is a macro; expose a function Swift can call. */
static inline int piiscan_inflate_init2(z_streamp strm, int window_bits) {
    return inflateInit2(strm, window_bits);
}
#endif
