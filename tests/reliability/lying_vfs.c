/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The lying-disk SQLite VFS shim (see lying_vfs.h).  Every file the shim
 * opens keeps a list of unsynced writes; xRead overlays them on what the
 * real file holds, xFileSize counts them, xSync (and xTruncate) write them
 * through in order.  Memory mapping is refused so that every read goes
 * through xRead.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "lying_vfs.h"

struct pending {
	sqlite3_int64 off;
	int len;
	unsigned char *data;
};

struct lfile {
	sqlite3_file base;
	sqlite3_file *real; /* follows this struct in the same block */
	struct pending *w;
	size_t n, cap;
	struct lfile *next;
};

static sqlite3_vfs lvfs;
static sqlite3_vfs *real_vfs;
static struct lfile *open_files;
static long ops, crash_at, dropped;
static unsigned crash_seed;
static int crash_code;
static int report_fd = -1;
static long fail_at, failed;

void
lying_vfs_fail(long k)
{
	fail_at = k ? ops + k : 0;
}

long
lying_vfs_failed(void)
{
	return failed;
}

/* True when this operation is the one to fail. */
static bool
fail_now(void)
{
	if (fail_at && ops == fail_at) {
		failed++;
		return true;
	}
	return false;
}

void
lying_vfs_report_fd(int fd)
{
	report_fd = fd;
}

void
lying_vfs_arm(long k, unsigned seed, int exit_code)
{
	crash_at = k ? ops + k : 0;
	crash_seed = seed;
	crash_code = exit_code;
}

long
lying_vfs_ops(void)
{
	return ops;
}

long
lying_vfs_dropped(void)
{
	return dropped;
}

static int
flush(struct lfile *f)
{
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; i < f->n; i++) {
		if (rc == SQLITE_OK)
			rc = f->real->pMethods->xWrite(f->real, f->w[i].data,
						       f->w[i].len,
						       f->w[i].off);
		free(f->w[i].data);
	}
	f->n = 0;
	return rc;
}

/* The power cut: each file keeps a random subset of its unsynced writes
 * (whole writes: sectors are not torn), then the process ends. */
static void
crash(void)
{
	struct lfile *f;

	srand(crash_seed);
	for (f = open_files; f; f = f->next) {
		size_t i;
		for (i = 0; i < f->n; i++) {
			if (rand() & 1)
				f->real->pMethods->xWrite(f->real, f->w[i].data,
							  f->w[i].len,
							  f->w[i].off);
			else
				dropped++;
		}
	}
	if (report_fd >= 0) {
		char line[48];
		int n = snprintf(line, sizeof(line), "D %ld\n", dropped);
		if (write(report_fd, line, (size_t)n) != n)
			_exit(crash_code ? crash_code : 1);
	}
	_exit(crash_code);
}

static void
tick(void)
{
	ops++;
	if (crash_at && ops >= crash_at)
		crash();
}

static int
l_close(sqlite3_file *file)
{
	struct lfile *f = (struct lfile *)file, **pp;
	int rc;

	/* Closing does not make data durable: keep what is unsynced only as
	 * far as a later sync of the same file would have. SQLite syncs
	 * before it relies on data, so writing through here is what the OS
	 * page cache would do for a clean close. */
	flush(f);
	free(f->w);
	for (pp = &open_files; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	rc = f->real->pMethods->xClose(f->real);
	return rc;
}

static int
l_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
	struct lfile *f = (struct lfile *)file;
	sqlite3_int64 real_size = 0, end = 0;
	size_t i;
	int rc;

	rc = f->real->pMethods->xRead(f->real, buf, amt, off);
	if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
		return rc;
	f->real->pMethods->xFileSize(f->real, &real_size);
	end = real_size;
	for (i = 0; i < f->n; i++) {
		struct pending *p = &f->w[i];
		sqlite3_int64 a = p->off > off ? p->off : off;
		sqlite3_int64 b = p->off + p->len < off + amt ? p->off + p->len
							      : off + amt;
		if (p->off + p->len > end)
			end = p->off + p->len;
		if (a < b)
			memcpy((unsigned char *)buf + (a - off),
			       p->data + (a - p->off), (size_t)(b - a));
	}
	if (off + amt > end) {
		if (end > off)
			memset((unsigned char *)buf + (end - off), 0,
			       (size_t)(off + amt - end));
		else
			memset(buf, 0, (size_t)amt);
		return SQLITE_IOERR_SHORT_READ;
	}
	return SQLITE_OK;
}

static int
l_write(sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off)
{
	struct lfile *f = (struct lfile *)file;
	struct pending *p;

	tick();
	if (fail_now())
		return SQLITE_IOERR_WRITE;
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 16;
		struct pending *w = realloc(f->w, cap * sizeof(*w));
		if (!w)
			return SQLITE_NOMEM;
		f->w = w;
		f->cap = cap;
	}
	p = &f->w[f->n];
	p->data = malloc((size_t)amt);
	if (!p->data)
		return SQLITE_NOMEM;
	memcpy(p->data, buf, (size_t)amt);
	p->off = off;
	p->len = amt;
	f->n++;
	return SQLITE_OK;
}

static int
l_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct lfile *f = (struct lfile *)file;
	int rc;

	tick();
	if ((rc = flush(f)) != SQLITE_OK)
		return rc;
	return f->real->pMethods->xTruncate(f->real, size);
}

