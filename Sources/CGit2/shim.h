#ifndef LADDER_CGIT2_SHIM_H
#define LADDER_CGIT2_SHIM_H
#include <git2.h>
#endif
