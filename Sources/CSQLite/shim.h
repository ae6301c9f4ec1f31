#ifndef PIISCAN_CSQLITE_SHIM_H
#define PIISCAN_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
