/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A "lying disk" SQLite VFS shim for power-loss tests.  It wraps the
 * default VFS: writes are held in memory (reads see them) until the file
 * is synced; at the crash point (the k-th write or sync through the shim)
 * it keeps a random subset of the unsynced writes of each file, drops the
 * rest, and ends the process with _exit() -- what survives is what a disk
 * with a write-back cache could hold after a power cut.
 */
#ifndef SSC_REL_LYING_VFS_H
#define SSC_REL_LYING_VFS_H

#include <stdint.h>

/* Register the shim as `name` (not the default VFS).  0 or an SQLite
 * error code. */
int lying_vfs_register(const char *name);
/* Crash at the k-th write or sync from now (0 = never); seed drives the
 * choice of surviving unsynced writes; the process exits with exit_code. */
void lying_vfs_arm(long k, unsigned seed, int exit_code);
/* Fail the k-th write or sync from now (0 = never) with an I/O error
 * (SQLITE_IOERR_WRITE / SQLITE_IOERR_FSYNC); the process goes on. */
void lying_vfs_fail(long k);
/* I/O errors injected so far. */
long lying_vfs_failed(void);
/* At a crash, write "D <dropped writes>\n" to fd first (-1: don't). */
void lying_vfs_report_fd(int fd);
/* Writes and syncs seen through the shim so far. */
long lying_vfs_ops(void);
/* Unsynced writes dropped at crash points (for the report; per process). */
long lying_vfs_dropped(void);

#endif /* SSC_REL_LYING_VFS_H */
