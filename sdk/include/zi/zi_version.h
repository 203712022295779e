/*
 * zi_version.h — compile-time version of libzi.
 *
 * The major version is the SONAME (libzi.so.<major>); it changes only when the ABI breaks.
 * The minor version grows when functions, status codes or struct members are appended.
 * sdk/sdk.mk reads ZI_VERSION_STRING from this file: it is the one place the version lives.
 */
#ifndef ZI_VERSION_H
#define ZI_VERSION_H

#define ZI_VERSION_MAJOR 0
#define ZI_VERSION_MINOR 5
#define ZI_VERSION_PATCH 0
#define ZI_VERSION_STRING "0.5.0"

/* 0xMMmmpp: one byte each for major, minor and patch, like LIBCURL_VERSION_NUM. */
#define ZI_VERSION_NUM ((ZI_VERSION_MAJOR << 16) | (ZI_VERSION_MINOR << 8) | ZI_VERSION_PATCH)

/* True when the header is at least version maj.min.patch:
 *     #if ZI_AT_LEAST_VERSION(0, 2, 0) ... use something 0.2 added ... #endif */
#define ZI_AT_LEAST_VERSION(maj, min, patch) \
    (ZI_VERSION_NUM >= (((maj) << 16) | ((min) << 8) | (patch)))

#endif