static int
l_sync(sqlite3_file *file, int flags)
{
	struct lfile *f = (struct lfile *)file;
	int rc;

	tick();
	if (fail_now())
		return SQLITE_IOERR_FSYNC; /* the unsynced writes stay pending */
	if ((rc = flush(f)) != SQLITE_OK)
		return rc;
	return f->real->pMethods->xSync(f->real, flags);
}

static int
l_size(sqlite3_file *file, sqlite3_int64 *out)
{
	struct lfile *f = (struct lfile *)file;
	size_t i;
	int rc = f->real->pMethods->xFileSize(f->real, out);

	if (rc != SQLITE_OK)
		return rc;
	for (i = 0; i < f->n; i++)
		if (f->w[i].off + f->w[i].len > *out)
			*out = f->w[i].off + f->w[i].len;
	return SQLITE_OK;
}

#define REAL(file) (((struct lfile *)(file))->real)

static int
l_lock(sqlite3_file *file, int l)
{
	return REAL(file)->pMethods->xLock(REAL(file), l);
}

static int
l_unlock(sqlite3_file *file, int l)
{
	return REAL(file)->pMethods->xUnlock(REAL(file), l);
}

static int
l_reserved(sqlite3_file *file, int *out)
{
	return REAL(file)->pMethods->xCheckReservedLock(REAL(file), out);
}

static int
l_fcntl(sqlite3_file *file, int op, void *arg)
{
	/* No memory mapping: reads must see unsynced writes. */
	if (op == SQLITE_FCNTL_MMAP_SIZE) {
		if (arg)
			*(sqlite3_int64 *)arg = 0;
		return SQLITE_OK;
	}
	return REAL(file)->pMethods->xFileControl(REAL(file), op, arg);
}

static int
l_sector(sqlite3_file *file)
{
	return REAL(file)->pMethods->xSectorSize(REAL(file));
}

static int
l_devchar(sqlite3_file *file)
{
	return REAL(file)->pMethods->xDeviceCharacteristics(REAL(file));
}

static int
l_shm_map(sqlite3_file *file, int pg, int pgsz, int extend,
	  void volatile **pp)
{
	return REAL(file)->pMethods->xShmMap(REAL(file), pg, pgsz, extend, pp);
}

static int
l_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	return REAL(file)->pMethods->xShmLock(REAL(file), offset, n, flags);
}

static void
l_shm_barrier(sqlite3_file *file)
{
	REAL(file)->pMethods->xShmBarrier(REAL(file));
}

static int
l_shm_unmap(sqlite3_file *file, int del)
{
	return REAL(file)->pMethods->xShmUnmap(REAL(file), del);
}

static int
l_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **pp)
{
	(void)file;
	(void)off;
	(void)amt;
	*pp = NULL;
	return SQLITE_OK;
}

static int
l_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
	(void)file;
	(void)off;
	(void)p;
	return SQLITE_OK;
}

static const sqlite3_io_methods lmethods = {
	3,         l_close,       l_read,   l_write,    l_truncate,
	l_sync,    l_size,        l_lock,   l_unlock,   l_reserved,
	l_fcntl,   l_sector,      l_devchar, l_shm_map, l_shm_lock,
	l_shm_barrier, l_shm_unmap, l_fetch, l_unfetch
};

static int
l_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
       int *out_flags)
{
	struct lfile *f = (struct lfile *)file;
	int rc;

	(void)vfs;
	memset(f, 0, sizeof(*f));
	f->real = (sqlite3_file *)(f + 1);
	rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK) {
		f->base.pMethods = NULL;
		return rc;
	}
	if (!f->real->pMethods) {
		f->base.pMethods = NULL;
		return SQLITE_CANTOPEN;
	}
	f->base.pMethods = &lmethods;
	f->next = open_files;
	open_files = f;
	return SQLITE_OK;
}

static int
l_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	tick();
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int
l_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int
l_fullpath(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static void *
l_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return real_vfs->xDlOpen(real_vfs, name);
}

static void
l_dlerror(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	real_vfs->xDlError(real_vfs, n, out);
}

static void (*l_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return real_vfs->xDlSym(real_vfs, h, sym);
}

static void
l_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	real_vfs->xDlClose(real_vfs, h);
}

static int
l_random(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int
l_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return real_vfs->xSleep(real_vfs, us);
}

static int
l_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return real_vfs->xCurrentTime(real_vfs, out);
}

static int
l_lasterr(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xGetLastError(real_vfs, n, out);
}

static int
l_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

int
lying_vfs_register(const char *name)
{
	if (real_vfs)
		return SQLITE_OK;
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs)
		return SQLITE_ERROR;
	memset(&lvfs, 0, sizeof(lvfs));
	lvfs.iVersion = 2;
	lvfs.szOsFile = (int)sizeof(struct lfile) + real_vfs->szOsFile;
	lvfs.mxPathname = real_vfs->mxPathname;
	lvfs.zName = name;
	lvfs.xOpen = l_open;
	lvfs.xDelete = l_delete;
	lvfs.xAccess = l_access;
	lvfs.xFullPathname = l_fullpath;
	lvfs.xDlOpen = l_dlopen;
	lvfs.xDlError = l_dlerror;
	lvfs.xDlSym = l_dlsym;
	lvfs.xDlClose = l_dlclose;
	lvfs.xRandomness = l_random;
	lvfs.xSleep = l_sleep;
	lvfs.xCurrentTime = l_time;
	lvfs.xGetLastError = l_lasterr;
	lvfs.xCurrentTimeInt64 = l_time64;
	return sqlite3_vfs_register(&lvfs, 0);
}
